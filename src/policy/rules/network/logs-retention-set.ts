// CloudWatch log groups expire their entries: retention_in_days is set to a number of days.
import type { PolicyRule } from '../../rule';
import { asNumber, isExpression } from '../values';

/** Whether a log group's retention_in_days is set to a positive number of days (or an expression). */
export function setsRetention(config: Readonly<Record<string, unknown>>): boolean {
  const days = config.retention_in_days;
  if (isExpression(days)) return true;
  const value = asNumber(days);
  return value !== undefined && value > 0;
}

export const logsRetentionSet: PolicyRule = {
  id: 'LOGS-RETENTION-SET',
  title: 'CloudWatch log groups set retention_in_days (> 0), so entries expire',
  publicIds: { checkov: ['CKV_AWS_66'] },
  appliesTo: ['aws_cloudwatch_log_group'],
  check(resource) {
    if (setsRetention(resource.config)) return undefined;
    return 'keeps its entries forever (retention_in_days is not set, or 0). Fix: set retention_in_days to the days the logs are needed, e.g. 365.';
  },
};
