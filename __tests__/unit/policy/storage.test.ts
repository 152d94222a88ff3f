// Storage rules: a state bucket with every companion resource passes them all; without each one, its rule fails.
import type { PolicyRule } from '../../../src/policy/rule';
import { storageRules } from '../../../src/policy/rules/storage';
import { s3AccessLogs } from '../../../src/policy/rules/storage/s3-access-logs';
import { s3Encryption } from '../../../src/policy/rules/storage/s3-encryption';
import { s3EventNotifications } from '../../../src/policy/rules/storage/s3-event-notifications';
import { s3KmsEncryption } from '../../../src/policy/rules/storage/s3-kms-encryption';
import { s3Lifecycle } from '../../../src/policy/rules/storage/s3-lifecycle';
import { s3ObjectLock } from '../../../src/policy/rules/storage/s3-object-lock';
import { s3OwnerEnforced } from '../../../src/policy/rules/storage/s3-owner-enforced';
import { s3PreventDestroy } from '../../../src/policy/rules/storage/s3-prevent-destroy';
import { s3PublicAccessBlock } from '../../../src/policy/rules/storage/s3-public-access-block';
import { s3Replication } from '../../../src/policy/rules/storage/s3-replication';
import { s3TlsOnly } from '../../../src/policy/rules/storage/s3-tls-only';
import { s3Versioning } from '../../../src/policy/rules/storage/s3-versioning';
import { EnvironmentJson } from '../../../src/policy/terraform-json';
import { envOf, verdict } from '../../helpers/policy';

const BUCKET = 'aws_s3_bucket.State';
const id = '${aws_s3_bucket.State.id}';

/** The state bucket and every companion resource its rules look for, as CDKTF synthesizes them. */
function companions(): Record<string, Record<string, unknown>> {
  return {
    [BUCKET]: { bucket: 'devloop-tfstate', object_lock_enabled: true, lifecycle: { prevent_destroy: true } },
    'aws_s3_bucket_versioning.V': { bucket: id, versioning_configuration: { status: 'Enabled' } },
    'aws_s3_bucket_server_side_encryption_configuration.E': {
      bucket: id,
      rule: [{ bucket_key_enabled: true, apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } }],
    },
    'aws_s3_bucket_public_access_block.P': {
      bucket: id,
      block_public_acls: true,
      block_public_policy: 'true',
      ignore_public_acls: true,
      restrict_public_buckets: true,
    },
    'aws_s3_bucket_policy.T': {
      bucket: id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: ['${aws_s3_bucket.State.arn}', '${aws_s3_bucket.State.arn}/*'],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    },
    'aws_s3_bucket_ownership_controls.O': { bucket: id, rule: { object_ownership: 'BucketOwnerEnforced' } },
    'aws_s3_bucket_lifecycle_configuration.L': {
      bucket: id,
      rule: [
        { id: 'expire', status: 'Enabled', filter: [{}], noncurrent_version_expiration: [{ noncurrent_days: 90 }] },
        {
          id: 'abort',
          status: 'Enabled',
          filter: [{}],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ],
    },
    'aws_s3_bucket_logging.A': { bucket: id, target_bucket: '${aws_s3_bucket.Logs.id}', target_prefix: 'state/' },
    'aws_s3_bucket_replication_configuration.R': {
      bucket: id,
      role: '${aws_iam_role.Replication.arn}',
      rule: [{ id: 'all', status: 'Enabled', destination: [{ bucket: '${aws_s3_bucket.Replica.arn}' }] }],
    },
    'aws_s3_bucket_notification.N': { bucket: id, eventbridge: true },
  };
}

const without = (key: string, changes: Record<string, Record<string, unknown>> = {}) => {
  const resources = { ...companions(), ...changes };
  delete resources[key];
  return envOf(resources);
};

