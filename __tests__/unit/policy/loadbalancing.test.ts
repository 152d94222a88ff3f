// Load balancing rules: each with a compliant and a non-compliant case.
import { loadBalancerAccessLogs } from '../../../src/policy/rules/loadbalancing/access-logs';
import { loadBalancerDeletionProtection } from '../../../src/policy/rules/loadbalancing/deletion-protection';
import { desyncMitigation } from '../../../src/policy/rules/loadbalancing/desync-mitigation';
import { dropInvalidHeaders } from '../../../src/policy/rules/loadbalancing/drop-invalid-headers';
import { loadBalancingRules } from '../../../src/policy/rules/loadbalancing';
import { listenerHttps } from '../../../src/policy/rules/loadbalancing/listener-https';
import { loadBalancerMultiAz } from '../../../src/policy/rules/loadbalancing/multi-az';
import { targetHealthCheck } from '../../../src/policy/rules/loadbalancing/target-health-check';
import { targetTls } from '../../../src/policy/rules/loadbalancing/target-tls';
import { listenerTlsPolicy } from '../../../src/policy/rules/loadbalancing/tls-policy';
import { loadBalancerWaf } from '../../../src/policy/rules/loadbalancing/waf';
import { envOf, verdict } from '../../helpers/policy';

describe('loadBalancingRules', () => {
  it('lists every load balancing rule once, each with a public ID', () => {
    const ids = loadBalancingRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(10);
    for (const rule of loadBalancingRules) {
      const { checkov = [], cdkNag = [], fsbp = [] } = rule.publicIds;
      expect(checkov.length + cdkNag.length + fsbp.length).toBeGreaterThan(0);
    }
  });
});

describe('ELB-DROP-INVALID-HEADERS', () => {
  it('passes an ALB that drops invalid headers (true or "true"), and a network load balancer', () => {
    const env = envOf({
      'aws_lb.a': { drop_invalid_header_fields: true },
      'aws_lb.b': { load_balancer_type: 'application', drop_invalid_header_fields: 'true' },
      'aws_lb.n': { load_balancer_type: 'network' },
    });
    for (const address of ['aws_lb.a', 'aws_lb.b', 'aws_lb.n'])
      expect(verdict(dropInvalidHeaders, env, address)).toBeUndefined();
  });

  it('fails an ALB that leaves it unset or false', () => {
    const env = envOf({ 'aws_lb.a': {}, 'aws_alb.b': { drop_invalid_header_fields: 'false' } });
    expect(verdict(dropInvalidHeaders, env, 'aws_lb.a')).toMatch(/Fix: set drop_invalid_header_fields = true/);
    expect(verdict(dropInvalidHeaders, env, 'aws_alb.b')).toMatch(/Fix:/);
  });
});

describe('ELB-DESYNC-MITIGATION', () => {
  it('passes defensive, strictest and the unset (defensive) default', () => {
    const env = envOf({
      'aws_lb.a': { desync_mitigation_mode: 'defensive' },
      'aws_lb.b': { desync_mitigation_mode: 'strictest' },
      'aws_lb.c': {},
    });
    for (const address of ['aws_lb.a', 'aws_lb.b', 'aws_lb.c'])
      expect(verdict(desyncMitigation, env, address)).toBeUndefined();
  });

  it('fails monitor mode', () => {
    const env = envOf({ 'aws_lb.a': { desync_mitigation_mode: 'monitor' } });
    expect(verdict(desyncMitigation, env, 'aws_lb.a')).toMatch(
      /"monitor".*Fix: set desync_mitigation_mode = "defensive"/,
    );
  });
});

describe('ELB-DELETION-PROTECTION', () => {
  it('passes true and "true"', () => {
    const env = envOf({
      'aws_lb.a': { enable_deletion_protection: true },
      'aws_lb.b': { enable_deletion_protection: 'true' },
    });
    expect(verdict(loadBalancerDeletionProtection, env, 'aws_lb.a')).toBeUndefined();
    expect(verdict(loadBalancerDeletionProtection, env, 'aws_lb.b')).toBeUndefined();
  });

  it('fails false and unset', () => {
    const env = envOf({ 'aws_lb.a': { enable_deletion_protection: false }, 'aws_lb.b': {} });
    expect(verdict(loadBalancerDeletionProtection, env, 'aws_lb.a')).toMatch(
      /Fix: set enable_deletion_protection = true/,
    );
    expect(verdict(loadBalancerDeletionProtection, env, 'aws_lb.b')).toMatch(/Fix:/);
  });
});

