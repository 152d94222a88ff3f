// No security group lets the whole internet (0.0.0.0/0, ::/0) in: inbound traffic comes from named sources.
import type { PolicyRule } from '../../rule';
import { blocks, isExpression, stringList } from '../values';

/** Whether a CIDR block is the whole IPv4 or IPv6 address space (`0.0.0.0/0`, `::/0`). */
export function isAnywhere(cidr: string): boolean {
  return !isExpression(cidr) && /\/0$/.test(cidr.trim());
}

/** The whole-internet CIDR blocks of a rule, as an inline block or a standalone rule resource holds them. */
export function openCidrs(rule: Readonly<Record<string, unknown>>): string[] {
  return ['cidr_blocks', 'ipv6_cidr_blocks', 'cidr_ipv4', 'cidr_ipv6']
    .flatMap((key) => stringList(rule[key]))
    .filter(isAnywhere);
}

/** `tcp port 22`, `tcp ports 0-65535`, `all traffic`: the protocol and ports of a rule, for messages. */
export function describeTraffic(rule: Readonly<Record<string, unknown>>): string {
  const protocol = String(rule.protocol ?? rule.ip_protocol ?? '');
  if (protocol === '-1' || protocol === 'all') return 'all traffic';
  const from = rule.from_port;
  const to = rule.to_port;
  if (from === undefined && to === undefined) return protocol;
  return String(from) === String(to)
    ? `${protocol} port ${String(from)}`
    : `${protocol} ports ${String(from)}-${String(to)}`;
}

/** The inbound rules of a resource that admit the whole internet, described. */
function openIngress(type: string, config: Readonly<Record<string, unknown>>): string[] {
  const rules =
    type === 'aws_security_group' || type === 'aws_default_security_group'
      ? blocks(config.ingress)
      : type === 'aws_security_group_rule'
        ? config.type === 'ingress'
          ? [config]
          : []
        : [config];
  return rules.flatMap((rule) => {
    const cidrs = openCidrs(rule);
    return cidrs.length > 0 ? [`${describeTraffic(rule)} from ${cidrs.join(', ')}`] : [];
  });
}

export const sgNoOpenIngress: PolicyRule = {
  id: 'SG-NO-OPEN-INGRESS',
  title: 'No security group rule allows ingress from 0.0.0.0/0 or ::/0',
  publicIds: {
    checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260', 'CKV_AWS_277'],
    cdkNag: ['AwsSolutions-EC23'],
    fsbp: ['EC2.13', 'EC2.14', 'EC2.18', 'EC2.19', 'EC2.53', 'EC2.54'],
  },
  appliesTo: [
    'aws_security_group',
    'aws_default_security_group',
    'aws_security_group_rule',
    'aws_vpc_security_group_ingress_rule',
  ],
  check(resource) {
    const open = openIngress(resource.type, resource.config);
    if (open.length === 0) return undefined;
    return `allows ingress from the whole internet (${open.join('; ')}). Fix: replace 0.0.0.0/0 and ::/0 with the CIDR blocks that need access, or with a security group (referenced_security_group_id, source_security_group_id, security_groups).`;
  },
};
