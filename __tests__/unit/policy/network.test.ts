// Network rules: each with a compliant and a non-compliant case, in the value forms CDKTF writes.
import { logsKms } from '../../../src/policy/rules/network/logs-kms';
import { logsRetentionOneYear } from '../../../src/policy/rules/network/logs-retention-one-year';
import { logsRetentionSet } from '../../../src/policy/rules/network/logs-retention-set';
import { sgAttached } from '../../../src/policy/rules/network/sg-attached';
import { sgDescriptions } from '../../../src/policy/rules/network/sg-descriptions';
import { sgNoInternetEgress } from '../../../src/policy/rules/network/sg-no-internet-egress';
import { sgNoOpenEgressAllPorts } from '../../../src/policy/rules/network/sg-no-open-egress-all-ports';
import { sgNoOpenIngress } from '../../../src/policy/rules/network/sg-no-open-ingress';
import { subnetNoAutoPublicIp } from '../../../src/policy/rules/network/subnet-no-auto-public-ip';
import { vpcDefaultSgClosed } from '../../../src/policy/rules/network/vpc-default-sg-closed';
import { vpcFlowLogs } from '../../../src/policy/rules/network/vpc-flow-logs';
import { networkRules } from '../../../src/policy/rules/network';
import { EnvironmentJson, type StackJson } from '../../../src/policy/terraform-json';
import { envOf, verdict } from '../../helpers/policy';

/** `env` with outputs added to a stack, as CDKTF writes cross-stack references. */
function withOutputs(env: EnvironmentJson, stack: string, outputs: Record<string, string>): EnvironmentJson {
  const output = Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, { value }]));
  return new EnvironmentJson({ ...env.stacks, [stack]: { ...env.stacks[stack], output } as StackJson });
}

/** A reference through remote state to an output of `stack`. */
const remote = (stack: string, output: string) =>
  `\${data.terraform_remote_state.cross-stack-reference-input-${stack}.outputs.${output}}`;

describe('network rules', () => {
  it('are all in the area index, with unique IDs', () => {
    const ids = networkRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'VPC-FLOW-LOGS',
        'VPC-DEFAULT-SG-CLOSED',
        'VPC-SUBNET-NO-AUTO-PUBLIC-IP',
        'SG-NO-OPEN-INGRESS',
        'SG-NO-OPEN-EGRESS-ALL-PORTS',
        'SG-NO-INTERNET-EGRESS',
        'SG-DESCRIPTIONS',
        'SG-ATTACHED',
        'LOGS-RETENTION-SET',
        'LOGS-RETENTION-1-YEAR',
        'LOGS-KMS',
      ]),
    );
  });
});

describe('VPC-FLOW-LOGS', () => {
  it('passes a VPC whose flow log writes to a log group with retention, or to S3', () => {
    const env = envOf({
      'aws_vpc.a': {},
      'aws_vpc.b': {},
      'aws_cloudwatch_log_group.g': { retention_in_days: 30 },
      'aws_flow_log.fa': {
        vpc_id: '${aws_vpc.a.id}',
        log_destination: '${aws_cloudwatch_log_group.g.arn}',
        traffic_type: 'ALL',
      },
      'aws_flow_log.fb': {
        vpc_id: '${aws_vpc.b.id}',
        log_destination_type: 's3',
        log_destination: 'arn:aws:s3:::flow-logs',
      },
    });
    expect(verdict(vpcFlowLogs, env, 'aws_vpc.a')).toBeUndefined();
    expect(verdict(vpcFlowLogs, env, 'aws_vpc.b')).toBeUndefined();
  });

  it('passes a VPC in another stack, flow-logged through remote state', () => {
    const env = withOutputs(
      envOf({
        'net:aws_vpc.v': {},
        'logs:aws_cloudwatch_log_group.g': { retention_in_days: '365' },
        'logs:aws_flow_log.f': {
          vpc_id: remote('net', 'vpc_id'),
          log_destination: '${aws_cloudwatch_log_group.g.arn}',
        },
      }),
      'net',
      { vpc_id: '${aws_vpc.v.id}' },
    );
    expect(verdict(vpcFlowLogs, env, 'net:aws_vpc.v')).toBeUndefined();
  });

  it('fails a VPC without a flow log, naming the fix', () => {
    const env = envOf({ 'aws_vpc.a': {}, 'aws_flow_log.other': { vpc_id: '${aws_vpc.b.id}', log_destination: 'x' } });
    expect(verdict(vpcFlowLogs, env, 'aws_vpc.a')).toMatch(/no flow logs.*Fix: add an aws_flow_log/);
  });

  it('fails a flow log without a destination, or to a log group that never expires', () => {
    const env = envOf({
      'aws_vpc.a': {},
      'aws_vpc.b': {},
      'aws_cloudwatch_log_group.forever': {},
      'aws_flow_log.fa': { vpc_id: '${aws_vpc.a.id}' },
      'aws_flow_log.fb': { vpc_id: '${aws_vpc.b.id}', log_destination: '${aws_cloudwatch_log_group.forever.arn}' },
    });
    expect(verdict(vpcFlowLogs, env, 'aws_vpc.a')).toMatch(/aws_flow_log.fa has no log_destination.*Fix:/);
    expect(verdict(vpcFlowLogs, env, 'aws_vpc.b')).toMatch(/aws_cloudwatch_log_group.forever.*retention_in_days.*Fix:/);
  });
});

