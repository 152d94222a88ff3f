// The default encryption algorithms a bucket declares, in its separate configuration resource or the old inline block.
import type { EnvironmentJson, ResourceView } from '../../terraform-json';
import { block, blocks, resourcesConfiguring } from '../values';

/** The `sse_algorithm` values of the bucket's default encryption rules, and whether any configuration exists. */
export function defaultEncryption(
  env: EnvironmentJson,
  bucket: ResourceView,
): { configured: boolean; algorithms: unknown[] } {
  const configurations = [
    ...resourcesConfiguring(env, bucket, ['aws_s3_bucket_server_side_encryption_configuration'], 'bucket').map(
      (c) => c.config,
    ),
    ...blocks(bucket.config.server_side_encryption_configuration), // the deprecated inline block
  ];
  const algorithms = configurations.flatMap((c) =>
    blocks(c.rule).map((rule) => block(rule.apply_server_side_encryption_by_default)?.sse_algorithm),
  );
  return { configured: configurations.length > 0, algorithms };
}
