// Automated backups are kept for at least a week, enough to notice a problem and restore to a point in time.
import type { PolicyRule } from '../../rule';
import { asNumber } from '../values';

const MINIMUM_DAYS = 7;

export const databaseBackups: PolicyRule = {
  id: 'RDS-BACKUPS',
  title: `RDS instances keep automated backups for at least ${MINIMUM_DAYS} days (backup_retention_period >= ${MINIMUM_DAYS})`,
  publicIds: { checkov: ['CKV_AWS_133'], cdkNag: ['AwsSolutions-RDS13'], fsbp: ['RDS.11'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    // Read replicas are restored through their source; Security Hub leaves them out as well.
    if (resource.config.replicate_source_db !== undefined) return undefined;
    const days = asNumber(resource.config.backup_retention_period);
    if (days !== undefined && days >= MINIMUM_DAYS) return undefined;
    const current =
      days === undefined
        ? 'backup_retention_period is not set, so RDS keeps 1 day'
        : `backup_retention_period = ${days}`;
    return `keeps automated backups for less than ${MINIMUM_DAYS} days (${current}). Fix: set backup_retention_period = ${MINIMUM_DAYS} or more (up to 35).`;
  },
};
