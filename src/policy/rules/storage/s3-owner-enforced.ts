// Buckets disable ACLs (object ownership "BucketOwnerEnforced"), so only IAM and bucket policies grant access.
import type { PolicyRule } from '../../rule';
import { block, resourcesConfiguring } from '../values';

export const s3OwnerEnforced: PolicyRule = {
  id: 'S3-OWNER-ENFORCED',
  title: 'S3 buckets disable ACLs: aws_s3_bucket_ownership_controls with object_ownership "BucketOwnerEnforced"',
  publicIds: { checkov: ['CKV2_AWS_65'], fsbp: ['S3.12'] },
  appliesTo: ['aws_s3_bucket'],
  check(resource, { env }) {
    const controls = resourcesConfiguring(env, resource, ['aws_s3_bucket_ownership_controls'], 'bucket');
    const ownerships = controls.map((c) => block(c.config.rule)?.object_ownership);
    if (ownerships.includes('BucketOwnerEnforced')) return undefined;
    const found =
      controls.length === 0
        ? 'has no aws_s3_bucket_ownership_controls, so ACLs stay usable'
        : `has object_ownership ${ownerships.map((o) => `"${String(o)}"`).join(', ')}, so ACLs still grant access`;
    return `${found}. Fix: add an aws_s3_bucket_ownership_controls with bucket = ${resource.address}.id and rule { object_ownership = "BucketOwnerEnforced" }.`;
  },
};