/** Each rule and the companion resource it needs. */
const needs: [PolicyRule, string][] = [
  [s3Versioning, 'aws_s3_bucket_versioning.V'],
  [s3Encryption, 'aws_s3_bucket_server_side_encryption_configuration.E'],
  [s3KmsEncryption, 'aws_s3_bucket_server_side_encryption_configuration.E'],
  [s3PublicAccessBlock, 'aws_s3_bucket_public_access_block.P'],
  [s3TlsOnly, 'aws_s3_bucket_policy.T'],
  [s3OwnerEnforced, 'aws_s3_bucket_ownership_controls.O'],
  [s3Lifecycle, 'aws_s3_bucket_lifecycle_configuration.L'],
  [s3AccessLogs, 'aws_s3_bucket_logging.A'],
  [s3Replication, 'aws_s3_bucket_replication_configuration.R'],
  [s3EventNotifications, 'aws_s3_bucket_notification.N'],
];

describe('storageRules', () => {
  it('holds every storage rule once', () => {
    expect(storageRules.map((r) => r.id)).toEqual([
      'S3-VERSIONING',
      'S3-ENCRYPTION',
      'S3-KMS-ENCRYPTION',
      'S3-PUBLIC-ACCESS-BLOCK',
      'S3-TLS-ONLY',
      'S3-OWNER-ENFORCED',
      'S3-LIFECYCLE',
      'S3-ACCESS-LOGS',
      'S3-REPLICATION',
      'S3-EVENT-NOTIFICATIONS',
      'S3-OBJECT-LOCK',
      'S3-PREVENT-DESTROY',
    ]);
  });

  it('passes a bucket with every companion resource on every rule', () => {
    const env = envOf(companions());
    for (const rule of storageRules) expect([rule.id, verdict(rule, env, BUCKET)]).toEqual([rule.id, undefined]);
  });

  it.each(needs.map(([rule, key]) => [rule.id, rule, key] as const))(
    '%s fails the bucket without its companion, naming the fix',
    (_, rule, key) => {
      const message = verdict(rule, without(key), BUCKET);
      expect(message).toMatch(/Fix: .*aws_s3_bucket\.State\.(id|arn)/);
    },
  );

  it('counts only resources that configure the bucket, not ones that merely mention it', () => {
    // Another bucket's logging that delivers INTO this bucket does not log this bucket.
    const env = without('aws_s3_bucket_logging.A', {
      'aws_s3_bucket.Other': { bucket: 'other' },
      'aws_s3_bucket_logging.OtherLogs': { bucket: '${aws_s3_bucket.Other.id}', target_bucket: id },
    });
    expect(verdict(s3AccessLogs, env, BUCKET)).toMatch(/has no aws_s3_bucket_logging.*Fix:/);
  });

  it('follows companions in another stack through remote state, and by the literal bucket name', () => {
    const env = new EnvironmentJson({
      state: {
        resource: { aws_s3_bucket: { State: { bucket: 'devloop-tfstate' } } },
        output: { 'cross-stack-output-aws_s3_bucketStateid': { value: '${aws_s3_bucket.State.id}' } },
      },
      ops: {
        resource: {
          aws_s3_bucket_versioning: {
            V: {
              bucket:
                '${data.terraform_remote_state.cross-stack-reference-input-state.outputs.cross-stack-output-aws_s3_bucketStateid}',
              versioning_configuration: { status: 'Enabled' },
            },
          },
          aws_s3_bucket_public_access_block: {
            P: {
              bucket: 'devloop-tfstate',
              block_public_acls: true,
              block_public_policy: true,
              ignore_public_acls: true,
              restrict_public_buckets: true,
            },
          },
        },
      },
    });
    expect(verdict(s3Versioning, env, 'state:aws_s3_bucket.State')).toBeUndefined();
    expect(verdict(s3PublicAccessBlock, env, 'state:aws_s3_bucket.State')).toBeUndefined();
    expect(verdict(s3OwnerEnforced, env, 'state:aws_s3_bucket.State')).toMatch(/Fix:/);
  });
});

