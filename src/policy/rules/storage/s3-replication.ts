// Buckets replicate their objects to another bucket (another Region), so losing one bucket or Region loses no data.
import type { PolicyRule } from '../../rule';
import { blocks, isExpression, resourcesConfiguring } from '../values';

/** `Enabled`, or an expression checkov gives the benefit of the doubt to. */
function enabled(status: unknown): boolean {
  return status === 'Enabled' || isExpression(status);
}

export const s3Replication: PolicyRule = {
  id: 'S3-REPLICATION',
  title: 'S3 buckets have an aws_s3_bucket_replication_configuration with an enabled rule',
  publicIds: { checkov: ['CKV_AWS_144'], fsbp: ['S3.7'] },
  appliesTo: ['aws_s3_bucket'],
  check(resource, { env }) {
    const inline = blocks(resource.config.replication_configuration).flatMap((c) => blocks(c.rules)); // deprecated inline block
    if (inline.some((rule) => enabled(rule.status))) return undefined;
    const configurations = resourcesConfiguring(env, resource, ['aws_s3_bucket_replication_configuration'], 'bucket');
    if (configurations.some((c) => blocks(c.config.rule).some((rule) => enabled(rule.status)))) return undefined;
    const found =
      configurations.length === 0
        ? 'has no aws_s3_bucket_replication_configuration'
        : 'has a replication configuration with no enabled rule';
    return `${found}, so its objects exist in one bucket and Region only. Fix: add an aws_s3_bucket_replication_configuration with bucket = ${resource.address}.id, a role, and a rule { status = "Enabled", destination { bucket = <versioned bucket in another Region>.arn } } (versioning must be enabled on both).`;
  },
};
