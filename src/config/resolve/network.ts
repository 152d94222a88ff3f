// Resolves the network settings: the VPC block, the four subnet blocks, NAT mode and flow log retention.
import { LOG_RETENTION_DAYS } from '../aws-rules';
import { contains, enclosingBlock, nthSubnet, overlaps, parseCidr, subnetCapacity, type Cidr } from '../cidr';
import type { ProblemList } from '../errors';
import type { EnvironmentContext, NetworkConfig, SubnetPlan } from '../resolved';
import { EnvironmentKind, NatGateways, type NetworkSettings } from '../settings';

export const DEFAULT_VPC_CIDR = '10.0.0.0/16';
export const DEFAULT_SUBNET_PREFIX_LENGTH = 24;
/** AWS accepts VPC and subnet blocks from /16 to /28. */
const MIN_PREFIX = 16;
const MAX_PREFIX = 28;

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(
  (text) => parseCidr(text) as Cidr,
);

export function resolveNetwork(
  settings: NetworkSettings | undefined,
  context: EnvironmentContext,
  problems: ProblemList,
): NetworkConfig {
  const s = settings ?? {};
  const production = context.kind === EnvironmentKind.PRODUCTION;
  const vpcCidr = s.vpcCidr ?? DEFAULT_VPC_CIDR;
  const vpc = checkBlock(vpcCidr, 'vpcCidr', problems);
  if (vpc && !PRIVATE_RANGES.some((range) => contains(range, vpc))) {
    problems.warn(
      'vpcCidr',
      vpcCidr,
      'is not in a private range (10/8, 172.16/12, 192.168/16, 100.64/10): instances cannot reach the public owners of these addresses.',
    );
  }
  const blocks = s.subnetCidrs
    ? explicitSubnets(s.subnetCidrs, vpc, problems)
    : computedSubnets(vpc, vpcCidr, s.subnetPrefixLength, problems);
  const [zoneA, zoneB] = context.availabilityZones;
  const plan = (cidr: string, availabilityZone: string, zoneSuffix: 'A' | 'B'): SubnetPlan => ({
    availabilityZone,
    zoneSuffix,
    cidr,
  });

  const natGateways = s.natGateways ?? (production ? NatGateways.ONE_PER_AZ : NatGateways.SINGLE);
  if (production && natGateways === NatGateways.SINGLE) {
    problems.warn(
      'natGateways',
      natGateways,
      'a single NAT gateway in production: an outage of its AZ cuts the other AZ off the internet. Use NatGateways.ONE_PER_AZ unless the saving is worth it.',
    );
  }
  const flowLogRetentionDays = s.flowLogRetentionDays ?? (production ? 365 : 30);
  if (!LOG_RETENTION_DAYS.includes(flowLogRetentionDays)) {
    problems.add(
      'flowLogRetentionDays',
      flowLogRetentionDays,
      `is not a retention CloudWatch Logs accepts. Fix: use one of ${LOG_RETENTION_DAYS.join(', ')}.`,
    );
  }
  return {
    vpcCidr: vpc?.text ?? vpcCidr,
    publicSubnets: [plan(blocks[0], zoneA, 'A'), plan(blocks[1], zoneB, 'B')],
    privateSubnets: [plan(blocks[2], zoneA, 'A'), plan(blocks[3], zoneB, 'B')],
    natGateways,
    mapPublicIpOnLaunch: s.mapPublicIpOnLaunch ?? false,
    flowLogRetentionDays,
    interfaceEndpoints: s.interfaceEndpoints ?? production,
  };
}

/** Parses an IPv4 block of a size AWS accepts for VPCs and subnets, or records why not. */
function checkBlock(value: string, setting: string, problems: ProblemList): Cidr | undefined {
  const parsed = parseCidr(value, 4);
  if (typeof parsed === 'string') {
    problems.add(setting, value, parsed);
    return undefined;
  }
  if (parsed.prefixLength < MIN_PREFIX || parsed.prefixLength > MAX_PREFIX) {
    problems.add(
      setting,
      value,
      `AWS accepts blocks from /${MIN_PREFIX} to /${MAX_PREFIX} here, not /${parsed.prefixLength}. Fix: use a prefix length in that range, e.g. "${parsed.address.startAddress().correctForm()}/${Math.min(Math.max(parsed.prefixLength, MIN_PREFIX), MAX_PREFIX)}".`,
    );
    return undefined;
  }
  return parsed;
}

/** Public A, public B, private A, private B: the first four blocks of the subnet size. */
function computedSubnets(
  vpc: Cidr | undefined,
  vpcCidr: string,
  prefixLength: number | undefined,
  problems: ProblemList,
): string[] {
  if (!vpc) return ['', '', '', ''];
  const size = prefixLength ?? Math.max(DEFAULT_SUBNET_PREFIX_LENGTH, Math.min(vpc.prefixLength + 2, MAX_PREFIX));
  // Without subnetPrefixLength the size is derived from the VPC, so the VPC is what is too small: blame the
  // setting the user wrote, not one they never saw.
  if (prefixLength === undefined && subnetCapacity(vpc, size) < 4) {
    const smallest = MAX_PREFIX - 2;
    problems.add(
      'vpcCidr',
      vpcCidr,
      `is a /${vpc.prefixLength}: the four subnets (public and private, in two AZs) need at least a /${MAX_PREFIX} each, the smallest AWS allows, so the VPC must be a /${smallest} or larger. Fix: use "${enclosingBlock(vpc, smallest)}" or a larger block.`,
    );
    return ['', '', '', ''];
  }
  if (subnetCapacity(vpc, size) < 4) {
    const fits = vpc.prefixLength + 2;
    problems.add(
      'subnetPrefixLength',
      size,
      `four /${size} subnets do not fit in the VPC ${vpc.text}. Fix: ${fits <= MAX_PREFIX ? `set subnetPrefixLength between ${fits} and ${MAX_PREFIX}, or ` : ''}use a larger vpcCidr.`,
    );
    return ['', '', '', ''];
  }
  return [0, 1, 2, 3].map((index) => nthSubnet(vpc, size, index));
}

function explicitSubnets(
  cidrs: NonNullable<NetworkSettings['subnetCidrs']>,
  vpc: Cidr | undefined,
  problems: ProblemList,
): string[] {
  const named = [
    { setting: 'subnetCidrs.public.0', value: cidrs.public[0] },
    { setting: 'subnetCidrs.public.1', value: cidrs.public[1] },
    { setting: 'subnetCidrs.private.0', value: cidrs.private[0] },
    { setting: 'subnetCidrs.private.1', value: cidrs.private[1] },
  ];
  const parsed = named.map(({ setting, value }) => checkBlock(value, setting, problems));
  named.forEach(({ setting, value }, index) => {
    const block = parsed[index];
    if (!block || !vpc) return;
    if (!contains(vpc, block)) {
      problems.add(
        setting,
        value,
        `lies outside the VPC ${vpc.text}. Fix: pick a block inside ${vpc.text}, or widen vpcCidr.`,
      );
    }
    for (let other = 0; other < index; other++) {
      const earlier = parsed[other];
      if (earlier && overlaps(earlier, block)) {
        problems.add(
          setting,
          value,
          `overlaps ${problems.path(named[other].setting)} (${earlier.text}); subnets of a VPC must not share addresses. Fix: give each subnet its own block.`,
        );
      }
    }
  });
  return parsed.map((block, index) => block?.text ?? named[index].value);
}
