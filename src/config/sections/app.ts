// The app section: the Spring Boot application's container, its instances, their scaling and the load balancer in
// front of them. Its input type, schema, resolved type, defaults and resolver.
import { parseAll } from '@swimlane/docker-reference';
import * as z from 'zod/mini';
import {
  ACM_CERTIFICATE_ARN_PATTERN,
  BURSTABLE_MEMORY_MIB,
  DOCUMENTATION_ACCOUNT_ID,
  INSTANCE_TYPE_PATTERN,
  isArm64InstanceType,
  MODERN_SSL_POLICIES,
} from '../aws-rules';
import { type ByKind, EnvironmentKind, EnvironmentLifecycle } from '../enums';
import type { ProblemList } from '../errors';
import { type InSync, integer, port } from '../schema-helpers';
import type { EnvironmentContext } from './context';
import { resolveSshKey, type SshKeyConfig, type SshKeySettings, sshKeySchema } from './ssh-key';

/** How many app instances the Auto Scaling group keeps. */
export interface CapacitySettings {
  /** The fewest instances the group keeps, whatever the scaling policy says. @default 2 */
  readonly min?: number;
  /**
   * The number of instances the group starts with. After the group exists, the scaling policy owns the number
   * (Terraform ignores it, so a plan after a scale-out shows no change): change `min` to raise the floor.
   * @default 2
   */
  readonly desired?: number;
  /** The most instances the scaling policy may add up to. @default 4 */
  readonly max?: number;
}

/** What the target-tracking scaling policy of the app instances follows. */
export enum ScalingMetric {
  /** The group's average CPU (`ASGAverageCPUUtilization`), in percent: needs no knowledge of the app. */
  CPU = 'cpu',
  /**
   * Requests per instance per minute through the load balancer (`ALBRequestCountPerTarget`): follows the traffic
   * itself, for an app whose capacity per instance is known from a load test.
   */
  REQUEST_COUNT_PER_TARGET = 'request-count-per-target',
}

/** The target-tracking scaling policy: it adds instances (up to `capacity.max`) when the metric is above the target. */
export interface ScalingSettings {
  /** @default ScalingMetric.CPU */
  readonly metric?: ScalingMetric;
  /**
   * The value the policy keeps the metric at: a CPU percentage (10 to 90), or requests per instance per minute
   * (1 to 100,000). Measure the second with a load test: it is what one instance serves with room to spare.
   * @default - 50 (% CPU), or 1000 (requests per instance per minute)
   */
  readonly target?: number;
}

