// Application load balancers drop header fields that are not valid HTTP, one route to request smuggling.
import type { PolicyRule } from '../../rule';
import { isTrue, loadBalancerType } from '../values';

export const dropInvalidHeaders: PolicyRule = {
  id: 'ELB-DROP-INVALID-HEADERS',
  title: 'Application load balancers drop invalid HTTP header fields (drop_invalid_header_fields = true)',
  publicIds: { checkov: ['CKV_AWS_131'], fsbp: ['ELB.4'] },
  appliesTo: ['aws_lb', 'aws_alb'],
  check(resource) {
    if (loadBalancerType(resource.config) !== 'application') return undefined;
    if (isTrue(resource.config.drop_invalid_header_fields)) return undefined;
    return 'forwards HTTP header fields that are not valid to the targets (drop_invalid_header_fields is not true). Fix: set drop_invalid_header_fields = true.';
  },
};
