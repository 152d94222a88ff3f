// Facts about AWS that settings are checked against: regions, AZ names, and the formats AWS accepts.

/**
 * Commercial AWS regions (partition `aws`). GovCloud and China use other partitions and ARNs, which this
 * project does not generate. Add a region here when AWS opens one.
 */
export const KNOWN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/**
 * The availability zone names of the known regions for which there is data.
 *
 * Source: moto 5.2.1, moto/ec2/models/availability_zones_and_regions.py, `RegionsAndZonesBackend.zones`, the
 * regions it lists by hand from AWS accounts (read 2026-11-29). moto fills every other region with a, b and c
 * by pattern, which is not data, so those regions are left out here, and so is cn-north-1 (another partition).
 *
 * In its oldest regions AWS maps zone names to physical zones per account (for accounts created before November
 * 2025: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html), and moto
 * notes that its lists merge several accounts. The lists here are meant as every name some account may use, so
 * one correction to moto: us-west-1c, which EC2 itself names as usable ("Subnets can currently only be created
 * in the following availability zones: us-west-1b, us-west-1c", quoted in
 * https://github.com/aws-solutions/workload-discovery-on-aws/issues/234).
 *
 * A region of KNOWN_REGIONS missing here is checked by form only (the region followed by one letter), without
 * a warning: there, a zone that does not exist fails at `terraform apply` instead. When AWS opens a zone, or
 * your account lists a name missing here (`aws ec2 describe-availability-zones --region <region>`), add it.
 */
export const AVAILABILITY_ZONES: Readonly<Record<string, readonly string[]>> = {
  'ap-northeast-1': ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'],
  'ap-northeast-2': ['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c', 'ap-northeast-2d'],
  'ap-south-1': ['ap-south-1a', 'ap-south-1b', 'ap-south-1c'],
  'ap-southeast-2': ['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c'],
  'ca-central-1': ['ca-central-1a', 'ca-central-1b', 'ca-central-1d'],
  'eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  'eu-west-2': ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
  'eu-west-3': ['eu-west-3a', 'eu-west-3b', 'eu-west-3c'],
  'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'],
  'us-west-1': ['us-west-1a', 'us-west-1b', 'us-west-1c'],
  'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c', 'us-west-2d'],
};

/**
 * Whether `zone` is an availability zone of `region`: one of its names in AVAILABILITY_ZONES, or, for a region
 * without data there, the region followed by one letter (`ap-northeast-2a`).
 */
export function isZoneOfRegion(zone: string, region: string): boolean {
  const known = AVAILABILITY_ZONES[region];
  if (known) return known.includes(zone);
  return zone.length === region.length + 1 && zone.startsWith(region) && /[a-z]$/.test(zone);
}

/** The closest known region to a misspelt one, for the error message. */
export function suggestRegion(value: string): string | undefined {
  const scored = KNOWN_REGIONS.map((region) => ({ region, distance: editDistance(value, region) }));
  scored.sort((a, b) => a.distance - b.distance);
  return scored[0].distance <= 3 ? scored[0].region : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

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
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'must not start with a prefix S3 reserves (xn--, sthree-, amzn-s3-demo-)';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'must not end with a suffix S3 reserves';
  if (name.includes('.')) return 'must not contain dots: they break TLS for virtual-hosted-style requests';
  return undefined;
}

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

/**
 * The Elastic Load Balancing account that writes access logs in regions opened before August 2022; regions opened
 * since use the log delivery service principal instead.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
const ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'af-south-1': '098369216593',
  'ap-east-1': '754344448648',
  'ap-southeast-3': '589379963580',
  'ap-south-1': '718504428378',
  'ap-northeast-3': '383597477331',
  'ap-northeast-2': '600734575887',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864',
  'ca-central-1': '985666609251',
  'eu-central-1': '054676820928',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-south-1': '635631232127',
  'eu-west-3': '009996457667',
  'eu-north-1': '897822967062',
  'me-south-1': '076674570225',
  'sa-east-1': '507241528517',
};

/** The principal that writes a load balancer's access logs in `region`, for the log bucket's policy. */
export function elbLogDeliveryPrincipal(region: string): { AWS: string } | { Service: string } {
  const account = ELB_LOG_ACCOUNTS[region];
  return account ? { AWS: `arn:aws:iam::${account}:root` } : { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' };
}
