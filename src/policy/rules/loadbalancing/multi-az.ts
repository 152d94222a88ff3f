// Load balancers span at least two Availability Zones, so losing one zone does not take the entry point down.
import type { PolicyRule } from '../../rule';
import { blocks, isExpression, referenced } from '../values';

export const loadBalancerMultiAz: PolicyRule = {
  id: 'ELB-MULTI-AZ',
  title: 'Load balancers are placed in subnets of at least two Availability Zones (subnets or subnet_mapping)',
  publicIds: { fsbp: ['ELB.13'] },
  appliesTo: ['aws_lb', 'aws_alb'],
  check(resource, { env }) {
    const { subnets, subnet_mapping: mapping } = resource.config;
    // One expression for the whole list (`${var.subnet_ids}`): its length is not known before apply.
    if (typeof subnets === 'string' && isExpression(subnets) && mapping === undefined) return undefined;
    const named = [
      ...(Array.isArray(subnets) ? subnets : []),
      ...blocks(mapping).map((entry) => entry.subnet_id),
    ].filter((subnet) => subnet !== undefined && subnet !== null && subnet !== '');
    const distinct = [...new Set(named.map((subnet) => String(subnet)))];
    const fix = 'Fix: list a subnet in each of at least two Availability Zones in subnets (or subnet_mapping).';
    if (distinct.length < 2) {
      return `sits in ${distinct.length === 0 ? 'no subnet' : 'a single subnet'}, so one Availability Zone outage takes it down. ${fix}`;
    }
    // Where every subnet is a resource of the environment with a literal zone, count the zones, not the subnets.
    const zones = distinct.map((subnet) => {
      const target = referenced(env, resource, subnet);
      if (target?.type !== 'aws_subnet') return undefined;
      const zone = target.config.availability_zone ?? target.config.availability_zone_id;
      return typeof zone === 'string' && !isExpression(zone) ? zone : undefined;
    });
    if (zones.every((zone) => zone !== undefined) && new Set(zones).size < 2) {
      return `sits in ${distinct.length} subnets that are all in ${zones[0]}, so one Availability Zone outage takes it down. ${fix}`;
    }
    return undefined;
  },
};
