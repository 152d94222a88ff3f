// The database publishes its logs to CloudWatch Logs, where they are kept and searchable outside the instance.
import type { PolicyRule } from '../../rule';
import { databaseEngineFamily, isExpression } from '../values';

/** What to export, per engine, for the fix. */
const SUGGESTED: Record<string, string> = {
  mysql: '["audit", "error", "general", "slowquery"]',
  mariadb: '["audit", "error", "general", "slowquery"]',
  postgres: '["postgresql", "upgrade"]',
  oracle: '["alert", "audit", "listener", "trace"]',
  sqlserver: '["agent", "error"]',
};

export const databaseLogExports: PolicyRule = {
  id: 'RDS-LOG-EXPORTS',
  title: 'RDS instances export logs to CloudWatch Logs (enabled_cloudwatch_logs_exports not empty)',
  publicIds: { checkov: ['CKV_AWS_129'], fsbp: ['RDS.9'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    const exports = resource.config.enabled_cloudwatch_logs_exports;
    if (Array.isArray(exports) && exports.length > 0) return undefined;
    if (typeof exports === 'string' && isExpression(exports)) return undefined;
    const logs = SUGGESTED[databaseEngineFamily(resource.config.engine) ?? ''] ?? "[<the engine's log types>]";
    return `keeps its logs on the instance only, where they rotate away and die with it (enabled_cloudwatch_logs_exports is empty). Fix: set enabled_cloudwatch_logs_exports = ${logs}.`;
  },
};
