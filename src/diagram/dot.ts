// The architecture diagram of one environment as Graphviz DOT, read from its synthesized Terraform JSON: the VPC,
// its AZs and subnets, the gateways, instances, load balancer, Auto Scaling group and database placed where the
// JSON puts them, the traffic the security groups allow (`reachability`) and the egress routes. Nothing is
// looked up by construct name, and everything is sorted, so the same JSON always gives the same text.
import { isTrue, referenced, stringList } from '../policy/rules/values';
import { INTERNET, reachability } from '../policy/reachability';
import { block, blocks, globalAddress, type EnvironmentJson, type ResourceView } from '../policy/terraform-json';

const FONT = 'Helvetica,Arial,sans-serif';
const COLORS = {
  vpc: { fill: '#f6f6f6', border: '#7a7a7a' },
  zone: { fill: '#ffffff', border: '#9a9a9a' },
  public: { fill: '#e3f4e1', border: '#5f9e5a' },
  private: { fill: '#e1ecf8', border: '#5a7fb0' },
  other: { fill: '#f2f2f2', border: '#9a9a9a' },
  traffic: '#1f3b63',
  egress: '#8a8a8a',
};

type Attributes = Record<string, string | number | boolean>;

interface Subnet {
  readonly resource: ResourceView;
  readonly key: string;
  readonly vpc: string | undefined;
  readonly zone: string;
  readonly cidr: string;
  /** `public`, `private`, or the tag's value; `subnet` when untagged. */
  readonly kind: string;
}

interface DiagramNode {
  readonly id: string;
  readonly attributes: Attributes;
  /** A subnet key, `vpc:<key>`, or undefined for outside every VPC. */
  readonly place: string | undefined;
  /** Security groups (global addresses) whose traffic the node sends and receives. */
  readonly groups: readonly string[];
  /** Whether traffic to its groups is drawn to this node (false for a standby). */
  readonly receives: boolean;
  /** `bastion` for an instance that address ranges (not the whole internet) may reach. */
  readonly role?: string;
  /** Subnets a node drawn outside them is in (a load balancer). */
  readonly spans?: readonly string[];
}

interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly attributes: Attributes;
}

/** The DOT source of the architecture diagram of `env`, titled `title`. */
export function diagramSource(env: EnvironmentJson, title: string): string {
  return new DiagramBuilder(env).build(title);
}

class DiagramBuilder {
  private readonly subnets: Subnet[];
  private readonly nodes: DiagramNode[] = [];
  private readonly edges: DiagramEdge[] = [];
  /** Nodes of different clusters drawn on one rank (a database's primary and standby). */
  private readonly sameRank: [string, string][] = [];

  constructor(private readonly env: EnvironmentJson) {
    this.subnets = sorted(env.ofType('aws_subnet')).map((resource) => {
      const tags = (resource.config.tags ?? {}) as Record<string, unknown>;
      return {
        resource,
        key: globalAddress(resource),
        vpc: this.refKey(resource, resource.config.vpc_id),
        zone: String(resource.config.availability_zone ?? resource.config.availability_zone_id ?? 'AZ not set'),
        cidr: String(resource.config.cidr_block ?? '?'),
        kind: typeof tags.SubnetType === 'string' ? tags.SubnetType : 'subnet',
      };
    });
    this.subnets.sort(
      (a, b) =>
        compare(a.zone, b.zone) ||
        compare(kindOrder(a.kind), kindOrder(b.kind)) ||
        compareCidr(a.cidr, b.cidr) ||
        compare(a.key, b.key),
    );
  }

  build(title: string): string {
    this.addGateways();
    this.addInstances();
    this.addLoadBalancers();
    this.addAutoScalingGroups();
    this.addDatabases();
    this.addVpcEndpoints();
    this.addTraffic();
    this.addEgress();
    return this.render(title);
  }

  // ---- reading the JSON --------------------------------------------------------------------------------------

  /** The global address of the resource a value refers to. */
  private refKey(from: ResourceView, value: unknown): string | undefined {
    const target = referenced(this.env, from, value);
    return target ? globalAddress(target) : undefined;
  }

