// Buckets keep every version of every object, so an overwritten or deleted object (a state file) can be restored.
import type { PolicyRule } from '../../rule';
import { block, isTrue, resourcesConfiguring } from '../values';

export const s3Versioning: PolicyRule = {
  id: 'S3-VERSIONING',
  title: 'S3 buckets have versioning enabled (aws_s3_bucket_versioning status "Enabled")',
  publicIds: { checkov: ['CKV_AWS_21'], fsbp: ['S3.14'] },
  appliesTo: ['aws_s3_bucket'],
  check(resource, { env }) {
    if (isTrue(block(resource.config.versioning)?.enabled)) return undefined; // the deprecated inline block
    const configurations = resourcesConfiguring(env, resource, ['aws_s3_bucket_versioning'], 'bucket');
    const statuses = configurations.map((c) => block(c.config.versioning_configuration)?.status);
    if (statuses.includes('Enabled')) return undefined;
    const found =
      configurations.length === 0
        ? 'has no aws_s3_bucket_versioning'
        : `has versioning status ${statuses.map((s) => `"${String(s)}"`).join(', ')}`;
    return `${found}, so an overwritten or deleted object cannot be restored. Fix: add an aws_s3_bucket_versioning with bucket = ${resource.address}.id and versioning_configuration { status = "Enabled" }.`;
  },
};
