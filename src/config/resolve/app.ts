// Resolves the application settings: image, port, health check, instances, capacity and the HTTPS listener.
import { parseAll } from '@swimlane/docker-reference';
import {
  ACM_CERTIFICATE_ARN_PATTERN,
  BURSTABLE_MEMORY_MIB,
  DOCUMENTATION_ACCOUNT_ID,
  INSTANCE_TYPE_PATTERN,
  isArm64InstanceType,
  MODERN_SSL_POLICIES,
} from '../aws-rules';
import type { ProblemList } from '../errors';
import type { AppConfig, ContainerImage, EnvironmentContext, ListenerConfig, ScalingConfig } from '../resolved';
import { EnvironmentKind, ScalingMetric, type AppSettings } from '../settings';
import { resolveSshKey } from './access';

export const DEFAULT_APP_PORT = 8080;
/** Spring Boot's liveness probe: up while the process works, whatever the database does (see settings.ts). */
export const DEFAULT_HEALTH_CHECK_PATH = '/actuator/health/liveness';
export const DEFAULT_APP_INSTANCE_TYPE = 't3.medium';
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
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
  const port = settings.port ?? DEFAULT_APP_PORT;
  const healthCheckPath = settings.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH;
  if (!/^\/[\x21-\x7e]{0,1023}$/.test(healthCheckPath)) {
    problems.add(
      'healthCheckPath',
      healthCheckPath,
      'must be a URL path starting with "/" without spaces, up to 1024 characters. Fix: e.g. "/actuator/health".',
    );
  }
  const instanceType = settings.instanceType ?? DEFAULT_APP_INSTANCE_TYPE;
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
    rootVolumeGiB: settings.rootVolumeGiB ?? 30,
    capacity: resolveCapacity(settings.capacity ?? {}, problems),
    scaling: resolveScaling(settings.scaling ?? {}, problems.section('scaling')),
    listener: resolveListener(settings, context, problems),
    accessLogRetentionDays:
      (settings.accessLogs ?? context.kind === EnvironmentKind.PRODUCTION)
        ? (settings.accessLogRetentionDays ?? 90)
        : undefined,
    environment: resolveVariables(settings.environment ?? {}, problems),
    sshKey: settings.sshKey ? resolveSshKey(settings.sshKey, problems.section('sshKey')) : undefined,
    internetEgress,
    webAcl: settings.webAcl ?? context.kind === EnvironmentKind.PRODUCTION,
  };
}

/**
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

function resolveCapacity(capacity: NonNullable<AppSettings['capacity']>, problems: ProblemList): AppConfig['capacity'] {
  const min = capacity.min ?? 2;
  const max = capacity.max ?? Math.max(4, min);
  const desired = capacity.desired ?? Math.min(Math.max(2, min), max);
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

function resolveScaling(scaling: NonNullable<AppSettings['scaling']>, problems: ProblemList): ScalingConfig {
  const metric = scaling.metric ?? ScalingMetric.CPU;
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
  const sslPolicy = settings.sslPolicy ?? DEFAULT_SSL_POLICY;
  if (!MODERN_SSL_POLICIES.includes(sslPolicy)) {
    problems.add(
      'sslPolicy',
      sslPolicy,
      `is not a TLS 1.2+ ELB security policy. Fix: use "${DEFAULT_SSL_POLICY}" or another of ${MODERN_SSL_POLICIES.join(', ')}.`,
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
