// The bootstrap stack: the S3 bucket that holds the state of the environment's other stacks.
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { Tier } from '../config/resolved';
import { waive } from '../policy/waivers';
import { EnvironmentStack, StateBackend, type EnvironmentStackProps } from './environment-stack';
import { privateBucket } from './private-bucket';

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

    const { bucket } = privateBucket(this, 'StateBucket', {
      bucket: {
        bucket: backend.bucket,
        tags: { Name: backend.bucket },
        // Every stack's state is in here: losing the bucket loses track of every resource of the environment.
        lifecycle: { preventDestroy: true },
      },
      sseAlgorithm: 'aws:kms',
      lifecycleRules: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          filter: [{}],
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
