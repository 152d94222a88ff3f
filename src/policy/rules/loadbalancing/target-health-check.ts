// Target groups health-check their targets, so the load balancer stops sending requests to broken ones.
import type { PolicyRule } from '../../rule';
import { block } from '../values';

export const targetHealthCheck: PolicyRule = {
  id: 'ELB-TARGET-HEALTH-CHECK',
  title: 'Target groups have an enabled health check, with a path for HTTP and HTTPS targets',
  publicIds: { checkov: ['CKV_AWS_261'] },
  appliesTo: ['aws_lb_target_group', 'aws_alb_target_group'],
  check(resource) {
    // Lambda targets are invoked, not probed: their health check is off unless asked for.
    if (resource.config.target_type === 'lambda') return undefined;
    const health = block(resource.config.health_check);
    const enabled = health?.enabled !== false && health?.enabled !== 'false';
    const protocol = resource.config.protocol;
    const fix = 'Fix: set health_check { enabled = true, path = "<health endpoint>", matcher = "200" }.';
    if (protocol === 'HTTP' || protocol === 'HTTPS') {
      const path = health?.path;
      if (health && enabled && typeof path === 'string' && path.trim() !== '') return undefined;
      if (!enabled)
        return `sends traffic to its targets without checking their health (health_check.enabled = false). ${fix}`;
      const what = health ? 'health_check has no path' : 'no health_check block';
      return `checks its ${protocol} targets only with the default probe of "/", not an endpoint that reports the application's health (${what}). ${fix}`;
    }
    if (enabled) return undefined;
    return 'sends traffic to targets without checking their health (health_check.enabled = false). Fix: set health_check { enabled = true }.';
  },
};
