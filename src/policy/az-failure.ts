// What still works when one availability zone fails, read from the synthesized stacks: the path internet ->
// load balancer -> app -> database, and the surviving private subnet's egress through a NAT gateway of its own AZ.
import type { EnvironmentConfig } from '../config/resolved';
import { NatGateways } from '../config/settings';
import { isTrue, referenced, stringList } from './rules/values';
import type { EnvironmentJson, ResourceView } from './terraform-json';

export interface ZoneFailure {
  /** The AZ that fails. */
  readonly failedZone: string;
  /** What breaks while it is down; empty when everything keeps working. */
  readonly breaks: readonly string[];
}

function zoneOf(env: EnvironmentJson, from: ResourceView, subnetReference: unknown): string | undefined {
  const subnet = referenced(env, from, subnetReference);
  return subnet?.type === 'aws_subnet' ? String(subnet.config.availability_zone) : undefined;
}

function zonesOf(env: EnvironmentJson, from: ResourceView, subnetReferences: unknown): string[] {
  return stringList(subnetReferences)
    .map((reference) => zoneOf(env, from, reference))
    .filter((zone): zone is string => zone !== undefined);
}

/** For each AZ in turn, what breaks when it fails. */
export function azFailureReport(env: EnvironmentJson, zones: readonly string[]): ZoneFailure[] {
  return zones.map((failedZone) => {
    const survives = (zone: string | undefined) => zone !== undefined && zone !== failedZone;
    const breaks: string[] = [];
    for (const lb of env.ofType('aws_lb')) {
      if (!zonesOf(env, lb, lb.config.subnets).some(survives))
        breaks.push(`load balancer ${lb.address} has no subnet outside ${failedZone}`);
    }
    for (const group of env.ofType('aws_autoscaling_group')) {
      if (!zonesOf(env, group, group.config.vpc_zone_identifier).some(survives)) {
        breaks.push(`app instances (${group.address}) cannot launch outside ${failedZone}`);
      }
    }
    for (const database of env.ofType('aws_db_instance')) {
      if (!isTrue(database.config.multi_az))
        breaks.push(`database ${database.address} is single-AZ: down if its AZ is ${failedZone}`);
    }
    for (const instance of env.ofType('aws_instance')) {
      const zone = zoneOf(env, instance, instance.config.subnet_id);
      if (zone === failedZone) breaks.push(`${instance.address} is a single instance in ${failedZone}`);
    }
    breaks.push(...egressBreaks(env, failedZone));
    return { failedZone, breaks };
  });
}

/** Private subnets outside the failed AZ whose default route goes through a NAT gateway inside it. */
function egressBreaks(env: EnvironmentJson, failedZone: string): string[] {
  const breaks: string[] = [];
  const privateSubnets = env
    .ofType('aws_subnet')
    .filter(
      (subnet) =>
        (subnet.config.tags as Record<string, string> | undefined)?.SubnetType === 'private' &&
        subnet.config.availability_zone !== failedZone,
    );
  for (const subnet of privateSubnets) {
    const association = env
      .ofType('aws_route_table_association')
      .find((a) => referenced(env, a, a.config.subnet_id)?.address === subnet.address && a.stack === subnet.stack);
    const table = association && referenced(env, association, association.config.route_table_id);
    const route =
      table &&
      env
        .ofType('aws_route')
        .find(
          (r) =>
            referenced(env, r, r.config.route_table_id) === table && r.config.destination_cidr_block === '0.0.0.0/0',
        );
    const nat = route && referenced(env, route, route.config.nat_gateway_id);
    const natZone = nat && zoneOf(env, nat, nat.config.subnet_id);
    if (!natZone) breaks.push(`private subnet ${subnet.address} has no default route through a NAT gateway`);
    else if (natZone === failedZone)
      breaks.push(
        `private subnet ${subnet.address} (${subnet.config.availability_zone}) reaches the internet through ${nat.address} in ${failedZone}`,
      );
  }
  return breaks;
}

export interface AcceptedFailure {
  /** A substring of the break it accepts. */
  readonly matches: string;
  readonly reason: string;
}

/**
 * The single points of failure an environment accepts, from its settings, each with the reason. Anything
 * else that breaks when an AZ fails is an error.
 */
export function acceptedFailures(config: EnvironmentConfig): AcceptedFailure[] {
  const accepted: AcceptedFailure[] = [
    {
      matches: 'aws_instance.Bastion is a single instance',
      reason:
        'The bastion serves administrators only; while its AZ is down they reach the app instances with Session Manager.',
    },
  ];
  if (config.network.natGateways === NatGateways.SINGLE) {
    accepted.push({
      matches: 'reaches the internet through aws_nat_gateway.NatGatewayA',
      reason:
        "One NAT gateway (natGateways: single) halves the NAT cost; an outage of its AZ cuts the other AZ's egress.",
    });
  }
  if (!config.database.multiAz) {
    accepted.push({
      matches: 'aws_db_instance.Database is single-AZ',
      reason:
        'A single-AZ database (multiAz: false) halves its cost; an outage of its AZ stops it until the AZ returns.',
    });
  }
  return accepted;
}

/** The breaks no accepted failure covers. */
export function unacceptedBreaks(report: readonly ZoneFailure[], accepted: readonly AcceptedFailure[]): string[] {
  return report.flatMap((zone) =>
    zone.breaks
      .filter((text) => !accepted.some((a) => text.includes(a.matches)))
      .map((text) => `when ${zone.failedZone} fails: ${text}`),
  );
}