  private subnet(key: string | undefined): Subnet | undefined {
    return this.subnets.find((s) => s.key === key);
  }

  /** The subnets a list attribute refers to, in diagram order. */
  private subnetsOf(from: ResourceView, value: unknown): Subnet[] {
    const keys = new Set(stringList(value).map((v) => this.refKey(from, v)));
    return this.subnets.filter((s) => keys.has(s.key));
  }

  private groupsOf(from: ResourceView, ...values: unknown[]): string[] {
    const keys = values.flatMap((value) => stringList(value).map((v) => this.refKey(from, v)));
    return [...new Set(keys.filter((k): k is string => k !== undefined))].sort(compare);
  }

  /** Where a subnet's default route goes: the global address of a NAT gateway or internet gateway. */
  private defaultRoute(subnet: Subnet): ResourceView | undefined {
    const association = sorted(this.env.ofType('aws_route_table_association')).find(
      (a) => this.refKey(a, a.config.subnet_id) === subnet.key,
    );
    const table = association ? referenced(this.env, association, association.config.route_table_id) : undefined;
    if (!table) return undefined;
    const tableKey = globalAddress(table);
    const routes: { owner: ResourceView; route: Record<string, unknown> }[] = [
      ...sorted(this.env.ofType('aws_route'))
        .filter((r) => this.refKey(r, r.config.route_table_id) === tableKey)
        .map((owner) => ({ owner, route: owner.config })),
      ...blocks(table.config.route).map((route) => ({ owner: table, route })),
    ];
    const fallback = routes.find(
      ({ route }) => route.destination_cidr_block === '0.0.0.0/0' || route.cidr_block === '0.0.0.0/0',
    );
    if (!fallback) return undefined;
    const { owner, route } = fallback;
    return referenced(this.env, owner, route.nat_gateway_id) ?? referenced(this.env, owner, route.gateway_id);
  }

  // ---- nodes ---------------------------------------------------------------------------------------------------

  private add(node: DiagramNode): void {
    this.nodes.push(node);
  }

  private addGateways(): void {
    for (const igw of sorted(this.env.ofType('aws_internet_gateway'))) {
      const vpc = this.refKey(igw, igw.config.vpc_id);
      this.add({
        id: nodeId(igw),
        place: vpc ? `vpc:${vpc}` : undefined,
        groups: [],
        receives: false,
        attributes: { label: 'Internet gateway', shape: 'box', style: 'rounded,filled,bold', fillcolor: '#fff7e0' },
      });
    }
    for (const nat of sorted(this.env.ofType('aws_nat_gateway'))) {
      const subnet = this.subnet(this.refKey(nat, nat.config.subnet_id));
      const eip = referenced(this.env, nat, nat.config.allocation_id);
      const kind = nat.config.connectivity_type === 'private' ? 'private NAT gateway' : 'NAT gateway';
      this.add({
        id: nodeId(nat),
        place: subnet?.key,
        groups: [],
        receives: false,
        attributes: { ...withElasticIp(kind, eip), fillcolor: '#fff7e0' },
      });
    }
  }

  private addInstances(): void {
    for (const instance of sorted(this.env.ofType('aws_instance'))) {
      const subnet = this.subnet(this.refKey(instance, instance.config.subnet_id));
      const launchTemplate = referenced(this.env, instance, block(instance.config.launch_template)?.id);
      const groups = this.groupsOf(
        instance,
        instance.config.vpc_security_group_ids,
        instance.config.security_groups,
        ...this.launchTemplateGroups(launchTemplate),
      );
      const type = instance.config.instance_type ?? launchTemplate?.config.instance_type;
      const role = this.isAdminTarget(groups) ? 'bastion' : 'EC2 instance';
      const eips = [
        ...sorted(this.env.ofType('aws_eip_association'))
          .filter((a) => this.refKey(a, a.config.instance_id) === globalAddress(instance))
          .map((a) => referenced(this.env, a, a.config.allocation_id))
          .filter((e): e is ResourceView => e !== undefined),
        ...sorted(this.env.ofType('aws_eip')).filter(
          (e) => this.refKey(e, e.config.instance) === globalAddress(instance),
        ),
      ];
      this.add({
        id: nodeId(instance),
        place: subnet?.key,
        groups,
        receives: true,
        role,
        attributes: withElasticIp(lines(role, type ? String(type) : undefined), eips[0]),
      });
    }
  }

