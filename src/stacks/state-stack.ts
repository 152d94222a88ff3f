// The bootstrap stack: the S3 bucket that holds the state of the environment's other stacks.
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { Tier } from '../config/resolved';
import { waive } from '../policy/waivers';
import { EnvironmentStack, StateBackend, type EnvironmentStackProps } from './environment-stack';

export type StateStackProps = EnvironmentStackProps;

/**
 * `<env>-state`: the state bucket, versioned, encrypted, private, TLS-only, with old versions expiring, and
 * protected from `terraform destroy`. Its own state is a local file until the bucket exists
 * (`backend.stateStackInBucket`), since a stack cannot keep its state in a bucket it has yet to create.
 */
export class StateStack extends EnvironmentStack {
  readonly bucketName: string;

  constructor(scope: Construct, props: StateStackProps) {
    const backend = props.environment.backend;
    super(scope, Tier.STATE, props, backend.stateStackInBucket ? StateBackend.S3 : StateBackend.LOCAL, backend.region);
    this.bucketName = backend.bucket;

    const bucket = new S3Bucket(this, 'StateBucket', {
      bucket: backend.bucket,
      forceDestroy: false,
      tags: { Name: backend.bucket },
      // Every stack's state is in here: losing the bucket loses track of every resource of the environment.
      lifecycle: { preventDestroy: true },
    });
    new S3BucketVersioningA(this, 'StateBucketVersioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'StateBucketEncryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, 'StateBucketPublicAccessBlock', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'StateBucketOwnership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketPolicy(this, 'StateBucketPolicy', {
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
        ],
      }),
    });
    new S3BucketLifecycleConfiguration(this, 'StateBucketLifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          filter: [{}],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          noncurrentVersionExpiration: [{ noncurrentDays: backend.noncurrentVersionRetentionDays }],
        },
        {
          // S3-native locking writes and deletes a .tflock object on every run; clear the markers it leaves.
          id: 'remove-expired-delete-markers',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
    });

    waive(bucket, 'S3-ACCESS-LOGS', 'Server access logs would need a second bucket per environment; CloudTrail already records who read or wrote state, and only Terraform touches this bucket.');
    waive(bucket, 'S3-REPLICATION', 'Cross-region replication doubles the storage of a few kilobytes of state for a regional outage, during which the environment is down anyway; versioning covers mistakes.');
    waive(bucket, 'S3-EVENT-NOTIFICATIONS', 'Nothing consumes events from the state bucket; writes come from Terraform runs, which CI logs.');
    waive(bucket, 'S3-OBJECT-LOCK', 'Object lock would stop the lifecycle rule from expiring old state versions; versioning, prevent_destroy and the TLS-only private policy protect the state.');

    new TerraformOutput(this, 'state_bucket', { value: bucket.bucket, description: 'The bucket holding this environment\'s Terraform state' });
  }
}
