// Buckets encrypt by default with a KMS key, so reading objects also needs kms:Decrypt and is logged in CloudTrail.
import type { PolicyRule } from '../../rule';
import { defaultEncryption } from './default-encryption';

const KMS = ['aws:kms', 'aws:kms:dsse'];

export const s3KmsEncryption: PolicyRule = {
  id: 'S3-KMS-ENCRYPTION',
  title: 'S3 buckets encrypt by default with AWS KMS (sse_algorithm "aws:kms" or "aws:kms:dsse")',
  publicIds: { checkov: ['CKV_AWS_145'], fsbp: ['S3.17'] },
  appliesTo: ['aws_s3_bucket'],
  check(resource, { env }) {
    const { algorithms } = defaultEncryption(env, resource);
    if (algorithms.some((algorithm) => typeof algorithm === 'string' && KMS.includes(algorithm))) return undefined;
    const found =
      algorithms.length === 0
        ? 'has no default encryption rule'
        : `encrypts by default with ${algorithms.map((a) => `"${String(a)}"`).join(', ')}, not a KMS key`;
    return `${found}. Fix: set rule { apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" } } (optionally kms_master_key_id, and bucket_key_enabled = true) in an aws_s3_bucket_server_side_encryption_configuration with bucket = ${resource.address}.id.`;
  },
};
