// Which flows the security groups of an environment allow, computed from the synthesized rules: standalone
// (aws_vpc_security_group_*_rule, aws_security_group_rule) and inline, IPv4 and IPv6, `-1` meaning all ports.
// A flow between two groups needs both the egress rule of the source and the ingress rule of the target.
import { contains, parseCidr, type Cidr } from '../config/cidr';
import { blocks, globalAddress, type EnvironmentJson, type ResourceView } from './terraform-json';

/** One end of a flow: a security group's role, `internet`, or `cidr:<block>`. */
export type Endpoint = string;

export interface Flow {
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** `tcp/443`, `tcp/1024-65535`, `udp/53`, `all` */
  readonly traffic: string;
}

export interface Rule {
  /** The security group the rule belongs to (global address). */
  readonly group: string;
  readonly direction: 'ingress' | 'egress';
  readonly peer: { readonly group: string } | { readonly cidr: string } | { readonly prefixList: string };
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  /** The resource that holds the rule, for messages. */
  readonly source: string;
}

export interface Reachability {
  readonly flows: readonly Flow[];
  /** Group-to-group rules without the matching rule on the other side: they allow nothing, and are noise. */
  readonly oneSided: readonly Rule[];
}

/** Construct IDs of the security groups and the role each plays in the traffic table. */
export const SECURITY_GROUP_ROLES: Readonly<Record<string, string>> = {
  LoadBalancerSecurityGroup: 'load-balancer',
  AppSecurityGroup: 'app',
  BastionSecurityGroup: 'bastion',
  DatabaseSecurityGroup: 'database',
  EndpointSecurityGroup: 'endpoints',
  DefaultSecurityGroup: 'default',
};

export const INTERNET = 'internet';

/** S3's prefix list, as the flows name it: the destination of traffic to S3 through its gateway endpoint. */
export const S3_PREFIX_LIST = 'prefix-list:s3';

export function flowKey(flow: Flow): string {
  return `${flow.from} -> ${flow.to} ${flow.traffic}`;
}

function normalizeProtocol(protocol: unknown): string {
  const text = String(protocol ?? '-1').toLowerCase();
  return (
    ({ '-1': 'all', all: 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' } as Record<string, string>)[
      text
    ] ?? text
  );
}

function portRange(protocol: string, from: unknown, to: unknown): [number, number] {
  if (protocol === 'all') return [0, 65535];
  const low = Number(from ?? 0);
  const high = Number(to ?? low);
  return [low, high];
}

function describeTraffic(protocol: string, from: number, to: number): string {
  if (protocol === 'all') return 'all';
  if (protocol !== 'tcp' && protocol !== 'udp') return protocol;
  return from === to ? `${protocol}/${from}` : `${protocol}/${from}-${to}`;
}

/** Every rule of every security group in the environment, whatever resource type holds it. */
export function collectRules(env: EnvironmentJson): Rule[] {
  const groupOf = (resource: ResourceView, expression: unknown): string => {
    const target = env.referencedResource(resource.stack, expression);
    return target ? globalAddress(target) : `unresolved:${String(expression)}`;
  };
  const rules: Rule[] = [];
  const add = (base: Omit<Rule, 'peer'>, peers: Rule['peer'][]) => {
    for (const peer of peers) rules.push({ ...base, peer });
  };

  for (const direction of ['ingress', 'egress'] as const) {
    for (const resource of env.ofType(`aws_vpc_security_group_${direction}_rule`)) {
      const c = resource.config;
      const protocol = normalizeProtocol(c.ip_protocol);
      const [from, to] = portRange(protocol, c.from_port, c.to_port);
      const peers: Rule['peer'][] = [];
      if (c.cidr_ipv4) peers.push({ cidr: String(c.cidr_ipv4) });
      if (c.cidr_ipv6) peers.push({ cidr: String(c.cidr_ipv6) });
      if (c.referenced_security_group_id) peers.push({ group: groupOf(resource, c.referenced_security_group_id) });
      if (c.prefix_list_id) peers.push({ prefixList: String(c.prefix_list_id) });
      add(
        {
          group: groupOf(resource, c.security_group_id),
          direction,
          protocol,
          from,
          to,
          source: globalAddress(resource),
        },
        peers,
      );
    }
  }
  for (const resource of env.ofType('aws_security_group_rule')) {
    const c = resource.config;
    const direction = c.type === 'egress' ? 'egress' : 'ingress';
    const group = groupOf(resource, c.security_group_id);
    const protocol = normalizeProtocol(c.protocol);
    const [from, to] = portRange(protocol, c.from_port, c.to_port);
    add(
      { group, direction, protocol, from, to, source: globalAddress(resource) },
      inlinePeers(c, group, (e) => groupOf(resource, e)),
    );
  }
  for (const type of ['aws_security_group', 'aws_default_security_group']) {
    for (const resource of env.ofType(type)) {
      const group = globalAddress(resource);
      for (const direction of ['ingress', 'egress'] as const) {
        for (const inline of blocks(resource.config[direction])) {
          const protocol = normalizeProtocol(inline.protocol);
          const [from, to] = portRange(protocol, inline.from_port, inline.to_port);
          add(
            { group, direction, protocol, from, to, source: `${group} (inline ${direction})` },
            inlinePeers(inline, group, (e) => groupOf(resource, e)),
          );
        }
      }
    }
  }
  return rules;
}

/** Peers of the legacy rule shapes: CIDR lists, group lists, `self`. */
function inlinePeers(
  c: Record<string, unknown>,
  group: string,
  resolveGroup: (expression: unknown) => string,
): Rule['peer'][] {
  const list = (value: unknown): unknown[] =>
    Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return [
    ...list(c.cidr_blocks).map((cidr) => ({ cidr: String(cidr) })),
    ...list(c.ipv6_cidr_blocks).map((cidr) => ({ cidr: String(cidr) })),
    ...list(c.security_groups).map((expression) => ({ group: resolveGroup(expression) })),
    ...list(c.source_security_group_id).map((expression) => ({ group: resolveGroup(expression) })),
    ...list(c.prefix_list_ids).map((id) => ({ prefixList: String(id) })),
    ...(c.self === true ? [{ group }] : []),
  ];
}

function intersect(a: Rule, b: Rule): { protocol: string; from: number; to: number } | undefined {
  const protocol =
    a.protocol === 'all' ? b.protocol : b.protocol === 'all' || b.protocol === a.protocol ? a.protocol : undefined;
  if (!protocol) return undefined;
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.to, b.to);
  return from <= to ? { protocol, from, to } : undefined;
}

