// Buckets refuse plain-HTTP requests: a bucket policy denies every S3 action when aws:SecureTransport is false.
import type { EnvironmentJson, ResourceView } from '../../terraform-json';
import type { PolicyRule } from '../../rule';
import { isExpression, policyStatements, referenced, resourcesConfiguring, stringList } from '../values';

/** Whether `value` designates this bucket: a reference to it, or its literal name. */
function isBucket(env: EnvironmentJson, policy: ResourceView, bucket: ResourceView, value: string): boolean {
  if (isExpression(value)) {
    const target = referenced(env, policy, value);
    return target?.stack === bucket.stack && target.address === bucket.address;
  }
  return value !== '' && value === bucket.config.bucket;
}

/**
 * Whether `value` is this bucket's ARN followed by `suffix`: `${aws_s3_bucket.X.arn}`, `arn:aws:s3:::${aws_s3_bucket.X.id}`
 * or `arn:aws:s3:::<literal name>`.
 */
function isBucketArn(
  env: EnvironmentJson,
  policy: ResourceView,
  bucket: ResourceView,
  value: string,
  suffix: string,
): boolean {
  if (!value.endsWith(suffix)) return false;
  const arn = value.slice(0, value.length - suffix.length);
  const prefix = /^arn:[^:]+:s3:::/.exec(arn);
  if (prefix) return isBucket(env, policy, bucket, arn.slice(prefix[0].length));
  return arn.startsWith('${') && arn.endsWith('}') && isBucket(env, policy, bucket, arn);
}

/** A statement as cdk-nag's AwsSolutions-S10 requires it: Deny, s3:* to everyone, on the bucket and its objects, over HTTP. */
function deniesInsecureTransport(
  env: EnvironmentJson,
  policy: ResourceView,
  bucket: ResourceView,
  statement: Record<string, unknown>,
): boolean {
  if (statement.Effect !== 'Deny') return false;
  if (!stringList(statement.Action).some((action) => action === '*' || action === 's3:*')) return false;
  const principal = statement.Principal;
  const everyone =
    principal === '*' ||
    (!!principal &&
      typeof principal === 'object' &&
      stringList((principal as Record<string, unknown>).AWS).includes('*'));
  if (!everyone) return false;
  const condition = statement.Condition as Record<string, Record<string, unknown>> | undefined;
  const secure = condition?.Bool?.['aws:SecureTransport'];
  if (!stringList(secure).some((value) => value === 'false')) return false;
  const resources = stringList(statement.Resource);
  return (
    resources.some((r) => isBucketArn(env, policy, bucket, r, '')) &&
    resources.some((r) => isBucketArn(env, policy, bucket, r, '/*'))
  );
}

export const s3TlsOnly: PolicyRule = {
  id: 'S3-TLS-ONLY',
  title: 'S3 buckets have a bucket policy denying s3:* to everyone when aws:SecureTransport is false',
  publicIds: { cdkNag: ['AwsSolutions-S10'], fsbp: ['S3.5'] },
  appliesTo: ['aws_s3_bucket'],
  check(resource, { env }) {
    const policies = resourcesConfiguring(env, resource, ['aws_s3_bucket_policy'], 'bucket');
    const compliant = policies.some((policy) =>
      (policyStatements(policy.config.policy) ?? []).some((statement) =>
        deniesInsecureTransport(env, policy, resource, statement),
      ),
    );
    if (compliant) return undefined;
    const found =
      policies.length === 0
        ? 'has no aws_s3_bucket_policy'
        : 'has a bucket policy that does not deny requests made without TLS';
    return `${found}, so it accepts plain-HTTP requests. Fix: in an aws_s3_bucket_policy with bucket = ${resource.address}.id, add a statement {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [${resource.address}.arn, "${resource.address}.arn/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}.`;
  },
};
