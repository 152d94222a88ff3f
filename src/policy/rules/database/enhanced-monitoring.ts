// Enhanced Monitoring reports the database host's OS metrics (CPU, memory, I/O per process) every few seconds.
import { ENHANCED_MONITORING_INTERVALS } from '../../../config/aws-rules';
import type { PolicyRule } from '../../rule';
import { asNumber } from '../values';

const INTERVALS: readonly number[] = ENHANCED_MONITORING_INTERVALS;

export const databaseEnhancedMonitoring: PolicyRule = {
  id: 'RDS-ENHANCED-MONITORING',
  title: 'RDS instances have Enhanced Monitoring on (monitoring_interval > 0 with a monitoring_role_arn)',
  publicIds: { checkov: ['CKV_AWS_118'], fsbp: ['RDS.6'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    const interval = asNumber(resource.config.monitoring_interval);
    const role = resource.config.monitoring_role_arn;
    const hasRole = typeof role === 'string' && role.trim() !== '';
    if (interval !== undefined && INTERVALS.includes(interval) && hasRole) return undefined;
    const what =
      interval === undefined || interval === 0
        ? 'monitoring_interval is 0 or not set'
        : !INTERVALS.includes(interval)
          ? `monitoring_interval = ${interval} is not one of ${INTERVALS.join(', ')}`
          : 'monitoring_role_arn is not set';
    return `has no Enhanced Monitoring of its host (${what}). Fix: set monitoring_interval = 60 (or 1, 5, 10, 15, 30) and monitoring_role_arn to a role monitoring.rds.amazonaws.com can assume, with AmazonRDSEnhancedMonitoringRole attached.`;
  },
};
