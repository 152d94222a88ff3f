// What a plan of each stack of a shipped environment must create from nothing, by resource type: an account of the
// stacks written independently of them, so that a resource appearing or vanishing shows.
import type { EnvironmentConfig } from '../../src/config/resolved';

/** What a fresh plan of each stack must create, by resource type. */
export function expectedCreates(config: EnvironmentConfig): Record<string, Record<string, number>> {
  const natCount = config.network.natGateways === 'one-per-az' ? 2 : 1;
  const https = config.app.listener.protocol === 'HTTPS';
  const adminRules = config.access.adminIpv4Cidrs.length;
  /** A bucket made by privateBucket(): the bucket and its six companions. */
  const privateBucket = {
    aws_s3_bucket: 1,
    aws_s3_bucket_versioning: 1,
    aws_s3_bucket_server_side_encryption_configuration: 1,
    aws_s3_bucket_public_access_block: 1,
    aws_s3_bucket_ownership_controls: 1,
    aws_s3_bucket_policy: 1,
    aws_s3_bucket_lifecycle_configuration: 1,
  };
  return {
    state: privateBucket,
    network: {
      aws_vpc: 1,
      aws_default_security_group: 1,
      aws_subnet: 4,
      aws_internet_gateway: 1,
      aws_eip: natCount,
      aws_nat_gateway: natCount,
      aws_route_table: 3,
      aws_route: 3,
      aws_route_table_association: 4,
      aws_cloudwatch_log_group: 1,
      aws_iam_role: 1,
      aws_iam_role_policy: 1,
      aws_flow_log: 1,
    },
    access: {
      aws_security_group: 1,
      aws_vpc_security_group_ingress_rule: adminRules,
      aws_vpc_security_group_egress_rule: 1,
      aws_iam_role: 1,
      aws_iam_role_policy_attachment: 1,
      aws_iam_instance_profile: 1,
      aws_key_pair: config.access.sshKey.kind === 'public-key' ? 1 : 0,
      aws_instance: 1,
      aws_eip: 1,
      aws_eip_association: 1,
    },
    data: {
      aws_security_group: 1,
      aws_db_subnet_group: 1,
      aws_db_parameter_group: 1,
      aws_iam_role: 1,
      aws_iam_role_policy_attachment: 1,
      aws_cloudwatch_log_group: 2,
      aws_db_instance: 1,
    },
    monitoring: {
      aws_kms_key: 1,
      aws_kms_alias: 1,
      aws_sns_topic: 1,
      aws_sns_topic_policy: 1,
      aws_sns_topic_subscription: config.monitoring.alarmEmail ? 1 : 0,
      // CPU, free storage, freeable memory, connections; and port allocation errors per NAT gateway.
      aws_cloudwatch_metric_alarm: 4 + natCount,
      aws_db_event_subscription: 1,
    },
    app: {
      ...(config.app.accessLogRetentionDays ? privateBucket : {}),
      aws_security_group: 2,
      aws_vpc_security_group_ingress_rule: (https ? 2 : 1) + 3,
      aws_vpc_security_group_egress_rule: 4,
      aws_lb: 1,
      aws_lb_target_group: 1,
      aws_lb_listener: https ? 2 : 1,
      aws_cloudwatch_log_group: 1,
      aws_iam_role: 1,
      aws_iam_role_policy: 1,
      aws_iam_role_policy_attachment: 1,
      aws_iam_instance_profile: 1,
      aws_launch_template: 1,
      aws_autoscaling_group: 1,
      aws_autoscaling_policy: 1,
      // 5xx rate, unhealthy hosts, response time p95, in service below min.
      aws_cloudwatch_metric_alarm: 4,
      aws_cloudwatch_event_rule: 1,
      aws_cloudwatch_event_target: 1,
      aws_cloudwatch_dashboard: 1,
    },
  };
}

/** The counts without the types a configuration creates none of. */
export function withoutZeros(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}
