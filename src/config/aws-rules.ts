// The formats and values AWS accepts that settings are checked against (regions and zones: aws-regions.ts).

/**
 * The retention periods CloudWatch Logs accepts, in days. Source: CloudWatch Logs API Reference, PutRetentionPolicy,
 * `retentionInDays` (read 2026-11-29); the AWS SDK models it as a plain integer, so no package lists them.
 */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/**
 * S3's bucket naming rules for general purpose buckets; returns what is wrong, or undefined.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return 'may hold only lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit';
  }
  if (name.includes('..')) return 'must not hold two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not look like an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name))
    return 'must not start with a prefix S3 reserves (xn--, sthree-, amzn-s3-demo-)';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'must not end with a suffix S3 reserves';
  if (name.includes('.')) return 'must not contain dots: they break TLS for virtual-hosted-style requests';
  return undefined;
}

/**
 * The intervals, in seconds, RDS accepts for Enhanced Monitoring (0 turns it off). Source: Amazon RDS API
 * Reference, CreateDBInstance, `MonitoringInterval` (read 2026-11-29).
 */
export const ENHANCED_MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;
export type EnhancedMonitoringInterval = (typeof ENHANCED_MONITORING_INTERVALS)[number];

/** EC2 instance types look like `t3.medium`, `m7g.large`, `c6in.2xlarge`. */
export const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.(nano|micro|small|medium|(\d*x?large)|metal(-\d+xl)?)$/;

/** RDS instance classes are instance types with a `db.` prefix. */
export const DB_INSTANCE_CLASS_PATTERN = /^db\.[a-z][a-z0-9-]*\.(micro|small|medium|(\d*x?large))$/;

/** Whether an instance type runs on Graviton (arm64): a `g` after the generation digit (t4g, m7g, c7gn). */
export function isArm64InstanceType(instanceType: string): boolean {
  return /^[a-z]+\d+g[a-z]*\./.test(instanceType);
}

/** Whether an instance type is burstable (T family: t3, t3a, t4g), the types with CPU credits. */
export function isBurstable(instanceType: string): boolean {
  return /^t\d+[a-z]*\./.test(instanceType);
}

/**
 * Memory of the small burstable types, in MiB, for the "too small for Spring Boot" warning. Types not listed
 * are assumed large enough: the families a user would pick by mistake are these.
 */
export const BURSTABLE_MEMORY_MIB: Readonly<Record<string, number>> = {
  nano: 512,
  micro: 1024,
  small: 2048,
  medium: 4096,
};

/** The account ID AWS uses in its documentation: a value still containing it has not been filled in. */
export const DOCUMENTATION_ACCOUNT_ID = '123456789012';

/**
 * An IAM role's ARN in the commercial partition: `arn:aws:iam::<account>:role/<path/><name>`. The path is part of
 * the ARN that `aws:PrincipalArn` holds (SSO roles live under `/aws-reserved/sso.amazonaws.com/...`).
 */
export const IAM_ROLE_ARN_PATTERN = /^arn:aws:iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

/** `arn:aws:acm:<region>:<account>:certificate/<uuid>` */
export const ACM_CERTIFICATE_ARN_PATTERN =
  /^arn:aws:acm:([a-z0-9-]+):(\d{12}):certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The ALB security policies that allow TLS 1.2 and newer only (the TLS13 family and the TLS 1.2 ones). */
export const MODERN_SSL_POLICIES: readonly string[] = [
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04',
  'ELBSecurityPolicy-TLS-1-2-2017-01',
  'ELBSecurityPolicy-TLS-1-2-Ext-2018-06',
  'ELBSecurityPolicy-FS-1-2-2019-08',
  'ELBSecurityPolicy-FS-1-2-Res-2019-08',
  'ELBSecurityPolicy-FS-1-2-Res-2020-10',
];
