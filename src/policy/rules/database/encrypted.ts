// Database storage, its automated backups, snapshots and read replicas are encrypted at rest.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const databaseEncrypted: PolicyRule = {
  id: 'RDS-ENCRYPTED',
  title: 'RDS instances encrypt their storage (storage_encrypted = true)',
  publicIds: { checkov: ['CKV_AWS_16'], cdkNag: ['AwsSolutions-RDS2'], fsbp: ['RDS.3'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    if (isTrue(resource.config.storage_encrypted)) return undefined;
    return 'keeps its data, backups and snapshots unencrypted at rest (storage_encrypted is not true). Fix: set storage_encrypted = true (optionally kms_key_id); an existing instance is replaced, so restore it from an encrypted snapshot copy.';
  },
};
