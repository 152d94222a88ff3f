// Databases cannot be deleted by accident: RDS refuses until deletion protection is turned off.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const databaseDeletionProtection: PolicyRule = {
  id: 'RDS-DELETION-PROTECTION',
  title: 'RDS instances have deletion protection enabled (deletion_protection = true)',
  publicIds: { checkov: ['CKV_AWS_293'], cdkNag: ['AwsSolutions-RDS10', 'AwsSolutions-RDS15'], fsbp: ['RDS.8'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    if (isTrue(resource.config.deletion_protection)) return undefined;
    return 'can be deleted by a single API call or a stray destroy (deletion_protection is not true). Fix: set deletion_protection = true.';
  },
};
