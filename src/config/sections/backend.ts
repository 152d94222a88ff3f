// The backend section: the S3 bucket that holds the Terraform state of the environment's stacks. Its input type,
// schema, resolved type, defaults and resolver.
import * as z from 'zod/mini';
import { regionProblem } from '../aws-regions';
import { bucketNameProblem, DOCUMENTATION_ACCOUNT_ID, IAM_ROLE_ARN_PATTERN } from '../aws-rules';
import type { ProblemList } from '../errors';
import { type InSync, integer } from '../schema-helpers';

/** Where the Terraform state of the environment's stacks lives (the S3 backend). */
export interface BackendSettings {
  /**
   * The S3 bucket holding the state. The environment's `<env>-state` stack creates it.
   * Bucket names are global across AWS, so pick one nobody else has.
   */
  readonly bucket: string;
  /**
   * The bucket's region.
   * @default - the environment's region
   */
  readonly region?: string;
  /**
   * Prefix of every state key: a stack's state is `<keyPrefix>/<tier>.tfstate`.
   * @default - the environment's name
   */
  readonly keyPrefix?: string;
  /**
   * Days the bucket keeps a state file's older versions (its undo history) before deleting them.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Where the `<env>-state` stack, which creates the bucket, keeps its own state. `false` (a local file) until
   * the bucket exists; after the first deploy, set `true` and run `terraform init -migrate-state` in
   * `cdktf.out/stacks/<env>-state`, so that the bucket's own state lives in it too (docs/operations.md "Bootstrap
   * the state bucket").
   * @default false
   */
  readonly stateStackInBucket?: boolean;
  /**
   * The IAM role that alone may delete state versions or change how the bucket protects them: the bucket policy
   * denies `s3:DeleteObjectVersion`, `s3:PutBucketVersioning`, `s3:PutLifecycleConfiguration`,
   * `s3:PutBucketPolicy` (and the other settings of the bucket) to every other principal, deploy roles and
   * administrators included, and the state key's policy denies them disabling or deleting the key. Apply the
   * `<env>-state` stack with this role.
   * Required: a role ARN, `arn:aws:iam::<account>:role/<name>` (with its path, as an SSO role has one). If the role
   * is ever lost, the account's root user can still replace the bucket policy (docs/day-2.md "Recover state from a
   * bad version").
   */
  readonly breakGlassRoleArn: string;
}

/** The defaults of the backend settings that do not derive from the environment. */
export const BACKEND_DEFAULTS = {
  noncurrentVersionRetentionDays: 90,
  stateStackInBucket: false,
} as const;

export const backendSchema = z.strictObject({
  bucket: z.string(),
  region: z.optional(z.string()),
  keyPrefix: z.optional(z.string()),
  noncurrentVersionRetentionDays: z.optional(integer(1, 3650)),
  stateStackInBucket: z.optional(z.boolean()),
  breakGlassRoleArn: z.string(),
});
true satisfies InSync<BackendSettings, typeof backendSchema>;

/** Where a stack's state lives. */
export interface BackendConfig {
  readonly bucket: string;
  readonly region: string;
  readonly keyPrefix: string;
  readonly noncurrentVersionRetentionDays: number;
  readonly stateStackInBucket: boolean;
  /** The one role that may delete state versions or change the bucket's protections. */
  readonly breakGlassRoleArn: string;
}

export function resolveBackend(
  settings: BackendSettings,
  environment: string,
  project: string,
  region: string,
  problems: ProblemList,
): BackendConfig {
  const bucketProblem = settings.bucket.trim() === '' ? 'must not be empty' : bucketNameProblem(settings.bucket);
  if (bucketProblem) {
    problems.add(
      'bucket',
      settings.bucket,
      `${bucketProblem}. Fix: name the state bucket, globally unique, e.g. "<project>-tfstate-<env>-<account id>".`,
    );
  }
  const backendRegion = settings.region ?? region;
  const backendRegionProblem = regionProblem(backendRegion);
  if (backendRegionProblem) problems.add('region', backendRegion, backendRegionProblem);
  const keyPrefix = settings.keyPrefix ?? environment;
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(keyPrefix)) {
    problems.add(
      'keyPrefix',
      keyPrefix,
      'must be path segments of letters, digits, "_", "." and "-" separated by single "/", without a leading or trailing "/". Fix: e.g. "dev" or "team-a/dev".',
    );
  }
  checkBreakGlassRole(settings.breakGlassRoleArn, `${project}-${environment}-ci-`, problems);
  return {
    bucket: settings.bucket,
    region: backendRegion,
    keyPrefix,
    noncurrentVersionRetentionDays:
      settings.noncurrentVersionRetentionDays ?? BACKEND_DEFAULTS.noncurrentVersionRetentionDays,
    stateStackInBucket: settings.stateStackInBucket ?? BACKEND_DEFAULTS.stateStackInBucket,
    breakGlassRoleArn: settings.breakGlassRoleArn,
  };
}

/**
 * The break-glass role is the bucket policy's one exception: a pattern would widen it to every role it matches, and
 * CI's own roles as the exception would let a compromised pipeline erase the state's history.
 */
function checkBreakGlassRole(arn: string, ciRolePrefix: string, problems: ProblemList): void {
  const fix =
    'Fix: name the one role your operators assume to repair state, "arn:aws:iam::<account>:role/<name>" (with its path, e.g. ".../role/aws-reserved/sso.amazonaws.com/<name>" for an SSO role)';
  if (/[*?]/.test(arn)) {
    problems.add(
      'breakGlassRoleArn',
      arn,
      `is a pattern: every role it matches could delete state versions and lift the bucket's protections. ${fix}.`,
    );
    return;
  }
  const match = IAM_ROLE_ARN_PATTERN.exec(arn);
  if (!match) {
    problems.add('breakGlassRoleArn', arn, `is not an IAM role ARN. ${fix}.`);
  } else if (match[3].startsWith(ciRolePrefix)) {
    problems.add(
      'breakGlassRoleArn',
      arn,
      `is one of the roles CI assumes (${ciRolePrefix}plan, ${ciRolePrefix}deploy): a compromised pipeline could then erase the state's history. ${fix}, held by people, not by CI.`,
    );
  } else if (match[1] === DOCUMENTATION_ACCOUNT_ID) {
    problems.warn(
      'breakGlassRoleArn',
      arn,
      `uses the documentation account ID ${DOCUMENTATION_ACCOUNT_ID}, an example value. Set your own break-glass role before deploying.`,
    );
  }
}