describe('VPC-DEFAULT-SG-CLOSED', () => {
  it('passes a VPC whose default group is taken over empty', () => {
    const env = envOf({
      'aws_vpc.a': {},
      'aws_default_security_group.d': { vpc_id: '${aws_vpc.a.id}' },
      'aws_vpc.b': {},
      'aws_default_security_group.e': { vpc_id: '${aws_vpc.b.id}', ingress: [], egress: [] },
    });
    expect(verdict(vpcDefaultSgClosed, env, 'aws_vpc.a')).toBeUndefined();
    expect(verdict(vpcDefaultSgClosed, env, 'aws_vpc.b')).toBeUndefined();
  });

  it('fails a VPC without an aws_default_security_group', () => {
    const env = envOf({ 'aws_vpc.a': {} });
    expect(verdict(vpcDefaultSgClosed, env, 'aws_vpc.a')).toMatch(/Fix: add an aws_default_security_group/);
  });

  it('fails inline rules, and a standalone rule in another stack that targets the default group', () => {
    const inline = envOf({
      'aws_vpc.a': {},
      'aws_default_security_group.d': {
        vpc_id: '${aws_vpc.a.id}',
        egress: { protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] },
      },
    });
    expect(verdict(vpcDefaultSgClosed, inline, 'aws_vpc.a')).toMatch(/inline egress rules.*Fix:/);

    const standalone = withOutputs(
      envOf({
        'net:aws_vpc.a': {},
        'net:aws_default_security_group.d': { vpc_id: '${aws_vpc.a.id}' },
        'app:aws_vpc_security_group_ingress_rule.r': {
          security_group_id: remote('net', 'default_sg'),
          cidr_ipv4: '10.0.0.0/8',
          ip_protocol: 'tcp',
          from_port: 22,
          to_port: 22,
        },
      }),
      'net',
      { default_sg: '${aws_default_security_group.d.id}' },
    );
    expect(verdict(vpcDefaultSgClosed, standalone, 'net:aws_vpc.a')).toMatch(
      /app:aws_vpc_security_group_ingress_rule.r refers to.*Fix:/,
    );
  });
});

describe('VPC-SUBNET-NO-AUTO-PUBLIC-IP', () => {
  it('passes subnets that do not map public IPs', () => {
    const env = envOf({ 'aws_subnet.a': { map_public_ip_on_launch: false }, 'aws_subnet.b': {} });
    expect(verdict(subnetNoAutoPublicIp, env, 'aws_subnet.a')).toBeUndefined();
    expect(verdict(subnetNoAutoPublicIp, env, 'aws_subnet.b')).toBeUndefined();
  });

  it('fails true and "true"', () => {
    const env = envOf({
      'aws_subnet.a': { map_public_ip_on_launch: true },
      'aws_subnet.b': { map_public_ip_on_launch: 'true' },
    });
    expect(verdict(subnetNoAutoPublicIp, env, 'aws_subnet.a')).toMatch(/Fix: set map_public_ip_on_launch = false/);
    expect(verdict(subnetNoAutoPublicIp, env, 'aws_subnet.b')).toMatch(/Fix:/);
  });
});

