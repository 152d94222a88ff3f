// The architecture diagrams in docs/ are generated from the synthesized Terraform JSON (`npm run diagram`):
// they must match what the code builds now, show what the architecture has, and change when the JSON does.
import { environments } from '../../src/config/environments';
import { resolveEnvironment } from '../../src/config/resolve';
import { DatabaseEngine } from '../../src/config/settings';
import { diagramSource } from '../../src/diagram/dot';
import { DIAGRAM_ENVIRONMENTS, diagramPaths, renderSvg, synthesizeForDiagram } from '../../src/diagram/generate';
import { EnvironmentJson, type StackJson } from '../../src/policy/terraform-json';
import { expectUpToDate } from '../helpers/generated';

const FIX = 'run npm run diagram (or npm run docs) and commit docs/';

interface DotNode {
  readonly id: string;
  readonly label: string;
  /** Labels of the clusters around the node, outermost first. */
  readonly clusters: readonly string[];
}

/** The nodes (with their clusters) and edges of the DOT this project writes: one statement per line. */
function parseDot(dot: string): { nodes: DotNode[]; edges: { from: string; to: string; label: string }[] } {
  const unquote = (text: string) => text.replace(/\\n/g, '\n').replace(/\\"/g, '"');
  const labelOf = (attributes: string) => unquote(/(?:^|[ [])label="((?:[^"\\]|\\.)*)"/.exec(attributes)?.[1] ?? '');
  const stack: string[] = [];
  const nodes: DotNode[] = [];
  const edges: { from: string; to: string; label: string }[] = [];
  for (const line of dot.split('\n').map((l) => l.trim())) {
    if (line.startsWith('subgraph cluster')) stack.push('');
    else if (line === '}' && stack.length > 0) stack.pop();
    else if (line.startsWith('graph [') && stack.length > 0) stack[stack.length - 1] = labelOf(line);
    else {
      const edge = /^"([^"]+)" -> "([^"]+)" \[(.*)\];$/.exec(line);
      if (edge && !edge[3].includes('style=invis')) edges.push({ from: edge[1], to: edge[2], label: labelOf(edge[3]) });
      const node = /^"([^"]+)" \[(.*)\];$/.exec(line);
      if (node) nodes.push({ id: node[1], label: labelOf(node[2]), clusters: [...stack] });
    }
  }
  return { nodes, edges };
}

/** Each environment synthesized once for the whole file. */
const synthesized = new Map<string, ReturnType<typeof synthesizeForDiagram>>();
function synthesize(name: string): ReturnType<typeof synthesizeForDiagram> {
  if (!synthesized.has(name)) synthesized.set(name, synthesizeForDiagram(name));
  return synthesized.get(name)!;
}

describe.each(DIAGRAM_ENVIRONMENTS)('architecture diagram of %s', (name) => {
  const paths = diagramPaths(name);
  let dot: string;
  beforeAll(() => {
    const { env, title } = synthesize(name);
    dot = diagramSource(env, title);
  });

  test(`${paths.dot} is what the current synthesis gives`, () => {
    expectUpToDate(paths.dot, dot, FIX);
  });

  test(`${paths.svg} is the rendering of it`, async () => {
    expectUpToDate(paths.svg, await renderSvg(dot), FIX);
  });

  test('generating twice gives the same text', () => {
    const { env, title } = synthesize(name);
    expect(diagramSource(new EnvironmentJson(structuredClone(env.stacks) as Record<string, StackJson>), title)).toBe(
      dot,
    );
  });
});