  /** Whether any of `groups` takes traffic from an address range other than the whole internet. */
  private isAdminTarget(groups: readonly string[]): boolean {
    return this.flows().some((f) => f.from.startsWith('cidr:') && groups.includes(f.to));
  }

  private launchTemplateGroups(template: ResourceView | undefined): unknown[] {
    if (!template) return [];
    return [
      template.config.vpc_security_group_ids,
      template.config.security_group_names,
      ...blocks(template.config.network_interfaces).map((ni) => ni.security_groups),
    ];
  }

  private addLoadBalancers(): void {
    for (const lb of sorted(this.env.ofType('aws_lb'))) {
      const subnets = this.subnetsOf(lb, [
        ...stringList(lb.config.subnets),
        ...blocks(lb.config.subnet_mapping).map((m) => m.subnet_id),
      ]);
      const type =
        lb.config.load_balancer_type === 'network'
          ? 'Network Load Balancer'
          : lb.config.load_balancer_type === 'gateway'
            ? 'Gateway Load Balancer'
            : 'Application Load Balancer';
      const scheme = isTrue(lb.config.internal) ? 'internal' : 'internet-facing';
      const vpc = subnets[0]?.vpc;
      // A web ACL in front of it shows in its box: it is the edge's first filter, not a node of its own.
      const webAcl = this.env
        .ofType('aws_wafv2_web_acl_association')
        .some((association) => referenced(this.env, association, association.config.resource_arn) === lb);
      this.add({
        id: nodeId(lb),
        place: vpc ? `vpc:${vpc}` : undefined,
        groups: this.groupsOf(lb, lb.config.security_groups),
        receives: true,
        spans: subnets.map((s) => s.key),
        attributes: {
          label: lines(
            type,
            scheme,
            ...(webAcl ? ['behind a WAF web ACL'] : []),
            `in ${subnets.map((s) => `${s.kind} ${s.cidr}`).join('\n+ ')}`,
          ),
          fillcolor: '#fff1dc',
          style: 'rounded,filled,bold',
        },
      });
    }
  }

  private addAutoScalingGroups(): void {
    for (const asg of sorted(this.env.ofType('aws_autoscaling_group'))) {
      const spec =
        block(asg.config.launch_template) ??
        block(block(block(asg.config.mixed_instances_policy)?.launch_template)?.launch_template_specification);
      const template = referenced(this.env, asg, spec?.id ?? spec?.launch_template_id);
      const groups = this.groupsOf(template ?? asg, ...this.launchTemplateGroups(template));
      const type = template?.config.instance_type;
      const capacity = `desired ${String(asg.config.desired_capacity ?? asg.config.min_size ?? '?')} · min ${String(asg.config.min_size ?? '?')} · max ${String(asg.config.max_size ?? '?')}`;
      const name = typeof asg.config.name === 'string' ? asg.config.name : asg.name;
      const label = lines(
        type ? `app instances (${String(type)})` : 'app instances',
        `Auto Scaling group ${name}`,
        capacity,
      );
      const subnets = this.subnetsOf(asg, asg.config.vpc_zone_identifier);
      for (const subnet of subnets) {
        this.add({
          id: `${nodeId(asg)}__${nodeId(subnet.resource)}`,
          place: subnet.key,
          groups,
          receives: true,
          attributes: { label, fillcolor: '#ffffff', peripheries: 2 },
        });
      }
    }
  }