describe('SG-NO-OPEN-INGRESS', () => {
  it('passes ingress from named CIDRs and security groups, and egress to anywhere', () => {
    const env = envOf({
      'aws_security_group.a': {
        ingress: [{ protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['203.0.113.10/32'] }],
      },
      'aws_vpc_security_group_ingress_rule.b': {
        ip_protocol: 'tcp',
        from_port: 8080,
        to_port: 8080,
        referenced_security_group_id: '${aws_security_group.a.id}',
      },
      'aws_security_group_rule.c': {
        type: 'egress',
        protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_blocks: ['0.0.0.0/0'],
      },
      'aws_default_security_group.d': {},
    });
    for (const address of [
      'aws_security_group.a',
      'aws_vpc_security_group_ingress_rule.b',
      'aws_security_group_rule.c',
      'aws_default_security_group.d',
    ]) {
      expect(verdict(sgNoOpenIngress, env, address)).toBeUndefined();
    }
  });

  it('fails 0.0.0.0/0 and ::/0 in every form, on any port', () => {
    const env = envOf({
      'aws_security_group.a': {
        ingress: { protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] },
      },
      'aws_default_security_group.d': {
        ingress: [{ protocol: '-1', from_port: 0, to_port: 0, ipv6_cidr_blocks: ['::/0'] }],
      },
      'aws_security_group_rule.r': {
        type: 'ingress',
        protocol: 'tcp',
        from_port: 3389,
        to_port: 3389,
        cidr_blocks: ['0.0.0.0/0'],
      },
      'aws_vpc_security_group_ingress_rule.v': { ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv6: '::/0' },
    });
    expect(verdict(sgNoOpenIngress, env, 'aws_security_group.a')).toMatch(/tcp port 443 from 0\.0\.0\.0\/0.*Fix:/);
    expect(verdict(sgNoOpenIngress, env, 'aws_default_security_group.d')).toMatch(/all traffic from ::\/0/);
    expect(verdict(sgNoOpenIngress, env, 'aws_security_group_rule.r')).toMatch(/port 3389/);
    expect(verdict(sgNoOpenIngress, env, 'aws_vpc_security_group_ingress_rule.v')).toMatch(
      /Fix: replace 0\.0\.0\.0\/0 and ::\/0/,
    );
  });
});

describe('SG-NO-OPEN-EGRESS-ALL-PORTS', () => {
  it('passes egress on named ports, all traffic to a private range, and the group itself', () => {
    const env = envOf({
      'aws_security_group.a': {
        egress: [
          { protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] },
          { protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['10.0.0.0/8'] },
        ],
      },
      'aws_vpc_security_group_egress_rule.b': {
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '0.0.0.0/0',
      },
      'aws_security_group_rule.c': {
        type: 'ingress',
        protocol: '-1',
        from_port: 0,
        to_port: 0,
        cidr_blocks: ['0.0.0.0/0'],
      },
      'aws_security_group_rule.d': {
        type: 'egress',
        protocol: '-1',
        from_port: 0,
        to_port: 0,
        self: true,
        cidr_blocks: ['0.0.0.0/0'],
      },
    });
    for (const address of [
      'aws_security_group.a',
      'aws_vpc_security_group_egress_rule.b',
      'aws_security_group_rule.c',
      'aws_security_group_rule.d',
    ]) {
      expect(verdict(sgNoOpenEgressAllPorts, env, address)).toBeUndefined();
    }
  });

  it('fails all-protocol egress to 0.0.0.0/0 or ::/0 in every form', () => {
    const env = envOf({
      'aws_security_group.a': { egress: { protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] } },
      'aws_default_security_group.d': {
        egress: [{ protocol: 'all', from_port: '0', to_port: '0', ipv6_cidr_blocks: ['::/0'] }],
      },
      'aws_security_group_rule.r': {
        type: 'egress',
        protocol: '-1',
        from_port: 0,
        to_port: 0,
        cidr_blocks: ['0.0.0.0/0'],
      },
      'aws_vpc_security_group_egress_rule.v': { ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' },
    });
    expect(verdict(sgNoOpenEgressAllPorts, env, 'aws_security_group.a')).toMatch(/all traffic to 0\.0\.0\.0\/0.*Fix:/);
    expect(verdict(sgNoOpenEgressAllPorts, env, 'aws_default_security_group.d')).toMatch(/::\/0/);
    expect(verdict(sgNoOpenEgressAllPorts, env, 'aws_security_group_rule.r')).toMatch(/Fix:/);
    expect(verdict(sgNoOpenEgressAllPorts, env, 'aws_vpc_security_group_egress_rule.v')).toMatch(
      /Fix: allow only the protocol and ports/,
    );
  });
});

