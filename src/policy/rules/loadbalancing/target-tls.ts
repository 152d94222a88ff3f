// Target groups do not speak plain HTTP to their targets: traffic inside the VPC is encrypted too.
import type { PolicyRule } from '../../rule';

export const targetTls: PolicyRule = {
  id: 'ELB-TARGET-TLS',
  title: 'Target groups do not use plain HTTP to their targets (protocol = "HTTPS")',
  publicIds: { checkov: ['CKV_AWS_378'] },
  appliesTo: ['aws_lb_target_group', 'aws_alb_target_group'],
  check(resource) {
    if (resource.config.protocol !== 'HTTP') return undefined;
    return 'forwards requests to its targets unencrypted (protocol = "HTTP"). Fix: set protocol = "HTTPS" (and health_check.protocol = "HTTPS"), with the targets serving TLS on the target port.';
  },
};
