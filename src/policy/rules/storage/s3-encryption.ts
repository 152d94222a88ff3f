// Buckets declare default server-side encryption explicitly, instead of relying on the account's implicit SSE-S3.
import type { PolicyRule } from '../../rule';
import { defaultEncryption } from './default-encryption';

const ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];

export const s3Encryption: PolicyRule = {
  id: 'S3-ENCRYPTION',
  title: 'S3 buckets have an aws_s3_bucket_server_side_encryption_configuration with a default encryption rule',
  publicIds: { checkov: ['CKV_AWS_19'], cdkNag: ['AwsSolutions-S3'] },
  appliesTo: ['aws_s3_bucket'],
  check(resource, { env }) {
    const { configured, algorithms } = defaultEncryption(env, resource);
    if (algorithms.some((algorithm) => typeof algorithm === 'string' && ALGORITHMS.includes(algorithm)))
      return undefined;
    const found = !configured
      ? 'has no aws_s3_bucket_server_side_encryption_configuration'
      : 'has a server-side encryption configuration without a rule { apply_server_side_encryption_by_default { sse_algorithm } }';
    return `${found}, so its default encryption is not declared in code. Fix: add an aws_s3_bucket_server_side_encryption_configuration with bucket = ${resource.address}.id and rule { apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" } } ("AES256" at least).`;
  },
};
