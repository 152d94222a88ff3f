// StateStack: the bucket that holds every other stack's state, and where its own state lives.
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { environments } from '../../src/config/environments';
import { buildStacks, resources, synth, synthJson, tierStack } from '../helpers/synth';

describe('StateStack', () => {
  const stack = tierStack('state');
  const json = synth(stack);

  it('is named <env>-state and creates the bucket the other stacks use, which Terraform refuses to destroy', () => {
    expect(stack.node.id).toBe('dev-state');
    expect(json).toHaveResourceWithProperties(S3Bucket, {
      bucket: 'devloop-tfstate-dev-apne2',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('versions, encrypts and closes the bucket to the public, with ACLs disabled', () => {
    expect(json).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: 'Enabled' } });
    expect(json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: 'aws:kms',
            kms_master_key_id: '${aws_kms_key.StateKey.arn}',
          },
          bucket_key_enabled: true,
        },
      ],
    });
    expect(json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(json).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
  });

  it('denies every request that is not over TLS, and history and protection changes to all but the break-glass role', () => {
    const policy = JSON.parse(String(resources(stack, 'aws_s3_bucket_policy').StateBucketPolicy.policy));
    const bucket = ['${aws_s3_bucket.StateBucket.arn}', '${aws_s3_bucket.StateBucket.arn}/*'];
    expect(policy.Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: bucket,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'OnlyBreakGlassRewritesHistory',
        Effect: 'Deny',
        Principal: '*',
        Action: expect.arrayContaining([
          's3:DeleteObjectVersion',
          's3:PutBucketVersioning',
          's3:PutLifecycleConfiguration',
          's3:PutBucketPolicy',
          's3:DeleteBucketPolicy',
          's3:DeleteBucket',
        ]),
        Resource: bucket,
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': environments.dev.backend.breakGlassRoleArn } },
      },
    ]);
    // Terraform's own work stays allowed: reading, writing and unlocking state (a delete marker, not a version).
    expect(policy.Statement[1].Action).not.toEqual(expect.arrayContaining(['s3:GetObject']));
    expect(policy.Statement[1].Action).not.toContain('s3:PutObject');
    expect(policy.Statement[1].Action).not.toContain('s3:DeleteObject');
  });

  it('puts the bucket policy in place last, so a first deploy can still set versioning and the lifecycle', () => {
    expect(resources(stack, 'aws_s3_bucket_policy').StateBucketPolicy.depends_on).toEqual([
      'aws_s3_bucket_versioning.StateBucketVersioning',
      'aws_s3_bucket_server_side_encryption_configuration.StateBucketEncryption',
      'aws_s3_bucket_public_access_block.StateBucketPublicAccessBlock',
      'aws_s3_bucket_ownership_controls.StateBucketOwnership',
      'aws_s3_bucket_lifecycle_configuration.StateBucketLifecycle',
    ]);
  });

  it('encrypts state with a key of its own, which only the break-glass role may disable or delete', () => {
    const key = resources(stack, 'aws_kms_key').StateKey;
    expect(key).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    const policy = JSON.parse(String(key.policy));
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Sid: 'AccountIamPoliciesGrantUse',
        Principal: { AWS: 'arn:aws:iam::${data.aws_caller_identity.Account.account_id}:root' },
      }),
      {
        Sid: 'OnlyBreakGlassDisablesOrDeletes',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:PutKeyPolicy'],
        Resource: '*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': environments.dev.backend.breakGlassRoleArn } },
      },
    ]);
    // Every backend names the key by its alias: a backend block takes no references.
    expect(resources(stack, 'aws_kms_alias').StateKeyAlias).toEqual({
      name: 'alias/devloop-dev-tfstate',
      target_key_id: '${aws_kms_key.StateKey.key_id}',
    });
  });

  it('aborts incomplete uploads and expires old state versions after the configured time', () => {
    expect(json).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: expect.arrayContaining([
        expect.objectContaining({
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        }),
      ]),
    });
    expect(synth(tierStack('state', { backend: { noncurrentVersionRetentionDays: 30 } }))).toHaveResourceWithProperties(
      S3BucketLifecycleConfiguration,
      {
        rule: expect.arrayContaining([
          expect.objectContaining({ noncurrent_version_expiration: [{ noncurrent_days: 30 }] }),
        ]),
      },
    );
  });

  it('keeps its own state in a local file until the bucket exists', () => {
    expect(synthJson(stack).terraform.backend).toEqual({ local: { path: '../../../terraform.dev-state.tfstate' } });
  });

  it('moves its state into the bucket once stateStackInBucket is set', () => {
    expect(synthJson(tierStack('state', { backend: { stateStackInBucket: true } })).terraform.backend).toEqual({
      s3: {
        bucket: 'devloop-tfstate-dev-apne2',
        key: 'dev/state.tfstate',
        region: 'ap-northeast-2',
        encrypt: true,
        kms_key_id: 'alias/devloop-dev-tfstate',
        use_lockfile: true,
      },
    });
  });

  it('creates the bucket in the backend region, which may differ from the environment region', () => {
    const elsewhere = tierStack('state', { backend: { region: 'ap-northeast-1' } });
    expect(synthJson(elsewhere).provider.aws[0]).toMatchObject({ region: 'ap-northeast-1' });
  });

  it('comes first in deployment order, then the CI identity, then the network', () => {
    const stacks = buildStacks('dev');
    // Dependencies through references are recorded when the stacks are prepared for synthesis.
    synth(stacks.app);
    expect(stacks.ci.dependencies).toContain(stacks.state);
    expect(stacks.network.dependencies).toContain(stacks.ci);
  });
});