/** The Spring Boot application: its container, its instances and its load balancer. */
export interface AppSettings {
  /**
   * The container image to run, as `docker run` takes it, pinned by digest
   * (`123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/api@sha256:<64 hex digits>`, optionally with its tag before
   * the `@`) or at least by tag (`.../api:1.4.2`). A tag can be moved to other code, and each instance pulls at its
   * own start, so production warns about a tag without a digest. An ECR image in the same account is pulled with
   * the instance role, which may read that one repository.
   */
  readonly image: string;
  /**
   * The port the container listens on. Not 22 (sshd holds it on the instances) and not `database.port`
   * (the two flows would share a port in every rule and log).
   * @default 8080
   */
  readonly port?: number;
  /**
   * The path the load balancer probes, on the app port. It must not depend on the database: Spring Boot's
   * `/actuator/health` includes the database by default, so a database failover would mark every instance unhealthy
   * and the Auto Scaling group would replace them all. `/actuator/health/liveness` (Spring Boot 2.3+, on by default
   * in containers; elsewhere set `management.endpoint.health.probes.enabled=true`) answers as long as the process
   * works. The instances also wait on it at start (docs/behaviour.md "Boot sequence").
   * @default '/actuator/health/liveness'
   */
  readonly healthCheckPath?: string;
  /**
   * The app instances' type. The hand-built original (docs/architecture.md) moved from t2.micro to t2.medium because 1 GiB could not hold
   * Spring Boot and the Docker daemon; t3.medium has 2 vCPUs and 4 GiB.
   * @cost t3.medium: {ec2T3Medium} per instance
   * @default 't3.medium'
   */
  readonly instanceType?: string;
  /**
   * Root volume size, in GiB; images and container logs live there.
   * @cost gp3, {ebsGp3} per instance
   * @default 30
   */
  readonly rootVolumeGiB?: number;
  /**
   * How many app instances run.
   * @cost each instance: the instance type's price and its root volume
   * @default - min 2, desired 2, max 4
   */
  readonly capacity?: CapacitySettings;
  /** @default - CPU at 50 % (see `ScalingSettings`) */
  readonly scaling?: ScalingSettings;
  /**
   * ACM certificate for HTTPS on the load balancer, in the environment's region. Without it the load balancer
   * serves plain HTTP, which production refuses.
   * @cost none: ACM's public certificates are free
   * @default - none: HTTP only (development only)
   */
  readonly certificateArn?: string;
  /**
   * The HTTPS listener's security policy.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06' (TLS 1.3, and TLS 1.2 for older clients)
   */
  readonly sslPolicy?: string;
  /**
   * The load balancer writes a line per request to an S3 bucket of this stack (versioned, SSE-S3, private,
   * TLS-only): the record of who called what, for incidents.
   * @cost S3 storage of the logs, cents a month at low traffic
   * @default - true in production, false in development
   */
  readonly accessLogs?: boolean;
  /** Days the access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
  /**
   * Extra environment variables for the container. Not for secrets: they end up in the launch template.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The app instances' own SSH key pair, never the bastion's (`access.sshKey`), so that one leaked key does not open
   * both. Refused with `AccessMode.SESSION_MANAGER_ONLY`, which has no SSH path to the instances.
   * @default - none: no key on the app instances; SSH through the bastion with EC2 Instance Connect (a key pushed
   * for 60 seconds per connection, authorized by IAM), or Session Manager
   */
  readonly sshKey?: SshKeySettings;
  /**
   * HTTPS from the app instances to any address on the internet (through the NAT gateway). Needed with
   * `network.interfaceEndpoints` on only for an image outside Amazon ECR of the environment's region (Docker Hub,
   * ghcr.io, another region) or for the application's own calls out.
   * @default - false when `network.interfaceEndpoints` is on (the endpoints and S3 carry everything the instances
   * need), true when it is off (the internet is then the only way to ECR, Secrets Manager and CloudWatch)
   */
  readonly internetEgress?: boolean;
  /**
   * An AWS WAF web ACL in front of the load balancer, with AWS's managed rule groups for common exploits
   * (AWSManagedRulesCommonRuleSet), known bad inputs (AWSManagedRulesKnownBadInputsRuleSet, Log4Shell among them)
   * and addresses with a bad reputation (AWSManagedRulesAmazonIpReputationList), logging blocked and allowed
   * requests (Authorization and Cookie headers redacted) to `aws-waf-logs-<project>-<env>`.
   * @cost {webAcl}, and the ingestion of its logs ({logsIngestion})
   * @default - true in production, false in development
   */
  readonly webAcl?: boolean;
}

export const APP_DEFAULTS = {
  port: 8080,
  /** Spring Boot's liveness probe: up while the process works, whatever the database does (see `healthCheckPath`). */
  healthCheckPath: '/actuator/health/liveness',
  instanceType: 't3.medium',
  rootVolumeGiB: 30,
  capacity: { min: 2, desired: 2, max: 4 },
  scalingMetric: ScalingMetric.CPU,
  sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
  accessLogs: { [EnvironmentKind.PRODUCTION]: true, [EnvironmentKind.DEVELOPMENT]: false } satisfies ByKind<boolean>,
  accessLogRetentionDays: 90,
  webAcl: { [EnvironmentKind.PRODUCTION]: true, [EnvironmentKind.DEVELOPMENT]: false } satisfies ByKind<boolean>,
} as const;

/**
 * Days the app tier's log groups keep their entries (the containers' logs, the web ACL's request logs): a year of
 * production's, for incidents and audits; a month of development's, for debugging.
 */
export const APP_LOG_RETENTION_DAYS: ByKind<number> = {
  [EnvironmentKind.PRODUCTION]: 365,
  [EnvironmentKind.DEVELOPMENT]: 30,
};

/** Per metric: the default target and the range accepted, with its unit. */
export const SCALING_TARGETS: Readonly<
  Record<ScalingMetric, { readonly default: number; readonly min: number; readonly max: number; readonly unit: string }>
