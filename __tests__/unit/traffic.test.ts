// The security groups of each environment allow exactly the traffic table of docs/architecture.md, nothing more.
import { environments } from '../../src/config/environments';
import { AccessMode } from '../../src/config/settings';
import { settingsWith } from '../helpers/config';
import { resolveEnvironment } from '../../src/config/resolve';
import { flowKey, reachability } from '../../src/policy/reachability';
import { expectedFlows } from '../../src/policy/traffic-table';
import { EnvironmentJson, type StackJson } from '../../src/policy/terraform-json';
import { synthEnvironment } from '../helpers/synth';

function keys(flows: readonly { from: string; to: string; traffic: string }[]): string[] {
  return flows.map(flowKey).sort();
}

/** A copy of the environment with one more resource in one stack. */
function withResource(
  env: EnvironmentJson,
  stack: string,
  type: string,
  name: string,
  config: Record<string, unknown>,
): EnvironmentJson {
  const copy = JSON.parse(JSON.stringify(env.stacks)) as Record<
    string,
    StackJson & { resource: Record<string, Record<string, unknown>> }
  >;
  copy[stack].resource[type] = { ...(copy[stack].resource[type] ?? {}), [name]: config };
  return new EnvironmentJson(copy);
}

describe.each(Object.keys(environments))('traffic allowed in %s', (name) => {
  const env = synthEnvironment(name);
  const config = resolveEnvironment(name, environments[name]);
  const result = reachability(env);

  it('is exactly the traffic table', () => {
    expect(keys(result.flows)).toEqual(keys(expectedFlows(config)));
  });

  it('has no rule without its counterpart on the other group', () => {
    expect(result.oneSided).toEqual([]);
  });
});

describe.each([
  [
    'Session Manager only',
    { access: { mode: AccessMode.SESSION_MANAGER_ONLY, adminCidrs: undefined, sshKey: undefined } },
  ],
  ['interface endpoints', { network: { interfaceEndpoints: true } }],
  ['interface endpoints and internet egress', { network: { interfaceEndpoints: true }, app: { internetEgress: true } }],
  [
    'Session Manager only and interface endpoints',
    {
      access: { mode: AccessMode.SESSION_MANAGER_ONLY, adminCidrs: undefined, sshKey: undefined },
      network: { interfaceEndpoints: true },
    },
  ],
])('traffic allowed in dev with %s', (_, patch) => {
  const settings = settingsWith(patch);
  const result = reachability(synthEnvironment('dev', settings));

  it('is exactly the traffic table of those settings', () => {
    expect(keys(result.flows)).toEqual(keys(expectedFlows(resolveEnvironment('dev', settings))));
    expect(result.oneSided).toEqual([]);
  });
});

describe('the traffic table follows the settings', () => {
  const flows = (patch: Parameters<typeof settingsWith>[0]) =>
    keys(expectedFlows(resolveEnvironment('dev', settingsWith(patch))));

  it('without a bastion, nothing reaches port 22 anywhere', () => {
    const table = flows({
      access: { mode: AccessMode.SESSION_MANAGER_ONLY, adminCidrs: undefined, sshKey: undefined },
    });
    expect(table.filter((flow) => flow.endsWith('tcp/22') || flow.includes('bastion'))).toEqual([]);
  });

  it('with interface endpoints, the instances send HTTPS to the endpoints and S3, not to the internet', () => {
    const table = flows({ network: { interfaceEndpoints: true } });
    expect(table.filter((flow) => flow.includes(' -> internet'))).toEqual([]);
    expect(table).toEqual(
      expect.arrayContaining([
        'app -> endpoints tcp/443',
        'app -> prefix-list:s3 tcp/443',
        'bastion -> endpoints tcp/443',
        'bastion -> prefix-list:s3 tcp/443',
      ]),
    );
  });

  it('an app that must reach outside AWS goes to the internet too, the bastion still does not', () => {
    const table = flows({
      network: { interfaceEndpoints: true },
      app: { image: 'ghcr.io/acme/api:1.0.0', internetEgress: true },
    });
    expect(table.filter((flow) => flow.includes(' -> internet'))).toEqual(['app -> internet tcp/443']);
  });
});

describe('the walk over security groups can fail', () => {
  const env = synthEnvironment('dev');
  const config = resolveEnvironment('dev', environments.dev);
  const app = '${aws_security_group.AppSecurityGroup.id}';

  it('sees a stray standalone rule (SSH to the app from anywhere)', () => {
    const stray = withResource(env, 'dev-app', 'aws_vpc_security_group_ingress_rule', 'Stray', {
      security_group_id: app,
      cidr_ipv4: '0.0.0.0/0',
      ip_protocol: 'tcp',
      from_port: 22,
      to_port: 22,
    });
    expect(keys(reachability(stray).flows)).toEqual([...keys(expectedFlows(config)), 'internet -> app tcp/22'].sort());
  });

  it('sees a stray standalone IPv6 rule, which the code never writes (admin blocks are IPv4 only)', () => {
    const bastion = '${aws_security_group.BastionSecurityGroup.id}';
    const stray = withResource(env, 'dev-access', 'aws_vpc_security_group_ingress_rule', 'Stray', {
      security_group_id: bastion,
      cidr_ipv6: '2001:db8::/64',
      ip_protocol: 'tcp',
      from_port: 22,
      to_port: 22,
    });
    expect(keys(reachability(stray).flows)).toEqual(
      [...keys(expectedFlows(config)), 'cidr:2001:db8::/64 -> bastion tcp/22'].sort(),
    );
  });

  it('sees an inline all-traffic IPv6 rule', () => {
    const json = JSON.parse(JSON.stringify(env.stacks)) as Record<
      string,
      StackJson & { resource: Record<string, Record<string, Record<string, unknown>>> }
    >;
    json['dev-data'].resource.aws_security_group.DatabaseSecurityGroup.ingress = [
      {
        protocol: '-1',
        from_port: 0,
        to_port: 0,
        ipv6_cidr_blocks: ['::/0'],
        cidr_blocks: [],
        security_groups: [],
        self: false,
      },
    ];
    expect(keys(reachability(new EnvironmentJson(json)).flows)).toContain('internet -> database all');
  });

  it('sees a legacy aws_security_group_rule from another group', () => {
    const stray = withResource(env, 'dev-app', 'aws_security_group_rule', 'Stray', {
      type: 'ingress',
      security_group_id:
        '${data.terraform_remote_state.cross-stack-reference-input-dev-data.outputs.cross-stack-output-aws_security_groupDatabaseSecurityGroupid}',
      source_security_group_id:
        '${data.terraform_remote_state.cross-stack-reference-input-dev-access.outputs.cross-stack-output-aws_security_groupBastionSecurityGroupid}',
      protocol: 'tcp',
      from_port: 3306,
      to_port: 3306,
    });
    // The bastion has no egress to the database, so the rule is one-sided: reported, but allows nothing.
    const result = reachability(stray);
    expect(keys(result.flows)).toEqual(keys(expectedFlows(config)));
    expect(result.oneSided.map((r) => r.source)).toEqual(['dev-app:aws_security_group_rule.Stray']);
  });

  it('sees an egress that opens the app to everything', () => {
    const stray = withResource(env, 'dev-app', 'aws_vpc_security_group_egress_rule', 'Stray', {
      security_group_id: app,
      cidr_ipv4: '0.0.0.0/0',
      ip_protocol: '-1',
    });
    expect(keys(reachability(stray).flows)).toContain('app -> internet all');
  });
});
