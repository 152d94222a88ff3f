// The network section: the VPC, its four subnets, the NAT gateways, flow logs and interface endpoints. Its input
// type, schema, resolved type, defaults and resolver.
import * as z from 'zod/mini';
import { LOG_RETENTION_DAYS } from '../aws-rules';
import { contains, enclosingBlock, nthSubnet, overlaps, parseCidr, subnetCapacity, type Cidr } from '../cidr';
import { type ByKind, EnvironmentKind } from '../enums';
import type { ProblemList } from '../errors';
import { type InSync, integer } from '../schema-helpers';
import type { EnvironmentContext } from './context';

/** How many NAT gateways give the private subnets their way out to the internet. */
export enum NatGateways {
  /**
   * One NAT gateway, in the first AZ's public subnet; both private subnets route through it.
   * Half the NAT cost, but an outage of the first AZ cuts the other AZ's egress.
   */
  SINGLE = 'single',
  /** One NAT gateway per AZ; each private subnet routes through the gateway in its own AZ. */
  ONE_PER_AZ = 'one-per-az',
}

/** Explicit subnet blocks, for when the computed layout does not fit an existing address plan. */
export interface SubnetCidrSettings {
  /** The public subnets, in the order of `availabilityZones`. */
  readonly public: readonly [string, string];
  /** The private subnets, in the order of `availabilityZones`. */
  readonly private: readonly [string, string];
}

/** The VPC and everything in it that carries packets. */
export interface NetworkSettings {
  /**
   * The VPC's IPv4 block, /16 to /26: AWS accepts /16 to /28 for a VPC and a subnet, and the four subnets need at
   * least a /28 each, so the VPC must hold four of them.
   * @default '10.0.0.0/16'
   */
  readonly vpcCidr?: string;
  /**
   * Size of each computed subnet. The four subnets take the first four blocks of this size in the VPC,
   * in the order public A, public B, private A, private B.
   * @default - 24, or the VPC's prefix length + 2 for a VPC smaller than /22
   */
  readonly subnetPrefixLength?: number;
  /**
   * Explicit subnet blocks instead of the computed ones. They must lie inside the VPC and not overlap.
   * @default - computed from `vpcCidr` and `subnetPrefixLength`
   */
  readonly subnetCidrs?: SubnetCidrSettings;
  /**
   * NAT gateways for the private subnets' egress.
   * @cost {natGateway} per gateway, plus {natGatewayData} and its public IPv4 address ({publicIpv4})
   * @default - `NatGateways.ONE_PER_AZ` in production, `NatGateways.SINGLE` in development
   */
  readonly natGateways?: NatGateways;
  /**
   * Whether instances launched in the public subnets get a public IPv4 address automatically.
   * Off because nothing here needs it: the bastion and the NAT gateways carry Elastic IPs and the ALB
   * gets its addresses from AWS. Turned on, any instance someone later starts in a public subnet is
   * reachable from the internet, and every public IPv4 address is billed by the hour.
   * @cost {publicIpv4} per address, when on
   * @default false
   */
  readonly mapPublicIpOnLaunch?: boolean;
  /**
   * Days CloudWatch keeps the VPC flow logs. One of the values CloudWatch Logs accepts.
   * @cost {logsIngestion} of flow logs ingested, then their storage for as long as they are kept
   * @default - 365 in production, 30 in development
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Interface endpoints in the private subnets for everything the instances call: ECR (`ecr.api`, `ecr.dkr`),
   * Secrets Manager, CloudWatch Logs and Session Manager (`ssm`, `ssmmessages`, `ec2messages`). With them the
   * instances' HTTPS goes to the endpoints and to S3 through its gateway endpoint (always there, free), not to the
   * internet (see `app.internetEgress`).
   * @cost {interfaceEndpoint} per endpoint and AZ: {interfaceEndpoints} for all of them, plus {interfaceEndpointData};
   * they save the NAT gateway's processing ({natGatewayData}) of image pulls and AWS calls
   * @default - true in production, false in development
   */
  readonly interfaceEndpoints?: boolean;
}

