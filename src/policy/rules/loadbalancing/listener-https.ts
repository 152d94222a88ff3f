// Listeners encrypt client traffic: HTTPS or TLS, or plain HTTP only to redirect to HTTPS.
import type { PolicyRule } from '../../rule';
import { block, blocks, loadBalancerType, referenced } from '../values';

/** Protocols that pass: encrypted, or layer 4 (no HTTP to redirect, as checkov CKV_AWS_2 has it). */
const PASSING_PROTOCOLS = ['HTTPS', 'TLS', 'TCP', 'UDP', 'TCP_UDP'];

export const listenerHttps: PolicyRule = {
  id: 'ELB-LISTENER-HTTPS',
  title: 'Listeners use HTTPS or TLS, or HTTP whose default action redirects to HTTPS on port 443',
  publicIds: { checkov: ['CKV_AWS_2', 'CKV2_AWS_20'], fsbp: ['ELB.1'] },
  appliesTo: ['aws_lb_listener', 'aws_alb_listener'],
  check(resource, { env }) {
    const protocol = resource.config.protocol;
    if (typeof protocol === 'string' && PASSING_PROTOCOLS.includes(protocol)) return undefined;
    if (protocol === undefined || protocol === null) {
      // Gateway load balancer listeners have no protocol (GENEVE); elsewhere an absent protocol means HTTP.
      const balancer = referenced(env, resource, resource.config.load_balancer_arn);
      if (balancer && loadBalancerType(balancer.config) === 'gateway') return undefined;
    }
    const redirectsToHttps = blocks(resource.config.default_action).some((action) => {
      const redirect = block(action.redirect);
      return action.type === 'redirect' && redirect?.protocol === 'HTTPS' && String(redirect.port) === '443';
    });
    if (redirectsToHttps) return undefined;
    return `serves clients in clear text (protocol = ${JSON.stringify(protocol ?? 'HTTP')} without a default action that redirects to HTTPS). Fix: set protocol = "HTTPS" with certificate_arn and ssl_policy, or make this listener redirect only: default_action { type = "redirect", redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" } }.`;
  },
};
