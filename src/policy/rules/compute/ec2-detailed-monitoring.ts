// Instances send CloudWatch metrics every minute (detailed monitoring), to scale and investigate on time.
import type { PolicyRule } from '../../rule';
import { block, isTrue, launchedOnlyByInstances } from '../values';

export const ec2DetailedMonitoring: PolicyRule = {
  id: 'EC2-DETAILED-MONITORING',
  title: 'Instances and launch templates enable detailed monitoring (monitoring = true, monitoring { enabled = true })',
  publicIds: { checkov: ['CKV_AWS_126'], cdkNag: ['AwsSolutions-EC28'] },
  appliesTo: ['aws_instance', 'aws_launch_template'],
  check(resource, { env }) {
    if (resource.type === 'aws_launch_template') {
      const monitoring = block(resource.config.monitoring);
      if (isTrue(monitoring?.enabled)) return undefined;
      // A template only aws_instance resources launch from: their own `monitoring` decides, and is checked there.
      if (monitoring === undefined && launchedOnlyByInstances(env, resource)) return undefined;
      return 'launches instances with basic (5-minute) monitoring only (monitoring.enabled is not true). Fix: set monitoring { enabled = true }.';
    }
    if (isTrue(resource.config.monitoring)) return undefined;
    return 'has basic (5-minute) monitoring only (monitoring is not true). Fix: set monitoring = true.';
  },
};