describe('S3-VERSIONING', () => {
  it('fails suspended versioning', () => {
    const env = envOf({
      ...companions(),
      'aws_s3_bucket_versioning.V': { bucket: id, versioning_configuration: { status: 'Suspended' } },
    });
    expect(verdict(s3Versioning, env, BUCKET)).toMatch(/versioning status "Suspended".*Fix:/);
  });
});

describe('S3-ENCRYPTION and S3-KMS-ENCRYPTION', () => {
  it('SSE-S3 (AES256) is encryption but not KMS; aws:kms:dsse is both', () => {
    const sse = (sse_algorithm: string) =>
      envOf({
        ...companions(),
        'aws_s3_bucket_server_side_encryption_configuration.E': {
          bucket: id,
          rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm }] }],
        },
      });
    expect(verdict(s3Encryption, sse('AES256'), BUCKET)).toBeUndefined();
    expect(verdict(s3KmsEncryption, sse('AES256'), BUCKET)).toMatch(/with "AES256", not a KMS key.*Fix:/);
    expect(verdict(s3Encryption, sse('aws:kms:dsse'), BUCKET)).toBeUndefined();
    expect(verdict(s3KmsEncryption, sse('aws:kms:dsse'), BUCKET)).toBeUndefined();
  });

  it('fails a configuration without a default rule', () => {
    const env = envOf({
      ...companions(),
      'aws_s3_bucket_server_side_encryption_configuration.E': { bucket: id, rule: [{ bucket_key_enabled: true }] },
    });
    expect(verdict(s3Encryption, env, BUCKET)).toMatch(/without a rule.*Fix:/);
  });
});

describe('S3-PUBLIC-ACCESS-BLOCK', () => {
  it('fails a block with one setting false, naming it', () => {
    const env = envOf({
      ...companions(),
      'aws_s3_bucket_public_access_block.P': {
        bucket: id,
        block_public_acls: true,
        block_public_policy: false,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      },
    });
    expect(verdict(s3PublicAccessBlock, env, BUCKET)).toMatch(/without block_public_policy = true.*Fix:/);
  });
});

describe('S3-TLS-ONLY', () => {
  const statement = (changes: Record<string, unknown>) =>
    envOf({
      ...companions(),
      'aws_s3_bucket_policy.T': {
        bucket: id,
        policy: JSON.stringify({
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: ['s3:*'],
              Resource: ['arn:aws:s3:::devloop-tfstate', 'arn:aws:s3:::devloop-tfstate/*'],
              Condition: { Bool: { 'aws:SecureTransport': false } },
              ...changes,
            },
          ],
        }),
      },
    });

  it('passes the literal-ARN form with Principal {"AWS": "*"}', () => {
    expect(verdict(s3TlsOnly, statement({}), BUCKET)).toBeUndefined();
  });

  it('fails a statement that allows, covers only objects, names one action, or tests another key', () => {
    expect(verdict(s3TlsOnly, statement({ Effect: 'Allow' }), BUCKET)).toMatch(/does not deny.*Fix:/);
    expect(verdict(s3TlsOnly, statement({ Resource: 'arn:aws:s3:::devloop-tfstate/*' }), BUCKET)).toMatch(
      /does not deny.*Fix:/,
    );
    expect(verdict(s3TlsOnly, statement({ Action: 's3:GetObject' }), BUCKET)).toMatch(/does not deny.*Fix:/);
    expect(
      verdict(s3TlsOnly, statement({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }), BUCKET),
    ).toMatch(/Fix:/);
  });
});

describe('S3-OWNER-ENFORCED', () => {
  it('fails ObjectWriter ownership', () => {
    const env = envOf({
      ...companions(),
      'aws_s3_bucket_ownership_controls.O': { bucket: id, rule: [{ object_ownership: 'ObjectWriter' }] },
    });
    expect(verdict(s3OwnerEnforced, env, BUCKET)).toMatch(/"ObjectWriter", so ACLs still grant access.*Fix:/);
  });
});

