// Application load balancers refuse ambiguous requests (HTTP desync) instead of only monitoring them.
import type { PolicyRule } from '../../rule';
import { loadBalancerType } from '../values';

/** Absent means "defensive", the AWS default; only "monitor" lets ambiguous requests through. */
const SAFE_MODES = ['defensive', 'strictest'];

export const desyncMitigation: PolicyRule = {
  id: 'ELB-DESYNC-MITIGATION',
  title: 'Application load balancers use the "defensive" or "strictest" desync mitigation mode',
  publicIds: { checkov: ['CKV_AWS_328'], fsbp: ['ELB.12'] },
  appliesTo: ['aws_lb', 'aws_alb'],
  check(resource) {
    if (loadBalancerType(resource.config) !== 'application') return undefined;
    const mode = resource.config.desync_mitigation_mode;
    if (mode === undefined || mode === null || (typeof mode === 'string' && SAFE_MODES.includes(mode)))
      return undefined;
    return `passes requests that may desynchronise it from its targets (desync_mitigation_mode = ${JSON.stringify(mode)}). Fix: set desync_mitigation_mode = "defensive" (or "strictest"), or leave it unset for the defensive default.`;
  },
};
