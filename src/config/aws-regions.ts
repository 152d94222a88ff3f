// Facts about AWS regions that settings are checked against, each with its source and the date it was read: the
// regions, their availability zones, and how a load balancer in each writes its access logs.
import { closest, distance } from 'fastest-levenshtein';

/**
 * Commercial AWS regions (partition `aws`). GovCloud and China use other partitions and ARNs, which this
 * project does not generate. Source: the AWS SDK for JavaScript's partition data (`partitionsInfo` in
 * @aws-sdk/core 3.981.2, util-endpoints/lib/aws/partitions), read 2026-11-29; a unit test compares this list
 * with the SDK installed, so bumping the SDK shows a region AWS has opened since.
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
  'me-west-1',
  'mx-central-1',
  'sa-east-1',
  'sa-west-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
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

/** The closest known region to a misspelt one (at most three edits away), for the error message. */
export function suggestRegion(value: string): string | undefined {
  const guess = closest(value, [...KNOWN_REGIONS]);
  return distance(value, guess) <= 3 ? guess : undefined;
}

/** Why `region` is not a commercial region's code (with a suggestion for a misspelt one), or undefined when it is. */
export function regionProblem(region: string): string | undefined {
  if (KNOWN_REGIONS.includes(region)) return undefined;
  const guess = suggestRegion(region);
  return `unknown AWS region. Fix: ${guess ? `did you mean "${guess}"? ` : ''}use a region code such as "ap-northeast-2" (see KNOWN_REGIONS in src/config/aws-regions.ts).`;
}

/**
 * Regions where Elastic Load Balancing writes access logs as an AWS account of its own, which the AWS provider's
 * `aws_elb_service_account` data source names (without an API call); every region opened since (from Jakarta on,
 * except Jakarta itself, which the provider also knows) uses the log delivery service principal, and the data
 * source fails there. Source: Elastic Load Balancing User Guide, "Enable access logs for your Application Load
 * Balancer", step 2, and the data source's region list in hashicorp/aws 5.100.0 (read 2026-11-29); a test plans
 * the data source for every region listed.
 */
export const ELB_ACCOUNT_LOG_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'me-south-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/** The principal of the log delivery service, which writes access logs in regions opened since August 2022. */
export const ELB_LOG_DELIVERY_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';