  private addDatabases(): void {
    for (const db of sorted(this.env.ofType('aws_db_instance'))) {
      const group = referenced(this.env, db, db.config.db_subnet_group_name);
      const subnets = group ? this.subnetsOf(group, group.config.subnet_ids) : [];
      const groups = this.groupsOf(db, db.config.vpc_security_group_ids);
      const engine = [db.config.engine, db.config.engine_version].filter((v) => v !== undefined).join(' ');
      const multiAz = isTrue(db.config.multi_az);
      const chosen =
        typeof db.config.availability_zone === 'string'
          ? subnets.find((s) => s.zone === db.config.availability_zone)
          : undefined;
      const primary = chosen ?? subnets[0];
      const attributes = { shape: 'cylinder', style: 'filled', fillcolor: '#fdf0f0' };
      const primaryLabel = lines(
        `RDS ${engine}`,
        String(db.config.instance_class ?? ''),
        multiAz ? 'primary' : chosen ? 'single-AZ' : 'single-AZ (AZ picked by RDS)',
      );
      this.add({
        id: nodeId(db),
        place: primary?.key,
        groups,
        receives: true,
        attributes: { ...attributes, label: primaryLabel },
      });
      const standby = multiAz ? subnets.find((s) => s !== primary && s.zone !== primary?.zone) : undefined;
      if (standby) {
        const id = `${nodeId(db)}__standby`;
        this.add({
          id,
          place: standby.key,
          groups,
          receives: false,
          attributes: {
            ...attributes,
            label: lines(`RDS ${engine}`, String(db.config.instance_class ?? ''), 'standby'),
            style: 'filled,dashed',
          },
        });
        this.sameRank.push([nodeId(db), id]);
        this.edges.push({
          from: nodeId(db),
          to: id,
          attributes: {
            label: 'sync replication',
            style: 'dashed',
            color: COLORS.egress,
            fontcolor: '#555555',
            arrowhead: 'none',
            constraint: false,
          },
        });
      }
    }
  }

  /**
   * VPC endpoints: the interface endpoints as one node in the VPC (each has an interface in every subnet it names,
   * like a load balancer), with their security groups; a gateway endpoint as a node reached through its prefix list
   * (the flows name it `prefix-list:<service>`).
   */
  private addVpcEndpoints(): void {
    const endpoints = sorted(this.env.ofType('aws_vpc_endpoint'));
    const service = (endpoint: ResourceView) =>
      String(endpoint.config.service_name ?? '?').replace(/^com\.amazonaws\.[a-z0-9-]+\./, '');
    const interfaces = endpoints.filter((e) => e.config.vpc_endpoint_type === 'Interface');
    if (interfaces.length > 0) {
      const subnets = [
        ...new Map(interfaces.flatMap((e) => this.subnetsOf(e, e.config.subnet_ids)).map((s) => [s.key, s])).values(),
      ];
      const groups = [...new Set(interfaces.flatMap((e) => this.groupsOf(e, e.config.security_group_ids)))].sort(
        compare,
      );
      const names = interfaces.map(service).sort(compare);
      const rows: string[][] = [];
      for (let i = 0; i < names.length; i += 4) rows.push(names.slice(i, i + 4));
      const vpc = subnets[0]?.vpc;
      this.add({
        id: 'vpc_interface_endpoints',
        place: vpc ? `vpc:${vpc}` : undefined,
        groups,
        receives: true,
        spans: subnets.map((s) => s.key),
        attributes: {
          label: lines(
            'VPC interface endpoints',
            ...rows.map((row) => row.join(' · ')),
            `in ${subnets.map((s) => `${s.kind} ${s.cidr}`).join(' + ')}`,
          ),
          fillcolor: '#eef3fb',
        },
      });
    }
    for (const gateway of endpoints.filter((e) => e.config.vpc_endpoint_type === 'Gateway')) {
      const vpc = this.refKey(gateway, gateway.config.vpc_id);
      this.add({
        id: nodeId(gateway),
        place: vpc ? `vpc:${vpc}` : undefined,
        groups: [`prefix-list:${service(gateway).split('.').pop() ?? ''}`],
        receives: true,
        attributes: {
          label: lines(`${service(gateway).toUpperCase()} gateway endpoint`, 'routes of every subnet'),
          fillcolor: '#eef3fb',
        },
      });
    }
  }

  // ---- edges ---------------------------------------------------------------------------------------------------

  private cachedFlows: ReturnType<typeof reachability>['flows'] | undefined;

  /** The allowed flows, with security groups named by global address. */
  private flows() {
    this.cachedFlows ??= reachability(this.env, (group) => group).flows;
    return this.cachedFlows;
  }

