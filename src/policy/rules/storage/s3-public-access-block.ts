// Buckets block every form of public access (ACLs and policies) at the bucket level.
import type { PolicyRule } from '../../rule';
import { isTrue, resourcesConfiguring } from '../values';

const SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

export const s3PublicAccessBlock: PolicyRule = {
  id: 'S3-PUBLIC-ACCESS-BLOCK',
  title: 'S3 buckets have an aws_s3_bucket_public_access_block with all four settings true',
  publicIds: {
    checkov: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
    cdkNag: ['AwsSolutions-S2'],
    fsbp: ['S3.8'],
  },
  appliesTo: ['aws_s3_bucket'],
  check(resource, { env }) {
    const blocks = resourcesConfiguring(env, resource, ['aws_s3_bucket_public_access_block'], 'bucket');
    if (blocks.some((b) => SETTINGS.every((setting) => isTrue(b.config[setting])))) return undefined;
    const fix = `Fix: add an aws_s3_bucket_public_access_block with bucket = ${resource.address}.id and ${SETTINGS.map((s) => `${s} = true`).join(', ')}.`;
    if (blocks.length === 0)
      return `has no aws_s3_bucket_public_access_block, so ACLs or a bucket policy can make it public. ${fix}`;
    const missing = SETTINGS.filter((setting) => !blocks.some((b) => isTrue(b.config[setting])));
    return `has a public access block without ${missing.join(', ')} = true. ${fix}`;
  },
};
