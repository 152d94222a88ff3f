// Every security group is used by something: a group nothing refers to is dead configuration or a mistake.
import type { PolicyRule } from '../../rule';
import { referrers } from '../values';

/** Resources that put a security group on network interfaces (checkov CKV2_AWS_5's list, and the ENI attachment). */
const USERS = [
  'aws_alb',
  'aws_apprunner_vpc_connector',
  'aws_appstream_fleet',
  'aws_batch_compute_environment',
  'aws_cloudwatch_event_target',
  'aws_codebuild_project',
  'aws_codestarconnections_host',
  'aws_dax_cluster',
  'aws_db_instance',
  'aws_dms_replication_instance',
  'aws_docdb_cluster',
  'aws_ec2_client_vpn_endpoint',
  'aws_ec2_client_vpn_network_association',
  'aws_ec2_spot_fleet_request',
  'aws_ecs_service',
  'aws_efs_mount_target',
  'aws_eks_cluster',
  'aws_eks_node_group',
  'aws_elasticache_cluster',
  'aws_elasticache_replication_group',
  'aws_elasticsearch_domain',
  'aws_elb',
  'aws_emr_cluster',
  'aws_emr_studio',
  'aws_glue_dev_endpoint',
  'aws_instance',
  'aws_lambda_function',
  'aws_launch_configuration',
  'aws_launch_template',
  'aws_lb',
  'aws_memorydb_cluster',
  'aws_mq_broker',
  'aws_msk_cluster',
  'aws_mwaa_environment',
  'aws_neptune_cluster',
  'aws_network_interface',
  'aws_network_interface_sg_attachment',
  'aws_opensearch_domain',
  'aws_quicksight_vpc_connection',
  'aws_rds_cluster',
  'aws_redshift_cluster',
  'aws_route53_resolver_endpoint',
  'aws_sagemaker_notebook_instance',
  'aws_transfer_server',
  'aws_vpc_endpoint',
  'aws_vpclattice_service_network_vpc_association',
];

export const sgAttached: PolicyRule = {
  id: 'SG-ATTACHED',
  title:
    'Every security group is used by a resource with network interfaces (instance, launch template, load balancer, database, ...)',
  publicIds: { checkov: ['CKV2_AWS_5'] },
  appliesTo: ['aws_security_group'],
  check(group, { env }) {
    if (referrers(env, group, USERS).length > 0) return undefined;
    return 'is not used by anything (no instance, launch template, load balancer, database or network interface refers to it). Fix: put it in the vpc_security_group_ids / security_groups of the resource it is for, or delete it.';
  },
};
