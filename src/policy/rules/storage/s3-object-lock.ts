// Buckets have S3 Object Lock, so object versions cannot be deleted or overwritten before their retention ends.
import type { PolicyRule } from '../../rule';
import { block, isTrue, resourcesConfiguring } from '../values';

export const s3ObjectLock: PolicyRule = {
  id: 'S3-OBJECT-LOCK',
  title: 'S3 buckets have Object Lock (object_lock_enabled = true, or an aws_s3_bucket_object_lock_configuration)',
  publicIds: { fsbp: ['S3.15'] },
  appliesTo: ['aws_s3_bucket'],
  check(resource, { env }) {
    if (isTrue(resource.config.object_lock_enabled)) return undefined;
    if (block(resource.config.object_lock_configuration)?.object_lock_enabled === 'Enabled') return undefined; // deprecated inline
    const configurations = resourcesConfiguring(env, resource, ['aws_s3_bucket_object_lock_configuration'], 'bucket');
    if (configurations.some((c) => (c.config.object_lock_enabled ?? 'Enabled') === 'Enabled')) return undefined;
    return `has no Object Lock, so a principal allowed to delete versions can erase its history. Fix: set object_lock_enabled = true on ${resource.address} (replaces an existing bucket), or add an aws_s3_bucket_object_lock_configuration with bucket = ${resource.address}.id and rule { default_retention { mode = "GOVERNANCE", days = ... } } (needs versioning enabled).`;
  },
};