  private nodesOf(endpoint: string, receiving: boolean): DiagramNode[] {
    return this.nodes.filter((n) => n.groups.includes(endpoint) && (!receiving || n.receives));
  }

  private addTraffic(): void {
    const internetId = 'internet';
    const pairs = new Map<string, { from: string; to: string; traffic: Set<string> }>();
    const outside = new Map<string, { id: string; label: string; cidrs: Set<string> }>();
    const endpointNodes = (endpoint: string, receiving: boolean, peerOf: () => DiagramNode[]): string[] => {
      if (endpoint === INTERNET) return [internetId];
      const mapped = this.nodesOf(endpoint, receiving);
      if (mapped.length > 0) return mapped.map((n) => n.id);
      if (endpoint.startsWith('cidr:')) {
        // Address ranges that may reach a node: one "who" node per target, listing the ranges.
        const targets = peerOf();
        const admins = targets.some((t) => t.role === 'bastion');
        const key = targets.map((t) => t.id).join(',');
        const entry = outside.get(key) ?? {
          id: `sources_${outside.size + 1}`,
          label: admins ? 'administrators' : 'allowed addresses',
          cidrs: new Set<string>(),
        };
        entry.cidrs.add(endpoint.slice('cidr:'.length));
        outside.set(key, entry);
        return [entry.id];
      }
      const id = `other_${sanitize(endpoint)}`;
      if (!this.nodes.some((n) => n.id === id))
        this.add({
          id,
          place: undefined,
          groups: [],
          receives: false,
          attributes: { label: endpoint, style: 'dashed' },
        });
      return [id];
    };
    for (const flow of this.flows()) {
      if (flow.to === INTERNET || flow.to.startsWith('cidr:')) continue; // egress: drawn along the routes
      const targets = endpointNodes(flow.to, true, () => []);
      const sources = endpointNodes(flow.from, false, () => this.nodesOf(flow.to, true));
      for (const from of sources) {
        for (const to of targets) {
          if (from === to) continue;
          const key = `${from} -> ${to}`;
          const pair = pairs.get(key) ?? { from, to, traffic: new Set<string>() };
          pair.traffic.add(flow.traffic);
          pairs.set(key, pair);
        }
      }
    }
    if ([...pairs.values()].some((p) => p.from === internetId) || this.egressTraffic(this.nodes).length > 0) {
      this.add({
        id: internetId,
        place: undefined,
        groups: [],
        receives: false,
        attributes: { label: 'Internet', shape: 'ellipse', style: 'filled', fillcolor: '#fff4d6' },
      });
    }
    for (const entry of [...outside.values()].sort((a, b) => compare(a.id, b.id))) {
      const cidrs = [...entry.cidrs].sort(compareCidr);
      this.add({
        id: entry.id,
        place: undefined,
        groups: [],
        receives: false,
        attributes: { label: lines(entry.label, ...cidrs), shape: 'ellipse', style: 'filled', fillcolor: '#f3e8fb' },
      });
    }
    for (const pair of [...pairs.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to))) {
      const label = [...pair.traffic].sort(compareTraffic).join(', ');
      this.edges.push({
        from: pair.from,
        to: pair.to,
        attributes: { label, color: COLORS.traffic, fontcolor: COLORS.traffic, penwidth: 1.4 },
      });
    }
  }

  /** `tcp/443`, ... that the nodes' security groups allow out to the internet. */
  private egressTraffic(nodes: readonly DiagramNode[]): string[] {
    const groups = new Set(nodes.flatMap((n) => n.groups));
    return [
      ...new Set(
        this.flows()
          .filter((f) => f.to === INTERNET && groups.has(f.from))
          .map((f) => f.traffic),
      ),
    ].sort(compareTraffic);
  }

  /**
   * Egress along the routes: each subnet's default route to its NAT gateway, the NAT gateways' and public
   * instances' way to the internet gateway, and on to the internet. Drawn upwards (`dir=back`) so that they
   * do not pull the layout out of its top-down order. A route to a NAT gateway in another AZ (dev: one NAT
   * gateway for both private subnets) does not constrain the layout: it would pull the AZs out of order.
   */
  private addEgress(): void {
    const egress = { color: COLORS.egress, fontcolor: '#555555', style: 'dashed', dir: 'back' };
    const outLabel = (traffic: string[]) =>
      traffic.length === 0 ? '' : `${traffic.map((t) => t.replace(/^tcp\//, '')).join(', ')} out`;
    const viaIgw = new Map<string, DiagramNode[]>();
    const reachIgw = (igw: ResourceView, from: DiagramNode, senders: DiagramNode[]) => {
      const key = nodeId(igw);
      viaIgw.set(key, [...(viaIgw.get(key) ?? []), ...senders]);
      const traffic = this.egressTraffic(senders);
      if (from.groups.length > 0 && traffic.length === 0) return; // an instance that may not go out
      this.edges.push({ from: key, to: from.id, attributes: { ...egress, label: outLabel(traffic) } });
    };
    const natSenders = new Map<string, DiagramNode[]>();
    for (const subnet of this.subnets) {
      const target = this.defaultRoute(subnet);
      const inside = this.nodes.filter((n) => n.place === subnet.key);
      if (target?.type === 'aws_nat_gateway') {
        const senders = inside.filter((n) => n.groups.length > 0);
        natSenders.set(globalAddress(target), [...(natSenders.get(globalAddress(target)) ?? []), ...senders]);
        const natZone = this.subnet(this.refKey(target, target.config.subnet_id))?.zone;
        // Across AZs the edge is laid out last, and its middle label would land on other edges: label its end.
        const label: Attributes =
          natZone === subnet.zone
            ? { label: '0.0.0.0/0' }
            : {
                headlabel: '0.0.0.0/0',
                labelangle: -25,
                labeldistance: 6,
                labelfontcolor: '#555555',
                labelfontsize: 10,
                constraint: false,
              };
        this.edges.push({
          from: nodeId(target),
          to: anchorId(subnet, inside),
          attributes: { ...egress, ...label, lhead: clusterId(subnet) },
        });
      }
    }
    for (const nat of sorted(this.env.ofType('aws_nat_gateway'))) {
      const subnet = this.subnet(this.refKey(nat, nat.config.subnet_id));
      const igw = subnet ? this.defaultRoute(subnet) : undefined;
      const node = this.nodes.find((n) => n.id === nodeId(nat));
      if (igw?.type === 'aws_internet_gateway' && node) reachIgw(igw, node, natSenders.get(globalAddress(nat)) ?? []);
    }
    for (const subnet of this.subnets) {
      const igw = this.defaultRoute(subnet);
      if (igw?.type !== 'aws_internet_gateway') continue;
      for (const node of this.nodes.filter((n) => n.place === subnet.key && n.groups.length > 0))
        reachIgw(igw, node, [node]);
    }
    for (const [igw, senders] of [...viaIgw.entries()].sort(([a], [b]) => compare(a, b))) {
      const traffic = this.egressTraffic(senders);
      if (traffic.length > 0)
        this.edges.push({ from: 'internet', to: igw, attributes: { ...egress, label: outLabel(traffic) } });
    }
  }

  // ---- DOT -----------------------------------------------------------------------------------------------------

  private render(title: string): string {
    const out: string[] = [];
    out.push('digraph architecture {');
    out.push(
      `  graph ${attrs({ label: title, labelloc: 't', fontname: FONT, fontsize: 20, rankdir: 'TB', compound: true, newrank: true, nodesep: 0.35, ranksep: 0.45, pad: 0.3, bgcolor: 'white' })};`,
    );
    out.push(
      `  node ${attrs({ fontname: FONT, fontsize: 11, shape: 'box', style: 'rounded,filled', fillcolor: 'white', color: '#555555', margin: '0.15,0.07' })};`,
    );
    out.push(`  edge ${attrs({ fontname: FONT, fontsize: 10, arrowsize: 0.7 })};`);
    out.push('');
    const emitNodes = (place: string | undefined, indent: string) => {
      const here = this.nodes.filter((n) => n.place === place);
      for (const node of here) out.push(`${indent}${quote(node.id)} ${attrs(node.attributes)};`);
    };
    const vpcs = sorted(this.env.ofType('aws_vpc'));
    // Nodes outside the VPC in the order of the columns they talk to (an AZ, or the middle for the VPC's own
    // nodes), so that their edges go straight down: the first position Graphviz tries is the input order.
    const column = new Map<string, number>();
    for (const vpc of vpcs) {
      const subnets = this.subnets.filter((s) => s.vpc === globalAddress(vpc));
      const zones = [...new Set(subnets.map((s) => s.zone))];
      for (const node of this.nodes) {
        const subnet = subnets.find((s) => s.key === node.place);
        if (subnet) column.set(node.id, zones.indexOf(subnet.zone));
        else if (node.place === `vpc:${globalAddress(vpc)}`) column.set(node.id, (zones.length - 1) / 2);
      }
    }
    const columnOf = (id: string): number => {
      const peers = this.edges
        .flatMap((e) => (e.from === id ? [e.to] : e.to === id ? [e.from] : []))
        .map((peer) => column.get(peer));
      const known = peers.filter((c): c is number => c !== undefined);
      return known.length === 0 ? Number.MAX_SAFE_INTEGER : known.reduce((a, b) => a + b, 0) / known.length;
    };
    const outside = this.nodes
      .filter((n) => n.place === undefined)
      .sort((a, b) => columnOf(a.id) - columnOf(b.id) || compare(a.id, b.id));
    for (const node of outside) out.push(`  ${quote(node.id)} ${attrs(node.attributes)};`);
    vpcs.forEach((vpc, v) => {
      const key = globalAddress(vpc);
      const name = ((vpc.config.tags ?? {}) as Record<string, unknown>).Name;
      out.push('');
      out.push(`  subgraph cluster_vpc_${v} {`);
      out.push(
        `    graph ${attrs({ label: lines(`VPC ${String(vpc.config.cidr_block ?? '')}`, typeof name === 'string' ? name : undefined), style: 'filled,rounded', fillcolor: COLORS.vpc.fill, color: COLORS.vpc.border, fontsize: 14, penwidth: 1.5, labeljust: 'r' })};`,
      ); // right: clear of the edges that come in from above
      emitNodes(`vpc:${key}`, '    ');
      const subnets = this.subnets.filter((s) => s.vpc === key);
      const zones = [...new Set(subnets.map((s) => s.zone))];
      zones.forEach((zone, z) => {
        out.push(`    subgraph cluster_vpc_${v}_zone_${z} {`);
        out.push(
          `      graph ${attrs({ label: `AZ ${zone}`, style: 'dashed,rounded,filled', fillcolor: COLORS.zone.fill, color: COLORS.zone.border, fontsize: 13, labeljust: 'c', labelloc: 'b' })};`,
        );
        for (const subnet of subnets.filter((s) => s.zone === zone)) {
          const colors =
            subnet.kind === 'public' ? COLORS.public : subnet.kind === 'private' ? COLORS.private : COLORS.other;
          out.push(`      subgraph ${clusterId(subnet)} {`);
          // A private subnet's label (and an AZ's) at the bottom: the traffic edges come in from above.
          const labelloc = subnet.kind === 'public' ? 't' : 'b';
          out.push(
            `        graph ${attrs({ label: `${subnet.kind} ${subnet.cidr}`, style: 'filled,rounded', fillcolor: colors.fill, color: colors.border, fontsize: 12, labeljust: 'c', labelloc })};`,
          );
          if (!this.nodes.some((n) => n.place === subnet.key)) {
            const spanned = this.nodes.some((n) => n.spans?.includes(subnet.key));
            out.push(
              `        ${quote(anchorId(subnet, []))} ${attrs({ label: spanned ? '(load balancer only)' : '(empty)', shape: 'plaintext', style: '', fontcolor: '#555555' })};`,
            );
          }
          emitNodes(subnet.key, '        ');
          out.push('      }');
        }
        out.push('    }');
      });
      out.push('  }');
    });
    // Nodes placed in a subnet or VPC the diagram does not draw (should not happen): shown outside.
    const drawn = new Set<string | undefined>([
      undefined,
      ...this.subnets.filter((s) => vpcs.some((v) => globalAddress(v) === s.vpc)).map((s) => s.key),
      ...vpcs.map((v) => `vpc:${globalAddress(v)}`),
    ]);
    for (const node of this.nodes.filter((n) => !drawn.has(n.place)))
      out.push(`  ${quote(node.id)} ${attrs(node.attributes)};`);
    out.push('');
    // Who starts traffic (the internet, administrators) on top; a standby level with its primary.
    if (outside.length > 0) out.push(`  { rank=min; ${outside.map((n) => quote(n.id)).join('; ')}; }`);
    for (const [a, b] of this.sameRank) out.push(`  { rank=same; ${quote(a)}; ${quote(b)}; }`);
    // The same kind of subnet at the same height in every AZ: an invisible edge between their first nodes, on
    // one rank (it also keeps an empty subnet from floating up to the top).
    for (const vpc of vpcs) {
      const subnets = this.subnets.filter((s) => s.vpc === globalAddress(vpc));
      const zones = [...new Set(subnets.map((s) => s.zone))];
      for (let z = 0; z + 1 < zones.length; z++) {
        for (const left of subnets.filter((s) => s.zone === zones[z])) {
          const right = subnets.find((s) => s.zone === zones[z + 1] && s.kind === left.kind);
          if (!right) continue;
          const [a, b] = [left, right].map((s) =>
            anchorId(
              s,
              this.nodes.filter((n) => n.place === s.key),
            ),
          );
          out.push(`  { rank=same; ${quote(a)} -> ${quote(b)} [style=invis]; }`);
        }
      }
    }
    out.push('');
    for (const edge of this.edges) out.push(`  ${quote(edge.from)} -> ${quote(edge.to)} ${attrs(edge.attributes)};`);
    out.push('}');
    return `${out.join('\n')}\n`;
  }
}

