// No security group lets all traffic out to the whole internet: egress names its protocol and ports.
import type { PolicyRule } from '../../rule';
import { asNumber, blocks, isTrue } from '../values';
import { describeTraffic, openCidrs } from './sg-no-open-ingress';

/**
 * As checkov's CKV_AWS_382: all protocols (`-1`), or a port range that takes in -1 (ICMP's "all types"), to
 * 0.0.0.0/0 or ::/0. A rule to the group itself (`self`) or to prefix lists is not open.
 */
function opensAllTraffic(rule: Readonly<Record<string, unknown>>): boolean {
  if (isTrue(rule.self)) return false;
  const protocol = String(rule.protocol ?? rule.ip_protocol ?? '');
  const from = asNumber(rule.from_port);
  const to = asNumber(rule.to_port);
  const allProtocols = protocol === '-1' || protocol === 'all';
  const takesInMinusOne = from !== undefined && to !== undefined && from <= -1 && -1 <= to;
  return (allProtocols || takesInMinusOne) && openCidrs(rule).length > 0;
}

function egressRules(type: string, config: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>>[] {
  if (type === 'aws_security_group' || type === 'aws_default_security_group') return blocks(config.egress);
  if (type === 'aws_security_group_rule') return config.type === 'egress' ? [config] : [];
  return [config];
}

export const sgNoOpenEgressAllPorts: PolicyRule = {
  id: 'SG-NO-OPEN-EGRESS-ALL-PORTS',
  title: 'No security group allows egress on all protocols and ports (protocol "-1") to 0.0.0.0/0 or ::/0',
  publicIds: { checkov: ['CKV_AWS_382'] },
  appliesTo: [
    'aws_security_group',
    'aws_default_security_group',
    'aws_security_group_rule',
    'aws_vpc_security_group_egress_rule',
  ],
  check(resource) {
    const open = egressRules(resource.type, resource.config)
      .filter(opensAllTraffic)
      .map((rule) => `${describeTraffic(rule)} to ${openCidrs(rule).join(', ')}`);
    if (open.length === 0) return undefined;
    return `allows all egress to the whole internet (${open.join('; ')}). Fix: allow only the protocol and ports needed (e.g. protocol = "tcp", from_port = to_port = 443), or a narrower destination than 0.0.0.0/0 and ::/0.`;
  },
};