> = {
  // Half the CPU leaves the other half for a lost AZ's share while new instances start.
  [ScalingMetric.CPU]: { default: 50, min: 10, max: 90, unit: '% CPU' },
  [ScalingMetric.REQUEST_COUNT_PER_TARGET]: {
    default: 1000,
    min: 1,
    max: 100_000,
    unit: 'requests per instance per minute',
  },
};

export const appSchema = z.strictObject({
  image: z.string(),
  port: z.optional(port),
  healthCheckPath: z.optional(z.string()),
  instanceType: z.optional(z.string()),
  rootVolumeGiB: z.optional(integer(8, 16384)),
  capacity: z.optional(
    z.strictObject({
      min: z.optional(integer(0, 100)),
      desired: z.optional(integer(0, 100)),
      max: z.optional(integer(1, 100)),
    }),
  ),
  scaling: z.optional(
    z.strictObject({
      metric: z.optional(z.enum(ScalingMetric)),
      target: z.optional(z.number()),
    }),
  ),
  certificateArn: z.optional(z.string()),
  sslPolicy: z.optional(z.string()),
  accessLogs: z.optional(z.boolean()),
  accessLogRetentionDays: z.optional(integer(1, 3650)),
  environment: z.optional(
    z.record(
      z.string().check(
        z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
          error: 'is not a valid variable name. Fix: use letters, digits and "_", not starting with a digit.',
        }),
      ),
      z.string(),
    ),
  ),
  sshKey: z.optional(sshKeySchema),
  internetEgress: z.optional(z.boolean()),
  webAcl: z.optional(z.boolean()),
});
true satisfies InSync<AppSettings, typeof appSchema>;

