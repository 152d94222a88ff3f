// Snapshots carry the instance's tags, so ownership, cost and data classification follow the data.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const databaseCopyTags: PolicyRule = {
  id: 'RDS-COPY-TAGS',
  title: 'RDS instances copy their tags to snapshots (copy_tags_to_snapshot = true)',
  publicIds: { checkov: ['CKV2_AWS_60'], fsbp: ['RDS.17'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    if (isTrue(resource.config.copy_tags_to_snapshot)) return undefined;
    return 'takes snapshots without its tags, which then escape tag-based access control, cost allocation and clean-up (copy_tags_to_snapshot is not true). Fix: set copy_tags_to_snapshot = true.';
  },
};