export const NETWORK_DEFAULTS = {
  vpcCidr: '10.0.0.0/16',
  /** The computed subnets' size, in a VPC of /22 or larger. */
  subnetPrefixLength: 24,
  natGateways: {
    [EnvironmentKind.PRODUCTION]: NatGateways.ONE_PER_AZ,
    [EnvironmentKind.DEVELOPMENT]: NatGateways.SINGLE,
  } satisfies ByKind<NatGateways>,
  mapPublicIpOnLaunch: false,
  flowLogRetentionDays: {
    [EnvironmentKind.PRODUCTION]: 365,
    [EnvironmentKind.DEVELOPMENT]: 30,
  } satisfies ByKind<number>,
  interfaceEndpoints: {
    [EnvironmentKind.PRODUCTION]: true,
    [EnvironmentKind.DEVELOPMENT]: false,
  } satisfies ByKind<boolean>,
} as const;

export const networkSchema = z.strictObject({
  vpcCidr: z.optional(z.string()),
  subnetPrefixLength: z.optional(integer(16, 28)),
  subnetCidrs: z.optional(
    z.strictObject({
      public: z.tuple([z.string(), z.string()]),
      private: z.tuple([z.string(), z.string()]),
    }),
  ),
  natGateways: z.optional(z.enum(NatGateways)),
  mapPublicIpOnLaunch: z.optional(z.boolean()),
  flowLogRetentionDays: z.optional(z.number().check(z.int())),
  interfaceEndpoints: z.optional(z.boolean()),
});
true satisfies InSync<NetworkSettings, typeof networkSchema>;

/** One subnet of the layout. */
export interface SubnetPlan {
  readonly availabilityZone: string;
  /** `A` for the first AZ, `B` for the second: part of construct IDs and names. */
  readonly zoneSuffix: 'A' | 'B';
  readonly cidr: string;
}

export interface NetworkConfig {
  readonly vpcCidr: string;
  readonly publicSubnets: readonly [SubnetPlan, SubnetPlan];
  readonly privateSubnets: readonly [SubnetPlan, SubnetPlan];
  readonly natGateways: NatGateways;
  readonly mapPublicIpOnLaunch: boolean;
  readonly flowLogRetentionDays: number;
  /** Interface endpoints for ECR, Secrets Manager, CloudWatch Logs and Session Manager in the private subnets. */
  readonly interfaceEndpoints: boolean;
}

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
  const vpcCidr = s.vpcCidr ?? NETWORK_DEFAULTS.vpcCidr;
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

  const natGateways = s.natGateways ?? NETWORK_DEFAULTS.natGateways[context.kind];
  if (production && natGateways === NatGateways.SINGLE) {
    problems.warn(
      'natGateways',
      natGateways,
      'a single NAT gateway in production: an outage of its AZ cuts the other AZ off the internet. Use NatGateways.ONE_PER_AZ unless the saving is worth it.',
    );
  }
  const flowLogRetentionDays = s.flowLogRetentionDays ?? NETWORK_DEFAULTS.flowLogRetentionDays[context.kind];
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
    mapPublicIpOnLaunch: s.mapPublicIpOnLaunch ?? NETWORK_DEFAULTS.mapPublicIpOnLaunch,
    flowLogRetentionDays,
    interfaceEndpoints: s.interfaceEndpoints ?? NETWORK_DEFAULTS.interfaceEndpoints[context.kind],
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
  const size =
    prefixLength ?? Math.max(NETWORK_DEFAULTS.subnetPrefixLength, Math.min(vpc.prefixLength + 2, MAX_PREFIX));
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

function explicitSubnets(cidrs: SubnetCidrSettings, vpc: Cidr | undefined, problems: ProblemList): string[] {
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