// ---- helpers -------------------------------------------------------------------------------------------------

function sorted(resources: readonly ResourceView[]): ResourceView[] {
  return [...resources].sort((a, b) => compare(globalAddress(a), globalAddress(b)));
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function kindOrder(kind: string): string {
  return kind === 'public' ? '0' : kind === 'private' ? '1' : `2${kind}`;
}

/** Orders `10.0.2.0/24` before `10.0.10.0/24`. */
function compareCidr(a: string, b: string): number {
  const parts = (cidr: string) => cidr.split(/[./:]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c =
      typeof pa[i] === 'number' && typeof pb[i] === 'number'
        ? (pa[i] as number) - (pb[i] as number)
        : compare(String(pa[i]), String(pb[i]));
    if (c !== 0) return c;
  }
  return pa.length - pb.length || compare(a, b);
}

/** `tcp/80` before `tcp/443`, protocols by name. */
function compareTraffic(a: string, b: string): number {
  const [pa, ra = ''] = a.split('/');
  const [pb, rb = ''] = b.split('/');
  return compare(pa, pb) || (parseInt(ra, 10) || 0) - (parseInt(rb, 10) || 0) || compare(a, b);
}

function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '_');
}

function nodeId(resource: ResourceView): string {
  return sanitize(`${resource.stack}__${resource.type}__${resource.name}`);
}

function clusterId(subnet: Subnet): string {
  return `cluster_${nodeId(subnet.resource)}`;
}

/** A node inside a subnet's cluster, for edges that end at the cluster. */
function anchorId(subnet: Subnet, inside: readonly DiagramNode[]): string {
  return inside[0]?.id ?? `${nodeId(subnet.resource)}__empty`;
}

function lines(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join('\n');
}

/**
 * A node that holds an Elastic IP: a rounded record with the IP as its second compartment, so the two stay
 * together whatever the layout does.
 */
function withElasticIp(label: string, eip: ResourceView | undefined): Attributes {
  if (!eip) return { label };
  // Braces, bars and angle brackets structure a record label: keep them out of the text.
  return { label: `${label.replace(/[{}|<>]/g, ' ')}|EIP`, shape: 'Mrecord', style: 'filled' };
}

/** A DOT double-quoted string; `\n` in the text becomes a centered line break. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function attrs(attributes: Attributes): string {
  return `[${Object.entries(attributes)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? quote(value) : String(value)}`)
    .join(', ')}]`;
}
