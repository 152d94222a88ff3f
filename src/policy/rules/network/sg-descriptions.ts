// Security groups and their rules say what they are for: every group and every rule has a description.
import type { PolicyRule } from '../../rule';
import { blocks } from '../values';

function described(config: Readonly<Record<string, unknown>>): boolean {
  return typeof config.description === 'string' && config.description.trim() !== '';
}

export const sgDescriptions: PolicyRule = {
  id: 'SG-DESCRIPTIONS',
  title: 'Security groups, their inline rules and standalone rule resources have non-empty descriptions',
  publicIds: { checkov: ['CKV_AWS_23'], cdkNag: ['AwsSolutions-EC27'] },
  appliesTo: [
    'aws_security_group',
    'aws_security_group_rule',
    'aws_vpc_security_group_ingress_rule',
    'aws_vpc_security_group_egress_rule',
  ],
  check(resource) {
    const missing: string[] = [];
    if (!described(resource.config)) missing.push('the resource');
    if (resource.type === 'aws_security_group') {
      for (const direction of ['ingress', 'egress']) {
        const rules = blocks(resource.config[direction]);
        const bare = rules.filter((rule) => !described(rule)).length;
        if (bare > 0) missing.push(`${bare} inline ${direction} rule${bare === 1 ? '' : 's'}`);
      }
    }
    if (missing.length === 0) return undefined;
    return `has no description on ${missing.join(', ')}. Fix: set description to who talks to whom and why, on the group and on every rule.`;
  },
};
