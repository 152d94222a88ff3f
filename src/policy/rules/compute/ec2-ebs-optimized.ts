// Instances use EBS-optimized networking, so volume I/O does not compete with network traffic.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const ec2EbsOptimized: PolicyRule = {
  id: 'EC2-EBS-OPTIMIZED',
  title: 'Instances are EBS-optimized (ebs_optimized = true)',
  publicIds: { checkov: ['CKV_AWS_135'] },
  appliesTo: ['aws_instance'],
  check(resource) {
    if (isTrue(resource.config.ebs_optimized)) return undefined;
    return 'is not EBS-optimized (ebs_optimized is not true). Fix: set ebs_optimized = true (free and on by default for current instance types).';
  },
};
