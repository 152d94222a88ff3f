// Auto Scaling groups span at least two Availability Zones, so losing one zone leaves capacity in another.
import type { PolicyRule } from '../../rule';
import { isExpression, referenced, stringList } from '../values';

export const asgMultiAz: PolicyRule = {
  id: 'ASG-MULTI-AZ',
  title:
    'Auto Scaling groups name at least two subnets (vpc_zone_identifier), in different Availability Zones when the subnets are known',
  publicIds: { fsbp: ['AutoScaling.2'] },
  appliesTo: ['aws_autoscaling_group'],
  check(group, { env }) {
    const raw = group.config.vpc_zone_identifier;
    if (raw === undefined) {
      // No VPC subnets: the group launches in the listed zones of the default VPC.
      const zones = new Set(stringList(group.config.availability_zones));
      if (zones.size >= 2) return undefined;
      return `launches in ${zones.size === 0 ? 'no named' : 'one'} Availability Zone (no vpc_zone_identifier, availability_zones: ${[...zones].join(', ') || 'none'}). Fix: set vpc_zone_identifier to subnets in at least two Availability Zones.`;
    }
    const subnets = stringList(raw);
    // One expression for the whole list (`${aws_subnet.private[*].id}`, a variable): its length is not known here.
    if (!Array.isArray(raw) && isExpression(raw) && !referenced(env, group, raw)) return undefined;
    if (subnets.length < 2) {
      return `launches in one subnet only (vpc_zone_identifier has ${subnets.length}). Fix: set vpc_zone_identifier to subnets in at least two Availability Zones.`;
    }
    const zones = subnets.map((subnet) => {
      const resource = referenced(env, group, subnet);
      const zone = resource?.type === 'aws_subnet' ? resource.config.availability_zone : undefined;
      return typeof zone === 'string' && !isExpression(zone) ? zone : undefined;
    });
    // Only when every subnet's zone is known can they be shown to share one.
    if (zones.some((zone) => zone === undefined) || new Set(zones).size >= 2) return undefined;
    return `has all its subnets in one Availability Zone (${String(zones[0])}). Fix: set vpc_zone_identifier to subnets in at least two Availability Zones.`;
  },
};
