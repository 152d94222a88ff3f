// Buckets have a lifecycle configuration whose enabled rule aborts incomplete multipart uploads across the bucket.
import type { PolicyRule } from '../../rule';
import { block, blocks, resourcesConfiguring } from '../values';

/** Whether a value narrows a lifecycle rule (a non-empty prefix, a size bound, a tag), as checkov's CKV_AWS_300 reads it. */
function narrows(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(narrows);
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Whether a rule's filter leaves it applying to every object of the bucket. */
function appliesToWholeBucket(rule: Record<string, unknown>): boolean {
  if (narrows(rule.prefix)) return false;
  return blocks(rule.filter).every((filter) => {
    const scope = block(filter.and) ?? filter;
    return !['prefix', 'object_size_greater_than', 'object_size_less_than', 'tag', 'tags'].some((key) =>
      narrows(scope[key]),
    );
  });
}

export const s3Lifecycle: PolicyRule = {
  id: 'S3-LIFECYCLE',
  title:
    'S3 buckets have a lifecycle configuration with an enabled, bucket-wide rule aborting incomplete multipart uploads',
  publicIds: { checkov: ['CKV2_AWS_61', 'CKV_AWS_300'], fsbp: ['S3.13'] },
  appliesTo: ['aws_s3_bucket'],
  check(resource, { env }) {
    const configurations = resourcesConfiguring(env, resource, ['aws_s3_bucket_lifecycle_configuration'], 'bucket');
    const aborts = configurations.some((c) =>
      blocks(c.config.rule).some(
        (rule) =>
          rule.status === 'Enabled' &&
          block(rule.abort_incomplete_multipart_upload)?.days_after_initiation !== undefined &&
          appliesToWholeBucket(rule),
      ),
    );
    if (aborts) return undefined;
    const fix = `Fix: add to an aws_s3_bucket_lifecycle_configuration with bucket = ${resource.address}.id a rule { status = "Enabled", filter {}, abort_incomplete_multipart_upload { days_after_initiation = 7 } }.`;
    if (configurations.length === 0)
      return `has no aws_s3_bucket_lifecycle_configuration, so nothing expires and failed uploads are kept (and billed). ${fix}`;
    return `has a lifecycle configuration but no enabled, bucket-wide rule aborting incomplete multipart uploads, so their parts are kept (and billed). ${fix}`;
  },
};
