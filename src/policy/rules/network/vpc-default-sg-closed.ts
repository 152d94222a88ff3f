// Every VPC's default security group is taken over with no rules, so anything put in it by mistake gets no traffic.
import type { PolicyRule } from '../../rule';
import { globalAddress } from '../../terraform-json';
import { blocks, referenced, referrers } from '../values';

/** Standalone rule resources; any of them referring to the default group gives it (or its members) traffic. */
const RULE_TYPES = [
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
];

export const vpcDefaultSgClosed: PolicyRule = {
  id: 'VPC-DEFAULT-SG-CLOSED',
  title:
    "Every VPC's default security group is managed (aws_default_security_group) with no ingress, egress or standalone rules",
  publicIds: { checkov: ['CKV2_AWS_12'], fsbp: ['EC2.2'] },
  appliesTo: ['aws_vpc'],
  check(vpc, { env }) {
    const defaults = env.ofType('aws_default_security_group').filter((group) => {
      const target = referenced(env, group, group.config.vpc_id);
      return target !== undefined && globalAddress(target) === globalAddress(vpc);
    });
    if (defaults.length === 0) {
      return "leaves its default security group as AWS creates it (all traffic between its members, all egress). Fix: add an aws_default_security_group with vpc_id = this VPC and no ingress or egress blocks, which removes AWS's rules.";
    }
    const problems: string[] = [];
    for (const group of defaults) {
      const inline = ['ingress', 'egress'].filter((direction) => blocks(group.config[direction]).length > 0);
      if (inline.length > 0) problems.push(`${group.address} has inline ${inline.join(' and ')} rules`);
      for (const rule of referrers(env, group, RULE_TYPES)) {
        problems.push(
          `${rule.stack === group.stack ? rule.address : `${rule.stack}:${rule.address}`} refers to ${group.address}`,
        );
      }
    }
    if (problems.length === 0) return undefined;
    return `has a default security group that allows traffic: ${problems.join('; ')}. Fix: remove the ingress and egress blocks from the aws_default_security_group and the rule resources that refer to it; give the resources their own security groups.`;
  },
};