describe('what the diagrams show', () => {
  test.each(DIAGRAM_ENVIRONMENTS)('%s: VPC, AZs, subnets, gateways, instances, database, traffic', (name) => {
    const config = resolveEnvironment(name, environments[name]);
    const { env, title } = synthesize(name);
    const { nodes, edges } = parseDot(diagramSource(env, title));
    const [zoneA, zoneB] = config.context.availabilityZones;
    const vpc = `VPC ${config.network.vpcCidr}`;
    const one = (predicate: (n: DotNode) => boolean, what: string): DotNode => {
      const found = nodes.filter(predicate);
      if (found.length !== 1) throw new Error(`expected one ${what}, found ${found.length}`);
      return found[0];
    };
    const edge = (from: DotNode, to: DotNode) =>
      edges.filter((e) => e.from === from.id && e.to === to.id).map((e) => e.label);
    // Egress edges are written upwards (`to -> from [dir=back]`) to keep the layout top-down.
    const egress = (from: DotNode, to: DotNode) => edge(to, from);

    expect(title).toBe(`devloop ${name} — ${config.context.region}`);

    // Subnets: every one in its AZ's cluster inside the VPC, labelled with its CIDR; public and private.
    const zoneOf = (n: DotNode) => n.clusters[1];
    const subnetOf = (n: DotNode) => n.clusters[2];
    const inVpc = nodes.filter((n) => n.clusters[0]?.startsWith(vpc));
    expect(new Set(inVpc.map(zoneOf).filter(Boolean))).toEqual(new Set([`AZ ${zoneA}`, `AZ ${zoneB}`]));
    const subnets = [
      ...config.network.publicSubnets.map((s) => ({ zone: s.availabilityZone, label: `public ${s.cidr}` })),
      ...config.network.privateSubnets.map((s) => ({ zone: s.availabilityZone, label: `private ${s.cidr}` })),
    ];
    expect(subnets).toHaveLength(4);
    for (const subnet of subnets) {
      expect(inVpc.some((n) => zoneOf(n) === `AZ ${subnet.zone}` && subnetOf(n) === subnet.label)).toBe(true);
    }

    // Gateways: one internet gateway in the VPC; NAT gateways with their EIPs in the public subnets.
    const internet = one((n) => n.label === 'Internet', 'internet');
    const igw = one((n) => n.label === 'Internet gateway', 'internet gateway');
    expect(igw.clusters).toEqual([expect.stringContaining(vpc)]);
    const nats = nodes.filter((n) => n.label === 'NAT gateway|EIP');
    expect(nats).toHaveLength(name === 'prod' ? 2 : 1);
    for (const nat of nats) expect(subnetOf(nat)).toMatch(/^public /);
    expect(nats.map(zoneOf).sort()).toEqual(name === 'prod' ? [`AZ ${zoneA}`, `AZ ${zoneB}`] : [`AZ ${zoneA}`]);

    // Bastion with its EIP in the first public subnet; the administrators' CIDRs outside the VPC.
    const bastion = one((n) => n.label.startsWith('bastion\n'), 'bastion');
    expect(bastion.label).toBe(`bastion\n${config.access.bastion?.instanceType}|EIP`);
    expect(subnetOf(bastion)).toBe(`public ${config.network.publicSubnets[0].cidr}`);
    const admins = one((n) => n.label.startsWith('administrators'), 'administrators node');
    expect(admins.label).toBe(['administrators', ...(config.access.bastion?.adminIpv4Cidrs ?? [])].join('\n'));
    expect(admins.clusters).toEqual([]);

    // The ALB in the VPC, next to the subnets, naming the public subnets it spans.
    const alb = one((n) => n.label.startsWith('Application Load Balancer'), 'load balancer');
    expect(alb.clusters).toEqual([expect.stringContaining(vpc)]);
    for (const subnet of config.network.publicSubnets) expect(alb.label).toContain(subnet.cidr);
    // Its web ACL, where there is one (prod), in its box.
    expect(alb.label.includes('behind a WAF web ACL')).toBe(config.app.webAcl);
    expect(config.app.webAcl).toBe(name === 'prod');

    // The Auto Scaling group: one node in each private subnet, with its capacity and instance type.
    const apps = nodes.filter((n) => n.label.includes('Auto Scaling group'));
    expect(apps.map(subnetOf).sort()).toEqual(config.network.privateSubnets.map((s) => `private ${s.cidr}`).sort());
    const { min, desired, max } = config.app.capacity;
    for (const app of apps) {
      expect(app.label).toContain(`(${config.app.instanceType})`);
      expect(app.label).toContain(`desired ${desired} · min ${min} · max ${max}`);
    }

    // The database: primary + standby in the two private subnets (multi-AZ), or one node.
    const databases = nodes.filter((n) => n.label.startsWith('RDS '));
    expect(databases.every((n) => n.label.includes(config.database.instanceClass))).toBe(true);
    if (config.database.multiAz) {
      expect(databases.map((n) => n.label.split('\n')[2]).sort()).toEqual(['primary', 'standby']);
      expect(new Set(databases.map(zoneOf))).toEqual(new Set([`AZ ${zoneA}`, `AZ ${zoneB}`]));
    } else {
      expect(databases).toHaveLength(1);
      expect(subnetOf(databases[0])).toMatch(/^private /);
    }
    expect(config.database.multiAz).toBe(name === 'prod');
    const primary = databases.find((n) => !n.label.endsWith('standby'))!;

    // Allowed traffic, with ports (HTTPS only where a certificate is set: prod).
    const web = config.app.listener.protocol === 'HTTPS' ? 'tcp/80, tcp/443' : 'tcp/80';
    expect(web).toBe(name === 'prod' ? 'tcp/80, tcp/443' : 'tcp/80');
    expect(edge(internet, alb)).toEqual([web]);
    expect(edge(admins, bastion)).toEqual(['tcp/22']);
    expect(`tcp/${config.app.port}`).toBe('tcp/8080');
    expect(config.database.engine).toBe(DatabaseEngine.MYSQL);
    for (const app of apps) {
      expect(edge(alb, app)).toEqual(['tcp/8080']);
      expect(edge(bastion, app)).toEqual(['tcp/22']);
      expect(edge(app, primary)).toEqual(['tcp/3306']);
    }

    // Egress: each private subnet's default route to a NAT gateway (its own AZ's in prod), NAT -> IGW -> internet;
    // but with interface endpoints (prod) the security groups let nothing out that way: HTTPS goes to the endpoints
    // and to S3 through its gateway endpoint instead.
    const out = config.network.interfaceEndpoints ? [] : ['443 out'];
    expect(config.network.interfaceEndpoints).toBe(name === 'prod');
    for (const app of apps) {
      const routes = edges.filter((e) => e.to === app.id && nats.some((n) => n.id === e.from));
      expect(routes).toHaveLength(1);
      const nat = nats.find((n) => n.id === routes[0].from)!;
      if (name === 'prod') expect(zoneOf(nat)).toBe(zoneOf(app));
      expect(egress(nat, igw)).toEqual(config.network.interfaceEndpoints ? [''] : ['443 out']);
    }
    expect(egress(bastion, igw)).toEqual(out);
    expect(egress(igw, internet)).toEqual(out);
    const s3 = nodes.filter((n) => n.label.startsWith('S3 gateway endpoint'));
    expect(s3).toHaveLength(1);
    const endpoints = nodes.filter((n) => n.label.startsWith('VPC interface endpoints'));
    expect(endpoints).toHaveLength(config.network.interfaceEndpoints ? 1 : 0);
    if (config.network.interfaceEndpoints) {
      expect(endpoints[0].label).toContain('ecr.api · ecr.dkr');
      for (const sender of [...apps, bastion])
        expect([edge(sender, endpoints[0]), edge(sender, s3[0])]).toEqual([['tcp/443'], ['tcp/443']]);
    }
  });
});

