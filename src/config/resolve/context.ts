// Resolves what all stacks of an environment share: name, kind, region, AZs, tags and the state backend.
import { bucketNameProblem, DOCUMENTATION_ACCOUNT_ID, IAM_ROLE_ARN_PATTERN } from '../aws-rules';
import { AVAILABILITY_ZONES, isZoneOfRegion, KNOWN_REGIONS, suggestRegion } from '../aws-regions';
import type { ProblemList } from '../errors';
import type { BackendConfig, EnvironmentContext, MachineImageConfig } from '../resolved';
import {
  AccountResources,
  EnvironmentKind,
  EnvironmentLifecycle,
  type BackendSettings,
  type EnvironmentSettings,
  type MachineImageSettings,
} from '../settings';

export const DEFAULT_REGION = 'ap-northeast-2';
export const DEFAULT_AVAILABILITY_ZONES: readonly [string, string] = ['ap-northeast-2a', 'ap-northeast-2c'];

/**
 * The Amazon Linux 2023 release instances boot unless an environment says otherwise. Raising it rolls the new
 * release out (a new launch template version, an instance refresh). Releases: `aws ec2 describe-images --owners
 * amazon --filters 'Name=name,Values=al2023-ami-2023.*-kernel-6.1-x86_64'`, or the AL2023 release notes.
 */
export const DEFAULT_AMAZON_LINUX_RELEASE = '2023.11.20260427.1';
const AMAZON_LINUX_RELEASE_PATTERN = /^2023\.\d+\.\d{8}\.\d+$/;
const AMI_ID_PATTERN = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** Tags the project sets on every resource; a user tag may not replace them. */
export const RESERVED_TAG_KEYS = ['Project', 'Environment', 'ManagedBy'] as const;

/** Environment names become part of stack names (`<env>-<tier>`), state keys and resource names (32-char limits). */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9]{1,9}$/;
const PROJECT_PATTERN = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;

export function checkEnvironmentName(name: string, problems: ProblemList): void {
  if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
    problems.add(
      'name',
      name,
      'must be 2 to 10 lowercase letters and digits, starting with a letter (it becomes part of stack names such as "dev-network" and of resource names limited to 32 characters). Fix: rename the environment, e.g. "dev", "stage2".',
    );
  }
}

export function resolveContext(name: string, settings: EnvironmentSettings, problems: ProblemList): EnvironmentContext {
  const kind = settings.kind ?? EnvironmentKind.PRODUCTION;
  if (!PROJECT_PATTERN.test(settings.project)) {
    problems.add(
      'project',
      settings.project,
      'must be 2 to 16 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (it prefixes resource names limited to 32 characters). Fix: shorten or rename it, e.g. "devloop".',
    );
  }
  const region = settings.region ?? DEFAULT_REGION;
  checkRegion(region, 'region', problems);
  const lifecycle = settings.lifecycle ?? EnvironmentLifecycle.ACTIVE;
  if (lifecycle === EnvironmentLifecycle.DECOMMISSIONING) {
    problems.warn(
      'lifecycle',
      lifecycle,
      'the environment is being decommissioned: the database and the load balancer can be destroyed. Deploy, then destroy (README "Destroy"); set it back to ACTIVE if that is not the plan.',
    );
  }
  return {
    name,
    kind,
    lifecycle,
    project: settings.project,
    region,
    availabilityZones: resolveZones(settings.availabilityZones, region, problems),
    tags: resolveTags(settings.tags ?? {}, name, settings.project, problems),
    machineImage: resolveMachineImage(settings.machineImage, problems.section('machineImage')),
    backend: resolveBackend(settings.backend, name, settings.project, region, problems.section('backend')),
    accountResources: settings.accountResources ?? AccountResources.CREATE,
  };
}

function checkRegion(region: string, setting: string, problems: ProblemList): void {
  if (KNOWN_REGIONS.includes(region)) return;
  const guess = suggestRegion(region);
  problems.add(
    setting,
    region,
    `unknown AWS region. Fix: ${guess ? `did you mean "${guess}"? ` : ''}use a region code such as "ap-northeast-2" (see KNOWN_REGIONS in src/config/aws-rules.ts).`,
  );
}