/** An image in Amazon ECR, which the instance role must be allowed to pull. */
export interface EcrRepository {
  readonly accountId: string;
  readonly region: string;
  readonly repositoryName: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com` */
  readonly registry: string;
}

export interface ContainerImage {
  /** The reference as the user wrote it, which `docker run` takes. */
  readonly reference: string;
  /** Set when the image lives in ECR. */
  readonly ecr?: EcrRepository;
}

export type ListenerConfig =
  | { readonly protocol: 'HTTPS'; readonly certificateArn: string; readonly sslPolicy: string }
  | { readonly protocol: 'HTTP' };

/** The target-tracking scaling policy. */
export interface ScalingConfig {
  readonly metric: ScalingMetric;
  /** % CPU, or requests per instance per minute. */
  readonly target: number;
}

export interface AppConfig {
  readonly image: ContainerImage;
  readonly port: number;
  readonly healthCheckPath: string;
  readonly instanceType: string;
  /** `x86_64` or `arm64`, from the instance type: picks the AMI. */
  readonly architecture: 'x86_64' | 'arm64';
  readonly rootVolumeGiB: number;
  readonly capacity: { readonly min: number; readonly desired: number; readonly max: number };
  readonly scaling: ScalingConfig;
  readonly listener: ListenerConfig;
  /** Days the load balancer's access logs are kept, or undefined when it writes none. */
  readonly accessLogRetentionDays?: number;
  readonly environment: Readonly<Record<string, string>>;
  /** The app instances' own key pair; none means EC2 Instance Connect or Session Manager. */
  readonly sshKey?: SshKeyConfig;
  /** HTTPS to any address on the internet, besides the VPC endpoints. */
  readonly internetEgress: boolean;
  /** A WAF web ACL on the load balancer. */
  readonly webAcl: boolean;
  /** Days the app tier's log groups keep their entries (`APP_LOG_RETENTION_DAYS`). */
  readonly logRetentionDays: number;
  /** Whether AWS refuses to delete the load balancer, and why not when it does not. */
  readonly deletionProtection: LoadBalancerProtection;
  /** Whether `cdktf destroy` may delete the access-log bucket with the logs still in it: while decommissioning. */
  readonly accessLogBucketForceDestroy: boolean;
}

/**
 * The load balancer's deletion protection: on in an active production environment; off in development (torn down
 * with `cdktf destroy`, nothing lost) and while an environment is decommissioned.
 */
export type LoadBalancerProtection =
  | { readonly enabled: true }
  | { readonly enabled: false; readonly because: EnvironmentKind.DEVELOPMENT | EnvironmentLifecycle.DECOMMISSIONING };

/** Spring Boot plus the Docker daemon did not fit in 1 GiB in the hand-built original (docs/architecture.md); 4 GiB leaves room for the JVM heap. */
const MIN_APP_MEMORY_MIB = 4096;

/**
 * Environment variables the instance sets itself (the URL, the port, the config tree holding the credentials), and
 * the credentials' own names: they come from files, never from the environment.
 */
export const RESERVED_CONTAINER_VARIABLES = [
  'SPRING_DATASOURCE_URL',
  'SPRING_DATASOURCE_USERNAME',
  'SPRING_DATASOURCE_PASSWORD',
  'SERVER_PORT',
  'SPRING_CONFIG_IMPORT',
];

const ECR_REGISTRY = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$/;

/**
 * @param interfaceEndpoints whether the VPC has interface endpoints (`network.interfaceEndpoints`): without them the
 * internet is the instances' only way to ECR, Secrets Manager and CloudWatch.
 */
export function resolveApp(
  settings: AppSettings,
  context: EnvironmentContext,
  problems: ProblemList,
  interfaceEndpoints = false,
): AppConfig {
  const port = settings.port ?? APP_DEFAULTS.port;
  const healthCheckPath = settings.healthCheckPath ?? APP_DEFAULTS.healthCheckPath;
  if (!/^\/[\x21-\x7e]{0,1023}$/.test(healthCheckPath)) {
    problems.add(
      'healthCheckPath',
      healthCheckPath,
      'must be a URL path starting with "/" without spaces, up to 1024 characters. Fix: e.g. "/actuator/health".',
    );
  }
  const instanceType = settings.instanceType ?? APP_DEFAULTS.instanceType;
  checkInstanceType(instanceType, problems);
  const image = resolveImage(settings.image, problems, context.kind === EnvironmentKind.PRODUCTION);
  const internetEgress = settings.internetEgress ?? !interfaceEndpoints;
  checkEgress(settings, image, context, interfaceEndpoints, internetEgress, problems);
  return {
    image,
    port,
    healthCheckPath,
    instanceType,
    architecture: isArm64InstanceType(instanceType) ? 'arm64' : 'x86_64',
    rootVolumeGiB: settings.rootVolumeGiB ?? APP_DEFAULTS.rootVolumeGiB,
    capacity: resolveCapacity(settings.capacity ?? {}, problems),
    scaling: resolveScaling(settings.scaling ?? {}, problems.section('scaling')),
    listener: resolveListener(settings, context, problems),
    accessLogRetentionDays:
      (settings.accessLogs ?? APP_DEFAULTS.accessLogs[context.kind])
        ? (settings.accessLogRetentionDays ?? APP_DEFAULTS.accessLogRetentionDays)
        : undefined,
    environment: resolveVariables(settings.environment ?? {}, problems),
    sshKey: settings.sshKey ? resolveSshKey(settings.sshKey, problems.section('sshKey')) : undefined,
    internetEgress,
    webAcl: settings.webAcl ?? APP_DEFAULTS.webAcl[context.kind],
    logRetentionDays: APP_LOG_RETENTION_DAYS[context.kind],
    deletionProtection: loadBalancerProtection(context),
    accessLogBucketForceDestroy: context.lifecycle === EnvironmentLifecycle.DECOMMISSIONING,
  };
}

function loadBalancerProtection(context: EnvironmentContext): LoadBalancerProtection {
  if (context.kind === EnvironmentKind.DEVELOPMENT) return { enabled: false, because: EnvironmentKind.DEVELOPMENT };
  if (context.lifecycle === EnvironmentLifecycle.DECOMMISSIONING) {
    return { enabled: false, because: EnvironmentLifecycle.DECOMMISSIONING };
  }
  return { enabled: true };
}

/**
 * Whether the instances can reach what they need at boot: ECR (login and layers), Secrets Manager, CloudWatch Logs
 * and Session Manager, through the interface endpoints or over the internet.
 */
function checkEgress(
  settings: AppSettings,
  image: ContainerImage,
  context: EnvironmentContext,
  interfaceEndpoints: boolean,
  internetEgress: boolean,
  problems: ProblemList,
): void {
  if (!interfaceEndpoints && !internetEgress) {
    problems.add(
      'internetEgress',
      false,
      "without network.interfaceEndpoints the internet is the app instances' only way to ECR, Secrets Manager and CloudWatch Logs, so every instance would fail at boot. Fix: remove internetEgress (it is on by default without endpoints), or set network.interfaceEndpoints: true.",
    );
    return;
  }
  const inRegionalEcr = image.ecr?.region === context.region;
  if (interfaceEndpoints && !internetEgress && image.reference.trim() !== '' && !inRegionalEcr) {
    const where = image.ecr
      ? `in Amazon ECR of ${image.ecr.region}, which the endpoints of ${context.region} do not serve`
      : 'outside Amazon ECR';
    problems.add(
      'image',
      settings.image,
      `is ${where}, and with network.interfaceEndpoints on the app instances reach only the VPC endpoints and S3 (app.internetEgress is ${settings.internetEgress === undefined ? 'off by default with endpoints' : 'false'}), so they could not pull it. Fix: push the image to ECR in ${context.region}, or set app.internetEgress: true to let the instances out to the internet on HTTPS.`,
    );
  }
}

/**
 * Parses an image reference with the grammar Docker itself uses; records ECR images for the pull policy. In
 * production a tag without a digest is a warning: whoever pushes the tag again changes what the next instance runs.
 */
export function resolveImage(reference: string, problems: ProblemList, production = false): ContainerImage {
  if (reference.trim() === '') {
    problems.add(
      'image',
      reference,
      'must name the container image to run. Fix: e.g. "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/api:1.4.2".',
    );
    return { reference };
  }
  let parsed: ReturnType<typeof parseAll>;
  try {
    parsed = parseAll(reference);
  } catch (error) {
    problems.add(
      'image',
      reference,
      `is not a container image reference (${(error as Error).message}). Fix: write [registry/]repository[:tag][@digest] in lowercase, e.g. "ghcr.io/acme/api:1.4.2".`,
    );
    return { reference };
  }
  if (!parsed.digest && (parsed.tag === undefined || parsed.tag === 'latest')) {
    problems.warn(
      'image',
      reference,
      'has no tag or the tag "latest": instances started on different days may run different code. Pin a version tag or a digest.',
    );
  } else if (!parsed.digest && production) {
    problems.warn(
      'image',
      reference,
      `is a tag, which can be pushed again: a scale-out or replacement would then run other code than the rest of production, and a rollback would not return to the old code. Pin the digest: "${reference}@sha256:<digest>" (\`docker buildx imagetools inspect ${reference}\` or \`aws ecr describe-images\` shows it).`,
    );
  }
  const ecr = ECR_REGISTRY.exec(parsed.domain ?? '');
  if (ecr?.[1] === DOCUMENTATION_ACCOUNT_ID) {
    problems.warn(
      'image',
      reference,
      `uses the documentation account ID ${DOCUMENTATION_ACCOUNT_ID}, an example value. Set your own image before deploying.`,
    );
  }
  return {
    reference,
    ecr: ecr
      ? { accountId: ecr[1], region: ecr[2], repositoryName: parsed.repository ?? '', registry: ecr[0] }
      : undefined,
  };
}

