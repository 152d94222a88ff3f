// No security group sends traffic to the whole internet: egress goes to named peers, VPC endpoints or prefix lists.
import type { PolicyRule } from '../../rule';
import { blocks } from '../values';
import { describeTraffic, openCidrs } from './sg-no-open-ingress';

function egressRules(type: string, config: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>>[] {
  if (type === 'aws_security_group' || type === 'aws_default_security_group') return blocks(config.egress);
  if (type === 'aws_security_group_rule') return config.type === 'egress' ? [config] : [];
  return [config];
}

/**
 * Stricter than SG-NO-OPEN-EGRESS-ALL-PORTS: one port to the whole internet is still a way out for stolen data and a
 * way in for a second-stage payload. Where the instances need AWS's APIs, VPC endpoints carry them.
 */
export const sgNoInternetEgress: PolicyRule = {
  id: 'SG-NO-INTERNET-EGRESS',
  title:
    'No security group allows egress to 0.0.0.0/0 or ::/0, on any port: egress goes to named peers, VPC endpoints or prefix lists',
  publicIds: {},
  appliesTo: [
    'aws_security_group',
    'aws_default_security_group',
    'aws_security_group_rule',
    'aws_vpc_security_group_egress_rule',
  ],
  check(resource) {
    const open = egressRules(resource.type, resource.config).flatMap((rule) => {
      const cidrs = openCidrs(rule);
      return cidrs.length > 0 ? [`${describeTraffic(rule)} to ${cidrs.join(', ')}`] : [];
    });
    if (open.length === 0) return undefined;
    return `allows egress to the whole internet (${open.join('; ')}). Fix: send AWS API traffic to VPC interface endpoints and S3 traffic to its gateway endpoint's prefix list (prefix_list_id), and name any other destination's CIDR block.`;
  },
};
