// CloudWatch log groups keep their entries for at least a year, long enough for an investigation or audit.
import type { PolicyRule } from '../../rule';
import { asNumber, isExpression } from '../values';

export const logsRetentionOneYear: PolicyRule = {
  id: 'LOGS-RETENTION-1-YEAR',
  title: 'CloudWatch log groups keep entries for at least 365 days (retention_in_days >= 365, or 0 = never expire)',
  publicIds: { checkov: ['CKV_AWS_338'] },
  appliesTo: ['aws_cloudwatch_log_group'],
  check(resource) {
    const days = resource.config.retention_in_days;
    if (isExpression(days)) return undefined;
    const value = asNumber(days);
    // As checkov: 0 keeps the entries forever, which is at least a year.
    if (value !== undefined && (value === 0 || value >= 365)) return undefined;
    const now = value === undefined ? 'is not set' : `is ${value} days`;
    return `keeps entries for less than a year (retention_in_days ${now}). Fix: set retention_in_days = 365 or more.`;
  },
};