describe('ELB-ACCESS-LOGS', () => {
  it('passes an enabled block with a bucket, as an object or a one-element list', () => {
    const env = envOf({
      'aws_lb.a': { access_logs: { bucket: 'logs', enabled: true } },
      'aws_lb.b': { access_logs: [{ bucket: '${aws_s3_bucket.logs.id}', enabled: 'true' }] },
    });
    expect(verdict(loadBalancerAccessLogs, env, 'aws_lb.a')).toBeUndefined();
    expect(verdict(loadBalancerAccessLogs, env, 'aws_lb.b')).toBeUndefined();
  });

  it('fails no block, a block without enabled = true, and one without a bucket', () => {
    const env = envOf({
      'aws_lb.a': {},
      'aws_lb.b': { access_logs: { bucket: 'logs' } },
      'aws_lb.c': { access_logs: [{ enabled: true }] },
    });
    expect(verdict(loadBalancerAccessLogs, env, 'aws_lb.a')).toMatch(/no access_logs block.*Fix: set access_logs/);
    expect(verdict(loadBalancerAccessLogs, env, 'aws_lb.b')).toMatch(/defaults it to false.*Fix:/);
    expect(verdict(loadBalancerAccessLogs, env, 'aws_lb.c')).toMatch(/without a bucket.*Fix:/);
  });
});

describe('ELB-WAF', () => {
  it('passes an ALB a web ACL association points at, and skips network load balancers', () => {
    const env = envOf({
      'aws_lb.a': {},
      'aws_wafv2_web_acl_association.a': { resource_arn: '${aws_lb.a.arn}', web_acl_arn: '${aws_wafv2_web_acl.w.arn}' },
      'aws_lb.n': { load_balancer_type: 'network' },
    });
    expect(verdict(loadBalancerWaf, env, 'aws_lb.a')).toBeUndefined();
    expect(verdict(loadBalancerWaf, env, 'aws_lb.n')).toBeUndefined();
  });

  it('fails an ALB no association points at, even when another ALB has one', () => {
    const env = envOf({
      'aws_lb.a': {},
      'aws_lb.b': {},
      'aws_wafv2_web_acl_association.a': { resource_arn: '${aws_lb.a.arn}', web_acl_arn: '${aws_wafv2_web_acl.w.arn}' },
    });
    expect(verdict(loadBalancerWaf, env, 'aws_lb.b')).toMatch(/Fix: add an aws_wafv2_web_acl/);
  });
});

describe('ELB-MULTI-AZ', () => {
  it('passes subnets in two zones, two subnet_mapping entries, and a list expression it cannot count', () => {
    const env = envOf({
      'aws_subnet.a': { availability_zone: 'ap-northeast-2a' },
      'aws_subnet.c': { availability_zone: 'ap-northeast-2c' },
      'aws_lb.a': { subnets: ['${aws_subnet.a.id}', '${aws_subnet.c.id}'] },
      'aws_lb.b': { subnet_mapping: [{ subnet_id: 'subnet-1' }, { subnet_id: 'subnet-2' }] },
      'aws_lb.c': { subnets: '${var.subnet_ids}' },
    });
    for (const address of ['aws_lb.a', 'aws_lb.b', 'aws_lb.c'])
      expect(verdict(loadBalancerMultiAz, env, address)).toBeUndefined();
  });

  it('fails one subnet, a single subnet_mapping, and two subnets of the same zone', () => {
    const env = envOf({
      'aws_subnet.a': { availability_zone: 'ap-northeast-2a' },
      'aws_subnet.b': { availability_zone: 'ap-northeast-2a' },
      'aws_lb.a': { subnets: ['${aws_subnet.a.id}'] },
      'aws_lb.b': { subnet_mapping: { subnet_id: 'subnet-1' } },
      'aws_lb.c': { subnets: ['${aws_subnet.a.id}', '${aws_subnet.b.id}'] },
    });
    expect(verdict(loadBalancerMultiAz, env, 'aws_lb.a')).toMatch(/single subnet.*Fix:/);
    expect(verdict(loadBalancerMultiAz, env, 'aws_lb.b')).toMatch(/Fix:/);
    expect(verdict(loadBalancerMultiAz, env, 'aws_lb.c')).toMatch(/all in ap-northeast-2a.*Fix:/);
  });
});

