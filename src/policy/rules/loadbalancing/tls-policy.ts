// HTTPS and TLS listeners negotiate TLS 1.2 or later only, through one of the AWS TLS 1.2+ security policies.
import type { PolicyRule } from '../../rule';

/**
 * The policy families that refuse TLS 1.0 and 1.1. checkov CKV_AWS_103 accepts FS-1-2, TLS-1-2 and any TLS13
 * policy; TLS13-1-0 and TLS13-1-1 still negotiate TLS 1.0 / 1.1, so only TLS13-1-2 and TLS13-1-3 pass here.
 */
const TLS12_POLICY_PREFIXES = [
  'ELBSecurityPolicy-TLS13-1-2',
  'ELBSecurityPolicy-TLS13-1-3',
  'ELBSecurityPolicy-FS-1-2',
  'ELBSecurityPolicy-TLS-1-2',
];

export const listenerTlsPolicy: PolicyRule = {
  id: 'ELB-TLS-POLICY',
  title: 'HTTPS and TLS listeners use a TLS 1.2+ security policy (ssl_policy)',
  publicIds: { checkov: ['CKV_AWS_103', 'CKV2_AWS_74'], fsbp: ['ELB.17'] },
  appliesTo: ['aws_lb_listener', 'aws_alb_listener'],
  check(resource) {
    const { protocol, ssl_policy: policy } = resource.config;
    if (protocol !== 'HTTPS' && protocol !== 'TLS') return undefined;
    if (typeof policy === 'string' && TLS12_POLICY_PREFIXES.some((prefix) => policy.startsWith(prefix)))
      return undefined;
    const current =
      typeof policy === 'string'
        ? `ssl_policy = "${policy}"`
        : 'no ssl_policy, so AWS applies ELBSecurityPolicy-2016-08';
    return `accepts TLS versions or ciphers older than TLS 1.2 (${current}). Fix: set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (or another ELBSecurityPolicy-TLS13-1-2-*, TLS13-1-3-*, TLS-1-2-* or FS-1-2-* policy).`;
  },
};
