// The environment's own settings (kind, lifecycle, project, region, zones, tags, account resources), resolved with
// the machine image and the backend into the context every stack of the environment shares. Its input type,
// schema, resolved type, defaults and resolver.
import * as z from 'zod/mini';
import { AVAILABILITY_ZONES, isZoneOfRegion, regionProblem } from '../aws-regions';
import { EnvironmentKind, EnvironmentLifecycle } from '../enums';
import type { ProblemList } from '../errors';
import type { InSync } from '../schema-helpers';
import { type BackendConfig, type BackendSettings, resolveBackend } from './backend';
import { type MachineImageConfig, type MachineImageSettings, resolveMachineImage } from './machine-image';

/**
 * Who creates the resources AWS allows only once per account (and region): GitHub's OIDC identity provider (one
 * per URL in an account) and Session Manager's preferences (the `SSM-SessionManagerRunShell` document, one per
 * account and region, with the log group it names).
 */
export enum AccountResources {
  /** This environment creates them: it has its AWS account to itself (the layout this project recommends). */
  CREATE = 'create',
  /**
   * Another environment of the same project, in the same account and region, created them (with `CREATE`); this
   * one refers to them by name. Its Session Manager sessions are logged to that environment's log group.
   */
  SHARED = 'shared',
}

/** What the environment is, where it runs, and how its resources are named and tagged. */
export interface ContextSettings {
  /** @default EnvironmentKind.PRODUCTION (the safe side: forgetting it costs money, not data) */
  readonly kind?: EnvironmentKind;
  /**
   * `DECOMMISSIONING` lifts the protections against destroying the environment, and only those.
   * @default EnvironmentLifecycle.ACTIVE
   */
  readonly lifecycle?: EnvironmentLifecycle;
  /** Short project name, the first part of every resource name: lowercase letters, digits and hyphens. */
  readonly project: string;
  /**
   * The AWS region of the environment's stacks; `backend.region` may put the state bucket elsewhere.
   * @default 'ap-northeast-2' (Seoul)
   */
  readonly region?: string;
  /**
   * The two availability zones, in the order the A and B subnets use them. Checked against the region's real zone
   * names (`AVAILABILITY_ZONES` in src/config/aws-regions.ts: ap-northeast-2 has a, b, c and d); in a region without
   * zone data there, only the form (the region and one letter) is checked.
   * @default ['ap-northeast-2a', 'ap-northeast-2c'] (in ap-northeast-2; any other region must name its own)
   */
  readonly availabilityZones?: readonly [string, string];
  /**
   * Tags on every resource, next to `Project`, `Environment` and `ManagedBy`, which are always set.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Whether this environment creates the account's one-per-account resources (GitHub's OIDC provider, Session
   * Manager's preferences), or another environment in the same account and region did.
   * @default AccountResources.CREATE
   */
  readonly accountResources?: AccountResources;
}

export const CONTEXT_DEFAULTS = {
  kind: EnvironmentKind.PRODUCTION,
  lifecycle: EnvironmentLifecycle.ACTIVE,
  region: 'ap-northeast-2',
  availabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'] as readonly [string, string],
  accountResources: AccountResources.CREATE,
} as const;
/** The region an environment is in unless it names one; the default zones belong to it. */
export const DEFAULT_REGION = CONTEXT_DEFAULTS.region;

export const contextSchema = z.strictObject({
  kind: z.optional(z.enum(EnvironmentKind)),
  lifecycle: z.optional(z.enum(EnvironmentLifecycle)),
  project: z.string(),
  region: z.optional(z.string()),
  availabilityZones: z.optional(z.array(z.string())),
  tags: z.optional(z.record(z.string(), z.string())),
  accountResources: z.optional(z.enum(AccountResources)),
});
true satisfies InSync<ContextSettings, typeof contextSchema>;

/** What every stack of an environment shares: identity, placement, tags, backend. */
export interface EnvironmentContext {
  readonly name: string;
  readonly kind: EnvironmentKind;
  readonly lifecycle: EnvironmentLifecycle;
  readonly project: string;
  readonly region: string;
  readonly availabilityZones: readonly [string, string];
  /** The user's tags plus Project, Environment and ManagedBy. */
  readonly tags: Readonly<Record<string, string>>;
  readonly machineImage: MachineImageConfig;
  readonly backend: BackendConfig;
  /** Whether the environment creates the account's one-per-account resources or uses another environment's. */
  readonly accountResources: AccountResources;
}

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

export function resolveContext(
  name: string,
  settings: ContextSettings & { readonly machineImage?: MachineImageSettings; readonly backend: BackendSettings },
  problems: ProblemList,
): EnvironmentContext {
  const kind = settings.kind ?? CONTEXT_DEFAULTS.kind;
  if (!PROJECT_PATTERN.test(settings.project)) {
    problems.add(
      'project',
      settings.project,
      'must be 2 to 16 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (it prefixes resource names limited to 32 characters). Fix: shorten or rename it, e.g. "devloop".',
    );
  }
  const region = settings.region ?? CONTEXT_DEFAULTS.region;
  const unknownRegion = regionProblem(region);
  if (unknownRegion) problems.add('region', region, unknownRegion);
  const lifecycle = settings.lifecycle ?? CONTEXT_DEFAULTS.lifecycle;
  if (lifecycle === EnvironmentLifecycle.DECOMMISSIONING) {
    problems.warn(
      'lifecycle',
      lifecycle,
      'the environment is being decommissioned: the database and the load balancer can be destroyed. Deploy, then destroy (docs/operations.md "Destroy"); set it back to ACTIVE if that is not the plan.',
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
    accountResources: settings.accountResources ?? CONTEXT_DEFAULTS.accountResources,
  };
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
    return CONTEXT_DEFAULTS.availabilityZones;
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
        ? `is not an availability zone of region ${region}. Fix: use one of ${known.map((z) => `"${z}"`).join(', ')} (which of them your account has: \`aws ec2 describe-availability-zones --region ${region}\`; one it lists that is missing here belongs in AVAILABILITY_ZONES in src/config/aws-regions.ts).`
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
