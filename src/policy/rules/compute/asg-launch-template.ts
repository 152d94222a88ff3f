// Auto Scaling groups launch from launch templates (IMDSv2, current instance features), not launch configurations.
import type { PolicyRule } from '../../rule';
import { block } from '../values';

export const asgLaunchTemplate: PolicyRule = {
  id: 'ASG-LAUNCH-TEMPLATE',
  title:
    'Auto Scaling groups use a launch template (launch_template, or mixed_instances_policy.launch_template), not a launch configuration',
  publicIds: { checkov: ['CKV_AWS_315'], fsbp: ['AutoScaling.9'] },
  appliesTo: ['aws_autoscaling_group'],
  check(resource) {
    if (block(resource.config.launch_template)) return undefined;
    if (block(block(resource.config.mixed_instances_policy)?.launch_template)) return undefined;
    return 'launches from a launch configuration, which AWS no longer develops (no launch_template). Fix: create an aws_launch_template and set launch_template { id = ..., version = ... } instead of launch_configuration.';
  },
};