function checkInstanceType(instanceType: string, problems: ProblemList): void {
  if (!INSTANCE_TYPE_PATTERN.test(instanceType)) {
    problems.add('instanceType', instanceType, 'is not an EC2 instance type. Fix: use a type such as "t3.medium".');
    return;
  }
  const [family, size] = instanceType.split('.');
  const memory = /^t\d/.test(family) ? BURSTABLE_MEMORY_MIB[size] : undefined;
  if (memory !== undefined && memory < MIN_APP_MEMORY_MIB) {
    problems.warn(
      'instanceType',
      instanceType,
      `has ${memory / 1024} GiB of memory; Spring Boot with the Docker daemon needs about 4 GiB (a t2.micro ran out in the setup this project replaces). Use t3.medium or larger.`,
    );
  }
}

function resolveCapacity(capacity: CapacitySettings, problems: ProblemList): AppConfig['capacity'] {
  const defaults = APP_DEFAULTS.capacity;
  const min = capacity.min ?? defaults.min;
  const max = capacity.max ?? Math.max(defaults.max, min);
  const desired = capacity.desired ?? Math.min(Math.max(defaults.desired, min), max);
  if (min > max) {
    problems.add('capacity.min', min, `is above capacity.max (${max}). Fix: set min <= desired <= max.`);
  } else if (desired < min || desired > max) {
    problems.add(
      'capacity.desired',
      desired,
      `must lie between capacity.min (${min}) and capacity.max (${max}). Fix: set min <= desired <= max.`,
    );
  }
  if (desired < 2) {
    problems.warn(
      'capacity.desired',
      desired,
      'fewer than 2 instances: one instance or AZ failing takes the application down.',
    );
  }
  return { min, desired, max };
}

