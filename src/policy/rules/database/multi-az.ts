// Databases run a synchronous standby in a second Availability Zone and fail over to it automatically.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const databaseMultiAz: PolicyRule = {
  id: 'RDS-MULTI-AZ',
  title: 'RDS instances are Multi-AZ (multi_az = true)',
  publicIds: { checkov: ['CKV_AWS_157'], cdkNag: ['AwsSolutions-RDS3'], fsbp: ['RDS.5'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    if (isTrue(resource.config.multi_az)) return undefined;
    return 'runs in a single Availability Zone, so a zone outage or a host failure stops the database (multi_az is not true). Fix: set multi_az = true.';
  },
};
