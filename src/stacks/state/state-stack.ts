// The bootstrap stack: the S3 bucket that holds the state of the environment's other stacks, and its KMS key.
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { Tier } from '../../config/resolved';
import { waive } from '../../policy/waivers';
import { STATE_BUCKET_GUARDED_ACTIONS } from '../ci/policies';
import { EnvironmentStack, StateBackend, stateKeyAlias, type EnvironmentStackProps } from '../environment-stack';
import { privateBucket } from '../../constructs/private-bucket';
import { accountAdministersKey, KEY_GUARDED_ACTIONS, onlyBreakGlassDestroysKey } from '../../constructs/iam';

export type StateStackProps = EnvironmentStackProps;

/** What only the break-glass role may do to the state's key: without it, every state version is unreadable. */
export const STATE_KEY_GUARDED_ACTIONS = KEY_GUARDED_ACTIONS;

/**
 * `<env>-state`: the state bucket, versioned, encrypted with a KMS key of its own, private, TLS-only, with old
 * versions expiring, and protected from `terraform destroy`; only the break-glass role may delete versions or loosen
 * those settings. Its own state is a local file until the bucket exists (`backend.stateStackInBucket`), since a stack
 * cannot keep its state in a bucket it has yet to create.
 */
export class StateStack extends EnvironmentStack {
  readonly bucketName: string;

  constructor(scope: Construct, props: StateStackProps) {
    const backend = props.environment.backend;
    super(scope, Tier.STATE, props, backend.stateStackInBucket ? StateBackend.S3 : StateBackend.LOCAL, backend.region);
    this.bucketName = backend.bucket;
    const breakGlass = { ArnNotEquals: { 'aws:PrincipalArn': backend.breakGlassRoleArn } };

    const account = new DataAwsCallerIdentity(this, 'Account');
    // The key every stack's backend names (stateKeyAlias): reading state needs kms:Decrypt on it, which the
    // environment's CI roles have and a reader of the bucket alone does not.
    const key = new KmsKey(this, 'StateKey', {
      description: `Terraform state of environment ${this.environment.name} (s3://${backend.bucket}/${backend.keyPrefix}/)`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          // The account's IAM policies decide who uses the key (the CI roles do).
          accountAdministersKey(account.accountId),
          // Disabling or deleting the key, or rewriting its policy, makes every state version unreadable: the same
          // decision as deleting them, so the same single role (which applies this stack: no lockout check to skip).
          onlyBreakGlassDestroysKey(backend.breakGlassRoleArn),
        ],
      }),
      tags: { Name: this.resourceName('tfstate') },
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'StateKeyAlias', { name: stateKeyAlias(this.environment), targetKeyId: key.keyId });

    const { bucket } = privateBucket(this, 'StateBucket', {
      bucket: {
        bucket: backend.bucket,
        tags: { Name: backend.bucket },
        // Every stack's state is in here: losing the bucket loses track of every resource of the environment.
        lifecycle: { preventDestroy: true },
      },
      sseAlgorithm: 'aws:kms',
      kmsKeyArn: key.arn,
      policyStatements: (bucketArn) => [
        {
          Sid: 'OnlyBreakGlassRewritesHistory',
          Effect: 'Deny',
          Principal: '*',
          Action: [...STATE_BUCKET_GUARDED_ACTIONS],
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: breakGlass,
        },
      ],
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

    waive(
      bucket,
      'S3-ACCESS-LOGS',
      'Server access logs would need a second bucket per environment; CloudTrail already records who read or wrote state, and only Terraform touches this bucket.',
    );
    waive(
      bucket,
      'S3-REPLICATION',
      'Cross-region replication doubles the storage of a few kilobytes of state for a regional outage, during which the environment is down anyway; versioning covers mistakes.',
    );
    waive(
      bucket,
      'S3-EVENT-NOTIFICATIONS',
      'Nothing consumes events from the state bucket; writes come from Terraform runs, which CI logs.',
    );
    waive(
      bucket,
      'S3-OBJECT-LOCK',
      'Object lock would stop the lifecycle rule from expiring old state versions; versioning, prevent_destroy and a bucket policy that lets only the break-glass role delete versions protect the state.',
    );

    new TerraformOutput(this, 'state_bucket', {
      value: bucket.bucket,
      description: "The bucket holding this environment's Terraform state",
    });
    new TerraformOutput(this, 'state_key_arn', {
      value: key.arn,
      description: `The KMS key of the state (${stateKeyAlias(this.environment)})`,
    });
  }
}
