// Every Elastic IP is in use (an instance, a network interface, a NAT gateway): idle addresses cost money and confuse allow-lists.
import type { PolicyRule } from '../../rule';
import { globalAddress, type ResourceView } from '../../terraform-json';
import { referenced, stringList } from '../values';

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

export const eipAttached: PolicyRule = {
  id: 'EIP-ATTACHED',
  title:
    'Every Elastic IP is used: instance or network_interface set, or an aws_eip_association or aws_nat_gateway allocation_id points at it',
  publicIds: { checkov: ['CKV2_AWS_19'], fsbp: ['EC2.12'] },
  appliesTo: ['aws_eip'],
  check(eip, { env }) {
    if (nonEmpty(eip.config.instance) || nonEmpty(eip.config.network_interface)) return undefined;
    const pointsHere = (user: ResourceView, value: unknown): boolean => {
      const target = referenced(env, user, value);
      return target !== undefined && globalAddress(target) === globalAddress(eip);
    };
    const associated = env
      .ofType('aws_eip_association')
      .some((association) => pointsHere(association, association.config.allocation_id));
    const natGateway = env
      .ofType('aws_nat_gateway')
      .some((nat) =>
        [nat.config.allocation_id, ...stringList(nat.config.secondary_allocation_ids)].some((id) =>
          pointsHere(nat, id),
        ),
      );
    if (associated || natGateway) return undefined;
    return 'is not used by anything (no instance or network_interface, and no aws_eip_association or aws_nat_gateway allocation_id refers to it). Fix: associate it (aws_eip_association with allocation_id = this EIP) or delete it.';
  },
};
