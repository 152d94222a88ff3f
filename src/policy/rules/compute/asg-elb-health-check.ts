// Auto Scaling groups behind a load balancer replace instances the load balancer finds unhealthy, not just dead ones.
import type { PolicyRule } from '../../rule';
import { referrers, stringList } from '../values';

/** Resources that put an Auto Scaling group behind a load balancer from outside it. */
const ATTACHMENTS = ['aws_autoscaling_attachment', 'aws_autoscaling_traffic_source_attachment'];

export const asgElbHealthCheck: PolicyRule = {
  id: 'ASG-ELB-HEALTH-CHECK',
  title: 'Auto Scaling groups attached to a load balancer use its health checks (health_check_type = "ELB")',
  publicIds: { checkov: ['CKV2_AWS_15'], fsbp: ['AutoScaling.1'] },
  appliesTo: ['aws_autoscaling_group'],
  check(group, { env }) {
    const { config } = group;
    const attached =
      stringList(config.target_group_arns).length > 0 ||
      stringList(config.load_balancers).length > 0 ||
      config.traffic_source !== undefined ||
      referrers(env, group, ATTACHMENTS).length > 0;
    if (!attached || config.health_check_type === 'ELB') return undefined;
    return `is behind a load balancer but replaces only instances EC2 finds impaired (health_check_type is ${config.health_check_type === undefined ? 'not set, so "EC2"' : `"${String(config.health_check_type)}"`}). Fix: set health_check_type = "ELB" and a health_check_grace_period long enough for the instances to start.`;
  },
};
