// Subnets do not hand out public IPv4 addresses by default: an instance is public only when asked for.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const subnetNoAutoPublicIp: PolicyRule = {
  id: 'VPC-SUBNET-NO-AUTO-PUBLIC-IP',
  title: 'Subnets do not assign public IPv4 addresses on launch (map_public_ip_on_launch is not true)',
  publicIds: { checkov: ['CKV_AWS_130'], fsbp: ['EC2.15'] },
  appliesTo: ['aws_subnet'],
  check(resource) {
    if (!isTrue(resource.config.map_public_ip_on_launch)) return undefined;
    return 'gives every instance launched in it a public IPv4 address (map_public_ip_on_launch = true). Fix: set map_public_ip_on_launch = false and give public addresses explicitly (an Elastic IP, a load balancer).';
  },
};
