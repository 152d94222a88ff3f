// Load balancing rules.
import type { PolicyRule } from '../../rule';
import { loadBalancerAccessLogs } from './access-logs';
import { loadBalancerDeletionProtection } from './deletion-protection';
import { desyncMitigation } from './desync-mitigation';
import { dropInvalidHeaders } from './drop-invalid-headers';
import { listenerHttps } from './listener-https';
import { loadBalancerMultiAz } from './multi-az';
import { targetHealthCheck } from './target-health-check';
import { targetTls } from './target-tls';
import { listenerTlsPolicy } from './tls-policy';
import { loadBalancerWaf } from './waf';

export const loadBalancingRules: readonly PolicyRule[] = [
  dropInvalidHeaders,
  desyncMitigation,
  loadBalancerDeletionProtection,
  loadBalancerAccessLogs,
  loadBalancerWaf,
  loadBalancerMultiAz,
  listenerHttps,
  listenerTlsPolicy,
  targetHealthCheck,
  targetTls,
];
