// A private S3 bucket as this project makes them: versioned, encrypted by default, every public access blocked,
// ACLs disabled, TLS-only, with lifecycle rules. The state bucket and the load balancer's log bucket are two.
import { S3Bucket, type S3BucketConfig } from '@cdktf/provider-aws/lib/s3-bucket';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { Construct } from 'constructs';

export interface PrivateBucketProps {
  /** The bucket's own settings: `bucket` or `bucketPrefix`, tags, lifecycle. */
  readonly bucket: S3BucketConfig;
  /** `aws:kms` (a KMS key) or `AES256` (what services writing logs accept). */
  readonly sseAlgorithm: 'aws:kms' | 'AES256';
  /** With `aws:kms`: the key's ARN. @default - the AWS managed key `aws/s3` */
  readonly kmsKeyArn?: string;
  /** Statements beside the TLS-only denial, given the bucket's ARN. */
  readonly policyStatements?: (bucketArn: string) => object[];
  /** The lifecycle rules; incomplete multipart uploads are always aborted after 7 days. */
  readonly lifecycleRules: readonly S3BucketLifecycleConfigurationRule[];
}

export interface PrivateBucket {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;
}

/** Creates the bucket and its companions, named `<id>`, `<id>Versioning`, `<id>Encryption`, ... */
export function privateBucket(scope: Construct, id: string, props: PrivateBucketProps): PrivateBucket {
  const bucket = new S3Bucket(scope, id, { forceDestroy: false, ...props.bucket });
  const versioning = new S3BucketVersioningA(scope, `${id}Versioning`, {
    bucket: bucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  const encryption = new S3BucketServerSideEncryptionConfigurationA(scope, `${id}Encryption`, {
    bucket: bucket.id,
    rule: [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: props.sseAlgorithm, kmsMasterKeyId: props.kmsKeyArn },
        bucketKeyEnabled: props.sseAlgorithm === 'aws:kms' ? true : undefined,
      },
    ],
  });
  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, `${id}PublicAccessBlock`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  const ownership = new S3BucketOwnershipControls(scope, `${id}Ownership`, {
    bucket: bucket.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  const lifecycle = new S3BucketLifecycleConfiguration(scope, `${id}Lifecycle`, {
    bucket: bucket.id,
    rule: props.lifecycleRules.map((rule, index) => ({
      ...rule,
      ...(index === 0 ? { abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] } : {}),
    })),
  });
  const policy = new S3BucketPolicy(scope, `${id}Policy`, {
    bucket: bucket.id,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [bucket.arn, `${bucket.arn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        ...(props.policyStatements?.(bucket.arn) ?? []),
      ],
    }),
    // Last: a policy may deny changes to the other settings (the state bucket's does, to all but its break-glass
    // role), so they are all in place before it is.
    dependsOn: [versioning, encryption, publicAccessBlock, ownership, lifecycle],
  });
  return { bucket, policy };
}