describe('SG-DESCRIPTIONS', () => {
  it('passes described groups, inline rules and rule resources', () => {
    const env = envOf({
      'aws_security_group.a': {
        description: 'App instances',
        ingress: [{ description: 'From the load balancer', from_port: 80, to_port: 80 }],
      },
      'aws_vpc_security_group_egress_rule.b': { description: 'HTTPS to the internet' },
      'aws_security_group_rule.c': { description: 'SSH from the bastion' },
    });
    expect(verdict(sgDescriptions, env, 'aws_security_group.a')).toBeUndefined();
    expect(verdict(sgDescriptions, env, 'aws_vpc_security_group_egress_rule.b')).toBeUndefined();
    expect(verdict(sgDescriptions, env, 'aws_security_group_rule.c')).toBeUndefined();
  });

  it('fails a missing or blank description, on the group or an inline rule', () => {
    const env = envOf({
      'aws_security_group.a': {},
      'aws_security_group.b': { description: 'ok', egress: { from_port: 443, to_port: 443 } },
      'aws_vpc_security_group_ingress_rule.c': { description: '  ' },
    });
    expect(verdict(sgDescriptions, env, 'aws_security_group.a')).toMatch(/the resource.*Fix: set description/);
    expect(verdict(sgDescriptions, env, 'aws_security_group.b')).toMatch(/1 inline egress rule/);
    expect(verdict(sgDescriptions, env, 'aws_vpc_security_group_ingress_rule.c')).toMatch(/Fix:/);
  });
});

describe('SG-ATTACHED', () => {
  it('passes groups used by a launch template (network interface), a load balancer and, across stacks, an instance', () => {
    const env = withOutputs(
      envOf({
        'app:aws_security_group.lt': {},
        'app:aws_launch_template.t': { network_interfaces: [{ security_groups: ['${aws_security_group.lt.id}'] }] },
        'app:aws_security_group.alb': {},
        'app:aws_lb.l': { security_groups: ['${aws_security_group.alb.id}'] },
        'access:aws_security_group.bastion': {},
        'app:aws_instance.i': { vpc_security_group_ids: [remote('access', 'bastion_sg')] },
      }),
      'access',
      { bastion_sg: '${aws_security_group.bastion.id}' },
    );
    expect(verdict(sgAttached, env, 'app:aws_security_group.lt')).toBeUndefined();
    expect(verdict(sgAttached, env, 'app:aws_security_group.alb')).toBeUndefined();
    expect(verdict(sgAttached, env, 'access:aws_security_group.bastion')).toBeUndefined();
  });

  it('fails a group only rules refer to', () => {
    const env = envOf({
      'aws_security_group.orphan': {},
      'aws_vpc_security_group_ingress_rule.r': {
        security_group_id: '${aws_security_group.orphan.id}',
        cidr_ipv4: '10.0.0.0/8',
      },
    });
    expect(verdict(sgAttached, env, 'aws_security_group.orphan')).toMatch(/not used by anything.*Fix:/);
  });
});

describe('LOGS-RETENTION-SET', () => {
  it('passes a number of days, as a number or a string', () => {
    const env = envOf({
      'aws_cloudwatch_log_group.a': { retention_in_days: 30 },
      'aws_cloudwatch_log_group.b': { retention_in_days: '7' },
    });
    expect(verdict(logsRetentionSet, env, 'aws_cloudwatch_log_group.a')).toBeUndefined();
    expect(verdict(logsRetentionSet, env, 'aws_cloudwatch_log_group.b')).toBeUndefined();
  });

  it('fails no retention and 0 (never expire)', () => {
    const env = envOf({ 'aws_cloudwatch_log_group.a': {}, 'aws_cloudwatch_log_group.b': { retention_in_days: 0 } });
    expect(verdict(logsRetentionSet, env, 'aws_cloudwatch_log_group.a')).toMatch(/Fix: set retention_in_days/);
    expect(verdict(logsRetentionSet, env, 'aws_cloudwatch_log_group.b')).toMatch(/forever/);
  });
});

