// What a plan of each stack of a shipped environment must create from nothing, by resource type: an account of the
// stacks written independently of them, so that a resource appearing or vanishing shows.
import type { EnvironmentConfig } from '../../src/config/resolved';
import { AccountResources, DatabaseProtection } from '../../src/config/settings';

/** What a fresh plan of each stack must create, by resource type. */
export function expectedCreates(config: EnvironmentConfig): Record<string, Record<string, number>> {
  const natCount = config.network.natGateways === 'one-per-az' ? 2 : 1;
  const https = config.app.listener.protocol === 'HTTPS';
  const bastion = config.access.bastion;
  const endpoints = config.network.interfaceEndpoints;
  const owner = config.context.accountResources === AccountResources.CREATE;
  const guarded = config.database.protection === DatabaseProtection.PROTECTED;
  const count = (condition: unknown, n = 1) => (condition ? n : 0);
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
    state: { ...privateBucket, aws_kms_key: 1, aws_kms_alias: 1 },
    ci: {
      aws_iam_openid_connect_provider: count(owner),
      // The workload boundary and the deploy role's four policies, and its guards where the data is protected.
      aws_iam_policy: 5 + count(guarded),
      aws_iam_role: 2,
      aws_iam_role_policy: 1,
      aws_iam_role_policy_attachment: 4 + count(guarded),
    },
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
      // S3's gateway endpoint always; ECR (2), Secrets Manager, CloudWatch Logs and Session Manager (3) with endpoints.
      aws_vpc_endpoint: 1 + count(endpoints, 7),
      aws_security_group: count(endpoints),
    },
    access: {
      // Session Manager's preferences: their key, its alias, the log group, the document.
      aws_kms_key: count(owner),
      aws_kms_alias: count(owner),
      aws_cloudwatch_log_group: count(owner),
      aws_ssm_document: count(owner),
      aws_security_group: count(bastion),
      // SSH from each admin CIDR; with endpoints, the endpoints' HTTPS from the bastion.
      aws_vpc_security_group_ingress_rule: (bastion?.adminIpv4Cidrs.length ?? 0) + count(bastion && endpoints),
      // HTTPS to the endpoints and S3, or to the internet.
      aws_vpc_security_group_egress_rule: count(bastion, endpoints ? 2 : 1),
      aws_iam_role: count(bastion),
      aws_iam_role_policy: count(bastion),
      aws_iam_instance_profile: count(bastion),
      aws_key_pair: count(bastion?.sshKey.kind === 'public-key'),
      aws_instance: count(bastion),
      aws_eip: count(bastion),
      aws_eip_association: count(bastion),
    },
    data: {
      aws_security_group: 1,
      aws_db_subnet_group: 1,
      aws_db_parameter_group: 1,
      aws_iam_role: 1,
      aws_iam_role_policy_attachment: 1,
      aws_cloudwatch_log_group: 2,
      // The storage key (the shipped classes have no Performance Insights, so no key of its own).
      aws_kms_key: 1,
      aws_kms_alias: 1,
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
      // From the internet (80, 443), from the load balancer, from the bastion, the database's from the app, the
      // endpoints' from the app.
      aws_vpc_security_group_ingress_rule: (https ? 2 : 1) + 1 + count(bastion) + 1 + count(endpoints),
      // To the app, the bastion's to the app, to the database, to the endpoints and S3, to the internet.
      aws_vpc_security_group_egress_rule:
        1 + count(bastion) + 1 + count(endpoints, 2) + count(config.app.internetEgress),
      aws_lb: 1,
      aws_lb_target_group: 1,
      aws_lb_listener: https ? 2 : 1,
      aws_cloudwatch_log_group: 1 + count(config.app.webAcl),
      aws_iam_role: 1,
      aws_iam_role_policy: 2,
      aws_iam_instance_profile: 1,
      aws_key_pair: count(config.app.sshKey?.kind === 'public-key'),
      aws_launch_template: 1,
      aws_autoscaling_group: 1,
      aws_wafv2_web_acl: count(config.app.webAcl),
      aws_wafv2_web_acl_association: count(config.app.webAcl),
      aws_wafv2_web_acl_logging_configuration: count(config.app.webAcl),
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
