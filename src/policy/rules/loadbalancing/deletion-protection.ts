// Load balancers cannot be deleted by accident: the API refuses until deletion protection is turned off.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const loadBalancerDeletionProtection: PolicyRule = {
  id: 'ELB-DELETION-PROTECTION',
  title: 'Load balancers have deletion protection enabled (enable_deletion_protection = true)',
  publicIds: { checkov: ['CKV_AWS_150'], fsbp: ['ELB.6'] },
  appliesTo: ['aws_lb', 'aws_alb'],
  check(resource) {
    if (isTrue(resource.config.enable_deletion_protection)) return undefined;
    return 'can be deleted by a single API call or a stray destroy (enable_deletion_protection is not true). Fix: set enable_deletion_protection = true.';
  },
};