describe('the diagram follows the JSON', () => {
  const mutated = (name: string, change: (stacks: Record<string, StackJson>) => void) => {
    const { env, title } = synthesize(name);
    const stacks = structuredClone(env.stacks) as Record<string, StackJson>;
    change(stacks);
    return { before: diagramSource(env, title), after: diagramSource(new EnvironmentJson(stacks), title) };
  };
  const resources = (stack: StackJson, type: string) =>
    (stack.resource?.[type] ?? {}) as Record<string, Record<string, unknown>>;

  test('removing a NAT gateway removes it from the diagram', () => {
    const { before, after } = mutated('prod', (stacks) => {
      const network = stacks['prod-network'];
      const [last] = Object.keys(resources(network, 'aws_nat_gateway')).sort().reverse();
      delete resources(network, 'aws_nat_gateway')[last];
    });
    expect(after).not.toBe(before);
    expect(parseDot(before).nodes.filter((n) => n.label === 'NAT gateway|EIP')).toHaveLength(2);
    expect(parseDot(after).nodes.filter((n) => n.label === 'NAT gateway|EIP')).toHaveLength(1);
  });

  test('a different app port in the security group rules changes the edge labels', () => {
    const { before, after } = mutated('dev', (stacks) => {
      for (const rule of Object.values(resources(stacks['dev-app'], 'aws_vpc_security_group_ingress_rule'))) {
        if (rule.from_port === 8080) Object.assign(rule, { from_port: 9090, to_port: 9090 });
      }
      for (const rule of Object.values(resources(stacks['dev-app'], 'aws_vpc_security_group_egress_rule'))) {
        if (rule.from_port === 8080) Object.assign(rule, { from_port: 9090, to_port: 9090 });
      }
    });
    expect(before).toContain('label="tcp/8080"');
    expect(after).not.toContain('tcp/8080');
    expect(after).toContain('label="tcp/9090"');
  });

  test('a single-AZ database loses its standby', () => {
    const { before, after } = mutated('prod', (stacks) => {
      for (const db of Object.values(resources(stacks['prod-data'], 'aws_db_instance'))) db.multi_az = false;
    });
    expect(before).toContain('standby');
    expect(after).not.toContain('standby');
  });
});