function resolveScaling(scaling: ScalingSettings, problems: ProblemList): ScalingConfig {
  const metric = scaling.metric ?? APP_DEFAULTS.scalingMetric;
  const range = SCALING_TARGETS[metric];
  const target = scaling.target ?? range.default;
  if (!(target >= range.min && target <= range.max)) {
    problems.add(
      'target',
      target,
      `is outside ${range.min} to ${range.max.toLocaleString('en-US')} ${range.unit}, the range for the metric ${metric}. Fix: set a target in that range, or leave it out for ${range.default}.`,
    );
  }
  return { metric, target };
}

function resolveListener(settings: AppSettings, context: EnvironmentContext, problems: ProblemList): ListenerConfig {
  const sslPolicy = settings.sslPolicy ?? APP_DEFAULTS.sslPolicy;
  if (!MODERN_SSL_POLICIES.includes(sslPolicy)) {
    problems.add(
      'sslPolicy',
      sslPolicy,
      `is not a TLS 1.2+ ELB security policy. Fix: use "${APP_DEFAULTS.sslPolicy}" or another of ${MODERN_SSL_POLICIES.join(', ')}.`,
    );
  }
  const certificateArn = settings.certificateArn;
  if (certificateArn === undefined) {
    if (context.kind === EnvironmentKind.PRODUCTION) {
      problems.add(
        'certificateArn',
        certificateArn,
        `production serves HTTPS only, and HTTPS needs a certificate. Fix: request or import one in ACM in ${context.region} and set its ARN here, or set kind: EnvironmentKind.DEVELOPMENT to allow plain HTTP.`,
      );
    }
    return { protocol: 'HTTP' };
  }
  const match = ACM_CERTIFICATE_ARN_PATTERN.exec(certificateArn);
  if (!match) {
    problems.add(
      'certificateArn',
      certificateArn,
      'is not an ACM certificate ARN. Fix: copy the ARN from the ACM console, "arn:aws:acm:<region>:<account>:certificate/<id>".',
    );
  } else if (match[1] !== context.region) {
    problems.add(
      'certificateArn',
      certificateArn,
      `is in ${match[1]}, but a load balancer can only use a certificate from its own region (${context.region}). Fix: request or import the certificate in ACM in ${context.region}.`,
    );
  } else if (match[2] === DOCUMENTATION_ACCOUNT_ID) {
    problems.warn(
      'certificateArn',
      certificateArn,
      `uses the documentation account ID ${DOCUMENTATION_ACCOUNT_ID}, an example value. Set your own certificate before deploying.`,
    );
  }
  return { protocol: 'HTTPS', certificateArn, sslPolicy };
}

function resolveVariables(variables: Readonly<Record<string, string>>, problems: ProblemList): Record<string, string> {
  for (const [name, value] of Object.entries(variables)) {
    if (RESERVED_CONTAINER_VARIABLES.includes(name)) {
      problems.add(
        `environment.${name}`,
        value,
        'is set by the instance from the database and its secret. Fix: remove it.',
      );
    } else if (/PASSWORD|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_?KEY/i.test(name)) {
      problems.add(
        `environment.${name}`,
        '(hidden)',
        'looks like a secret, and these values are stored in plain text in the launch template. Fix: keep it in Secrets Manager and read it from the application.',
      );
    } else if (value.includes('\n') || value.includes('\0')) {
      problems.add(`environment.${name}`, value, 'must be a single line. Fix: remove the line breaks.');
    }
  }
  return { ...variables };
}