/**
 * The flows the rules allow. `roleOf` names a group (by global address) for the flow table; `vpcCidrs` decide
 * which CIDR egress rules also reach groups inside the VPC.
 */
export function reachability(env: EnvironmentJson, roleOf: (group: string) => string = defaultRole): Reachability {
  const rules = collectRules(env);
  const vpcCidrs = env
    .ofType('aws_vpc')
    .map((vpc) => parseCidr(String(vpc.config.cidr_block)))
    .filter((c): c is Cidr => typeof c !== 'string');
  const reachesVpc = (cidr: string): boolean => {
    const parsed = parseCidr(cidr, 'any');
    return (
      typeof parsed !== 'string' &&
      (parsed.prefixLength === 0 || vpcCidrs.some((vpc) => contains(parsed, vpc) || contains(vpc, parsed)))
    );
  };
  const endpoint = (cidr: string): Endpoint => {
    const parsed = parseCidr(cidr, 'any');
    return typeof parsed !== 'string' && parsed.prefixLength === 0 ? INTERNET : `cidr:${cidr}`;
  };
  const flows = new Map<string, Flow>();
  const addFlow = (flow: Flow) => flows.set(flowKey(flow), flow);
  const oneSided: Rule[] = [];

  for (const rule of rules) {
    const self = roleOf(rule.group);
    if ('prefixList' in rule.peer) {
      const other = prefixListName(env, rule);
      addFlow(
        rule.direction === 'ingress'
          ? { from: other, to: self, traffic: describeTraffic(rule.protocol, rule.from, rule.to) }
          : { from: self, to: other, traffic: describeTraffic(rule.protocol, rule.from, rule.to) },
      );
      continue;
    }
    if ('cidr' in rule.peer) {
      const traffic = describeTraffic(rule.protocol, rule.from, rule.to);
      addFlow(
        rule.direction === 'ingress'
          ? { from: endpoint(rule.peer.cidr), to: self, traffic }
          : { from: self, to: endpoint(rule.peer.cidr), traffic },
      );
      continue;
    }
    // Group to group: the other side must allow it too.
    const peerGroup = rule.peer.group;
    const opposite = rule.direction === 'ingress' ? 'egress' : 'ingress';
    const matching = rules.filter(
      (other) =>
        other.group === peerGroup &&
        other.direction === opposite &&
        (('group' in other.peer && other.peer.group === rule.group) ||
          ('cidr' in other.peer && reachesVpc(other.peer.cidr))),
    );
    const effective = matching.map((other) => intersect(rule, other)).filter((r) => r !== undefined);
    if (effective.length === 0) {
      oneSided.push(rule);
      continue;
    }
    for (const range of effective) {
      const traffic = describeTraffic(range.protocol, range.from, range.to);
      addFlow(
        rule.direction === 'ingress'
          ? { from: roleOf(peerGroup), to: self, traffic }
          : { from: self, to: roleOf(peerGroup), traffic },
      );
    }
  }
  return { flows: [...flows.values()].sort((a, b) => flowKey(a).localeCompare(flowKey(b))), oneSided };
}

/**
 * `prefix-list:<service>` for the prefix list of a gateway endpoint the rule refers to (`prefix-list:s3`), else
 * `prefix-list:<id or expression>`.
 */
function prefixListName(env: EnvironmentJson, rule: Rule): string {
  const expression = 'prefixList' in rule.peer ? rule.peer.prefixList : '';
  const stack = rule.source.slice(0, rule.source.indexOf(':'));
  const endpoint = env.referencedResource(stack, expression);
  if (endpoint?.type === 'aws_vpc_endpoint')
    return `prefix-list:${String(endpoint.config.service_name).split('.').pop()}`;
  return `prefix-list:${expression}`;
}

/** A group's role from its construct ID, or its address when it has none. */
export function defaultRole(group: string): string {
  const name = group.split('.').pop() ?? group;
  return SECURITY_GROUP_ROLES[name] ?? group;
}
