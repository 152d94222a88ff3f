// Load balancers write access logs to S3, the record of every request for audits and incident response.
import type { PolicyRule } from '../../rule';
import { block, isTrue, loadBalancerType } from '../values';

export const loadBalancerAccessLogs: PolicyRule = {
  id: 'ELB-ACCESS-LOGS',
  title: 'Load balancers write access logs to an S3 bucket (access_logs { enabled = true, bucket = ... })',
  publicIds: { checkov: ['CKV_AWS_91'], cdkNag: ['AwsSolutions-ELB2'], fsbp: ['ELB.5'] },
  appliesTo: ['aws_lb', 'aws_alb'],
  check(resource) {
    // Gateway load balancers have no access logs to turn on.
    if (loadBalancerType(resource.config) === 'gateway') return undefined;
    const logs = block(resource.config.access_logs);
    const bucket = logs?.bucket;
    const hasBucket = typeof bucket === 'string' && bucket.trim() !== '';
    if (logs && isTrue(logs.enabled) && hasBucket) return undefined;
    const what = !logs
      ? 'has no access_logs block'
      : !isTrue(logs.enabled)
        ? 'has access_logs without enabled = true (the provider defaults it to false, even with a bucket)'
        : 'has access_logs enabled without a bucket';
    return `keeps no record of the requests it serves (${what}). Fix: set access_logs { bucket = <log bucket>, enabled = true } on a bucket whose policy lets the ELB log delivery service write.`;
  },
};