describe('LOGS-RETENTION-1-YEAR', () => {
  it('passes a year or more, and 0 (never expire) as checkov does', () => {
    const env = envOf({
      'aws_cloudwatch_log_group.a': { retention_in_days: 365 },
      'aws_cloudwatch_log_group.b': { retention_in_days: '3653' },
      'aws_cloudwatch_log_group.c': { retention_in_days: 0 },
    });
    for (const address of ['aws_cloudwatch_log_group.a', 'aws_cloudwatch_log_group.b', 'aws_cloudwatch_log_group.c']) {
      expect(verdict(logsRetentionOneYear, env, address)).toBeUndefined();
    }
  });

  it('fails less than a year and no retention', () => {
    const env = envOf({ 'aws_cloudwatch_log_group.a': { retention_in_days: 30 }, 'aws_cloudwatch_log_group.b': {} });
    expect(verdict(logsRetentionOneYear, env, 'aws_cloudwatch_log_group.a')).toMatch(
      /is 30 days.*Fix: set retention_in_days = 365/,
    );
    expect(verdict(logsRetentionOneYear, env, 'aws_cloudwatch_log_group.b')).toMatch(/not set.*Fix:/);
  });
});

describe('LOGS-KMS', () => {
  it('passes a log group with a KMS key', () => {
    const env = envOf({ 'aws_cloudwatch_log_group.a': { kms_key_id: '${aws_kms_key.logs.arn}' } });
    expect(verdict(logsKms, env, 'aws_cloudwatch_log_group.a')).toBeUndefined();
  });

  it('fails a log group without one', () => {
    const env = envOf({ 'aws_cloudwatch_log_group.a': {} });
    expect(verdict(logsKms, env, 'aws_cloudwatch_log_group.a')).toMatch(/Fix: set kms_key_id/);
  });
});

describe('SG-NO-INTERNET-EGRESS', () => {
  it('passes egress to a group, a prefix list (a gateway endpoint), a VPC block, and ingress from anywhere', () => {
    const env = envOf({
      'aws_vpc_security_group_egress_rule.group': {
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        referenced_security_group_id: '${aws_security_group.e.id}',
      },
      'aws_vpc_security_group_egress_rule.s3': {
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        prefix_list_id: '${aws_vpc_endpoint.s3.prefix_list_id}',
      },
      'aws_vpc_security_group_egress_rule.vpc': {
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '10.0.0.0/16',
      },
      'aws_security_group_rule.in': {
        type: 'ingress',
        protocol: 'tcp',
        from_port: 80,
        to_port: 80,
        cidr_blocks: ['0.0.0.0/0'],
      },
    });
    for (const address of [
      'aws_vpc_security_group_egress_rule.group',
      'aws_vpc_security_group_egress_rule.s3',
      'aws_vpc_security_group_egress_rule.vpc',
      'aws_security_group_rule.in',
    ]) {
      expect(verdict(sgNoInternetEgress, env, address)).toBeUndefined();
    }
  });

  it('fails egress to the whole internet even on one port, in every form', () => {
    const env = envOf({
      'aws_vpc_security_group_egress_rule.https': {
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '0.0.0.0/0',
      },
      'aws_security_group.inline': {
        egress: [{ protocol: 'tcp', from_port: 443, to_port: 443, ipv6_cidr_blocks: ['::/0'] }],
      },
      'aws_security_group_rule.r': {
        type: 'egress',
        protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_blocks: ['0.0.0.0/0'],
      },
    });
    expect(verdict(sgNoInternetEgress, env, 'aws_vpc_security_group_egress_rule.https')).toMatch(
      /egress to the whole internet \(tcp port 443 to 0\.0\.0\.0\/0\)\. Fix: send AWS API traffic to VPC interface endpoints/,
    );
    expect(verdict(sgNoInternetEgress, env, 'aws_security_group.inline')).toMatch(/::\/0/);
    expect(verdict(sgNoInternetEgress, env, 'aws_security_group_rule.r')).toMatch(/Fix:/);
  });
});