describe('ELB-LISTENER-HTTPS', () => {
  it('passes HTTPS, TLS, TCP and an HTTP listener that redirects to HTTPS (action as a list or an object)', () => {
    const env = envOf({
      'aws_lb_listener.https': { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' },
      'aws_lb_listener.tls': { protocol: 'TLS' },
      'aws_lb_listener.tcp': { protocol: 'TCP' },
      'aws_lb_listener.list': {
        protocol: 'HTTP',
        default_action: [{ type: 'redirect', redirect: [{ protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' }] }],
      },
      'aws_lb_listener.object': {
        protocol: 'HTTP',
        default_action: { type: 'redirect', redirect: { protocol: 'HTTPS', port: 443, status_code: 'HTTP_301' } },
      },
    });
    for (const name of ['https', 'tls', 'tcp', 'list', 'object'])
      expect(verdict(listenerHttps, env, `aws_lb_listener.${name}`)).toBeUndefined();
  });

  it('passes a gateway load balancer listener, which has no protocol', () => {
    const env = envOf({
      'aws_lb.g': { load_balancer_type: 'gateway' },
      'aws_lb_listener.g': { load_balancer_arn: '${aws_lb.g.arn}', default_action: [{ type: 'forward' }] },
    });
    expect(verdict(listenerHttps, env, 'aws_lb_listener.g')).toBeUndefined();
  });

  it('fails an HTTP listener that forwards, one that redirects to HTTP, and an ALB listener without a protocol', () => {
    const env = envOf({
      'aws_lb.a': {},
      'aws_lb_listener.forward': {
        protocol: 'HTTP',
        default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.t.arn}' }],
      },
      'aws_lb_listener.http': {
        protocol: 'HTTP',
        default_action: { type: 'redirect', redirect: { protocol: 'HTTP', port: '8080' } },
      },
      'aws_alb_listener.bare': { load_balancer_arn: '${aws_lb.a.arn}', default_action: [{ type: 'forward' }] },
    });
    expect(verdict(listenerHttps, env, 'aws_lb_listener.forward')).toMatch(/clear text.*Fix: set protocol = "HTTPS"/);
    expect(verdict(listenerHttps, env, 'aws_lb_listener.http')).toMatch(/Fix:/);
    expect(verdict(listenerHttps, env, 'aws_alb_listener.bare')).toMatch(/Fix:/);
  });
});

describe('ELB-TLS-POLICY', () => {
  it('passes TLS 1.2+ policies on HTTPS and TLS listeners, and ignores plain listeners', () => {
    const env = envOf({
      'aws_lb_listener.a': { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' },
      'aws_lb_listener.b': { protocol: 'TLS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' },
      'aws_lb_listener.c': { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-FS-1-2-Res-2020-10' },
      'aws_lb_listener.d': { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS-1-2-2017-01' },
      'aws_lb_listener.e': { protocol: 'HTTP', default_action: [{ type: 'forward' }] },
    });
    for (const name of ['a', 'b', 'c', 'd', 'e'])
      expect(verdict(listenerTlsPolicy, env, `aws_lb_listener.${name}`)).toBeUndefined();
  });

  it('fails an old policy, a TLS13 policy that still allows TLS 1.0, and a missing policy', () => {
    const env = envOf({
      'aws_lb_listener.a': { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-2016-08' },
      'aws_lb_listener.b': { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-0-2021-06' },
      'aws_lb_listener.c': { protocol: 'TLS' },
    });
    expect(verdict(listenerTlsPolicy, env, 'aws_lb_listener.a')).toMatch(
      /ELBSecurityPolicy-2016-08.*Fix: set ssl_policy/,
    );
    expect(verdict(listenerTlsPolicy, env, 'aws_lb_listener.b')).toMatch(/Fix:/);
    expect(verdict(listenerTlsPolicy, env, 'aws_lb_listener.c')).toMatch(/no ssl_policy.*Fix:/);
  });
});

describe('ELB-TARGET-HEALTH-CHECK', () => {
  it('passes an HTTP health check with a path (block as object or list), a TCP group, and a Lambda group', () => {
    const env = envOf({
      'aws_lb_target_group.a': { protocol: 'HTTP', health_check: { enabled: true, path: '/health' } },
      'aws_lb_target_group.b': { protocol: 'HTTPS', health_check: [{ path: '/health' }] },
      'aws_lb_target_group.c': { protocol: 'TCP' },
      'aws_lb_target_group.d': { target_type: 'lambda' },
    });
    for (const name of ['a', 'b', 'c', 'd'])
      expect(verdict(targetHealthCheck, env, `aws_lb_target_group.${name}`)).toBeUndefined();
  });

  it('fails an HTTP group without a health check or a path, and a disabled health check', () => {
    const env = envOf({
      'aws_lb_target_group.a': { protocol: 'HTTP' },
      'aws_lb_target_group.b': { protocol: 'HTTP', health_check: [{ enabled: true }] },
      'aws_lb_target_group.c': { protocol: 'HTTPS', health_check: { enabled: 'false', path: '/health' } },
      'aws_alb_target_group.d': { protocol: 'TCP', health_check: { enabled: false } },
    });
    expect(verdict(targetHealthCheck, env, 'aws_lb_target_group.a')).toMatch(
      /no health_check block.*Fix: set health_check/,
    );
    expect(verdict(targetHealthCheck, env, 'aws_lb_target_group.b')).toMatch(/health_check has no path.*Fix:/);
    expect(verdict(targetHealthCheck, env, 'aws_lb_target_group.c')).toMatch(/enabled = false.*Fix:/);
    expect(verdict(targetHealthCheck, env, 'aws_alb_target_group.d')).toMatch(
      /Fix: set health_check \{ enabled = true \}/,
    );
  });
});

describe('ELB-TARGET-TLS', () => {
  it('passes HTTPS and TLS target groups, and a Lambda group without a protocol', () => {
    const env = envOf({
      'aws_lb_target_group.a': { protocol: 'HTTPS' },
      'aws_lb_target_group.b': { protocol: 'TLS' },
      'aws_lb_target_group.c': { target_type: 'lambda' },
    });
    for (const name of ['a', 'b', 'c']) expect(verdict(targetTls, env, `aws_lb_target_group.${name}`)).toBeUndefined();
  });

  it('fails a plain HTTP target group', () => {
    const env = envOf({ 'aws_lb_target_group.a': { protocol: 'HTTP', port: 8080 } });
    expect(verdict(targetTls, env, 'aws_lb_target_group.a')).toMatch(/unencrypted.*Fix: set protocol = "HTTPS"/);
  });
});