describe('S3-LIFECYCLE', () => {
  const rule = (changes: Record<string, unknown>) =>
    envOf({
      ...companions(),
      'aws_s3_bucket_lifecycle_configuration.L': {
        bucket: id,
        rule: [
          {
            id: 'abort',
            status: 'Enabled',
            filter: [{}],
            abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
            ...changes,
          },
        ],
      },
    });

  it('fails a disabled rule, a rule limited to a prefix, and a configuration without the abort', () => {
    expect(verdict(s3Lifecycle, rule({ status: 'Disabled' }), BUCKET)).toMatch(/no enabled, bucket-wide rule.*Fix:/);
    expect(verdict(s3Lifecycle, rule({ filter: [{ prefix: 'tmp/' }] }), BUCKET)).toMatch(
      /no enabled, bucket-wide rule.*Fix:/,
    );
    expect(verdict(s3Lifecycle, rule({ filter: [{ and: [{ tags: { a: 'b' } }] }] }), BUCKET)).toMatch(/Fix:/);
    expect(verdict(s3Lifecycle, rule({ abort_incomplete_multipart_upload: undefined }), BUCKET)).toMatch(/Fix:/);
  });

  it('passes a rule with no filter at all', () => {
    expect(verdict(s3Lifecycle, rule({ filter: undefined }), BUCKET)).toBeUndefined();
  });
});

describe('S3-REPLICATION and S3-EVENT-NOTIFICATIONS', () => {
  it('fail a replication configuration whose rules are disabled and a notification with no destination', () => {
    const env = envOf({
      ...companions(),
      'aws_s3_bucket_replication_configuration.R': {
        bucket: id,
        role: 'r',
        rule: [{ status: 'Disabled', destination: [{ bucket: 'b' }] }],
      },
      'aws_s3_bucket_notification.N': { bucket: id },
    });
    expect(verdict(s3Replication, env, BUCKET)).toMatch(/no enabled rule.*Fix:/);
    expect(verdict(s3EventNotifications, env, BUCKET)).toMatch(/with no destination.*Fix:/);
  });

  it('passes a notification that sends to a queue', () => {
    const env = envOf({
      ...companions(),
      'aws_s3_bucket_notification.N': {
        bucket: id,
        queue: [{ queue_arn: 'arn:aws:sqs:ap-northeast-2:123456789012:q', events: ['s3:ObjectRemoved:*'] }],
      },
    });
    expect(verdict(s3EventNotifications, env, BUCKET)).toBeUndefined();
  });
});

describe('S3-OBJECT-LOCK', () => {
  it('passes an aws_s3_bucket_object_lock_configuration instead of object_lock_enabled', () => {
    const env = envOf({
      ...companions(),
      [BUCKET]: { bucket: 'devloop-tfstate', lifecycle: { prevent_destroy: true } },
      'aws_s3_bucket_object_lock_configuration.K': {
        bucket: id,
        rule: { default_retention: { mode: 'GOVERNANCE', days: 30 } },
      },
    });
    expect(verdict(s3ObjectLock, env, BUCKET)).toBeUndefined();
  });

  it('fails a bucket with neither', () => {
    const env = envOf({ ...companions(), [BUCKET]: { bucket: 'devloop-tfstate', object_lock_enabled: false } });
    expect(verdict(s3ObjectLock, env, BUCKET)).toMatch(/has no Object Lock.*Fix:/);
  });
});

describe('S3-PREVENT-DESTROY', () => {
  it('fails a bucket without lifecycle.prevent_destroy, or with it false', () => {
    expect(verdict(s3PreventDestroy, envOf({ [BUCKET]: { bucket: 'b' } }), BUCKET)).toMatch(
      /prevent_destroy is not true.*Fix:/,
    );
    expect(
      verdict(s3PreventDestroy, envOf({ [BUCKET]: { bucket: 'b', lifecycle: [{ prevent_destroy: false }] } }), BUCKET),
    ).toMatch(/Fix:/);
  });
});