function resolveZones(
  zones: readonly string[] | undefined,
  region: string,
  problems: ProblemList,
): readonly [string, string] {
  if (zones === undefined) {
    if (region !== DEFAULT_REGION) {
      problems.add(
        'availabilityZones',
        zones,
        `must be set when the region is not ${DEFAULT_REGION}: the default AZs belong to ${DEFAULT_REGION}. Fix: name two AZs of ${region}, e.g. ${zonePair([], region)}.`,
      );
    }
    return DEFAULT_AVAILABILITY_ZONES;
  }
  if (zones.length !== 2) {
    problems.add(
      'availabilityZones',
      zones,
      `must name exactly 2 availability zones (one public and one private subnet each), not ${zones.length}. Fix: list two AZs of ${region}, e.g. ${zonePair(zones, region)}.`,
    );
  }
  zones.forEach((zone, index) => {
    if (isZoneOfRegion(zone, region)) return;
    const known = AVAILABILITY_ZONES[region];
    problems.add(
      `availabilityZones.${index}`,
      zone,
      known
        ? `is not an availability zone of region ${region}. Fix: use one of ${known.map((z) => `"${z}"`).join(', ')} (which of them your account has: \`aws ec2 describe-availability-zones --region ${region}\`; one it lists that is missing here belongs in AVAILABILITY_ZONES in src/config/aws-rules.ts).`
        : `is not an availability zone of region ${region}. Fix: use "${region}" followed by the zone letter, e.g. "${region}a" (\`aws ec2 describe-availability-zones --region ${region}\` lists them).`,
    );
  });
  if (zones.length === 2 && zones[0] === zones[1]) {
    problems.add(
      'availabilityZones',
      zones,
      `names the same AZ twice, so an outage of that AZ takes everything down. Fix: use two different AZs, e.g. ${zonePair(zones, region)}.`,
    );
  }
  return [zones[0] ?? '', zones[1] ?? ''];
}

/** Two different AZs of the region to suggest, keeping the valid ones the user wrote, in their order. */
function zonePair(written: readonly string[], region: string): string {
  const candidates = [
    ...written.filter((zone) => isZoneOfRegion(zone, region)),
    ...(AVAILABILITY_ZONES[region] ?? [`${region}a`, `${region}b`]),
  ];
  const pair = candidates.filter((zone, index) => candidates.indexOf(zone) === index).slice(0, 2);
  return `[${pair.map((zone) => `"${zone}"`).join(', ')}]`;
}

function resolveMachineImage(settings: MachineImageSettings | undefined, problems: ProblemList): MachineImageConfig {
  if (settings === undefined) return { kind: 'amazon-linux-release', release: DEFAULT_AMAZON_LINUX_RELEASE };
  if ('latestAmazonLinux' in settings) return { kind: 'latest-amazon-linux' };
  if ('amiId' in settings) {
    if (!AMI_ID_PATTERN.test(settings.amiId)) {
      problems.add(
        'amiId',
        settings.amiId,
        'is not an AMI ID. Fix: use the ID of an image in the environment\'s region, "ami-" and 17 hex digits (aws ec2 describe-images --owners self).',
      );
    }
    return { kind: 'ami', amiId: settings.amiId };
  }
  if (!AMAZON_LINUX_RELEASE_PATTERN.test(settings.amazonLinuxRelease)) {
    problems.add(
      'amazonLinuxRelease',
      settings.amazonLinuxRelease,
      `is not an Amazon Linux 2023 release. Fix: write the release as in the AMI names, e.g. "${DEFAULT_AMAZON_LINUX_RELEASE}" (from al2023-ami-${DEFAULT_AMAZON_LINUX_RELEASE}-kernel-6.1-x86_64).`,
    );
  }
  return { kind: 'amazon-linux-release', release: settings.amazonLinuxRelease };
}

function resolveTags(
  tags: Readonly<Record<string, string>>,
  environment: string,
  project: string,
  problems: ProblemList,
): Record<string, string> {
  for (const [key, value] of Object.entries(tags)) {
    const setting = `tags.${key}`;
    if ((RESERVED_TAG_KEYS as readonly string[]).includes(key)) {
      problems.add(setting, value, `is set by the project on every resource. Fix: remove it, or use another key.`);
    } else if (key.length === 0 || key.length > 128 || key.toLowerCase().startsWith('aws:')) {
      problems.add(
        setting,
        value,
        'tag keys must be 1 to 128 characters and must not start with "aws:". Fix: rename the key.',
      );
    } else if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(key) || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(value)) {
      problems.add(
        setting,
        value,
        'tags may hold only letters, digits, spaces and _ . : / = + - @. Fix: remove the other characters.',
      );
    } else if (value.length > 256) {
      problems.add(setting, value, 'tag values must be 256 characters or fewer. Fix: shorten the value.');
    }
  }
  return { ...tags, Project: project, Environment: environment, ManagedBy: 'cdktf' };
}

function resolveBackend(
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
  checkRegion(backendRegion, 'region', problems);
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
    noncurrentVersionRetentionDays: settings.noncurrentVersionRetentionDays ?? 90,
    stateStackInBucket: settings.stateStackInBucket ?? false,
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
