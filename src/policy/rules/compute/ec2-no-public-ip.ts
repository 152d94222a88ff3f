// Instances get no public IPv4 address of their own: they are reached through load balancers, NAT, Session Manager.
import type { PolicyRule } from '../../rule';
import { blocks, isTrue } from '../values';

export const ec2NoPublicIp: PolicyRule = {
  id: 'EC2-NO-PUBLIC-IP',
  title:
    'Instances, launch templates and launch configurations do not ask for a public IPv4 address (associate_public_ip_address is not true)',
  publicIds: { checkov: ['CKV_AWS_88'], fsbp: ['EC2.9', 'EC2.25', 'AutoScaling.5'] },
  appliesTo: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'],
  check(resource) {
    if (resource.type === 'aws_launch_template') {
      const index = blocks(resource.config.network_interfaces).findIndex((eni) =>
        isTrue(eni.associate_public_ip_address),
      );
      if (index < 0) return undefined;
      return `gives its instances a public IPv4 address (network_interfaces[${index}].associate_public_ip_address = true). Fix: set associate_public_ip_address = false and reach the instances through a load balancer or Session Manager.`;
    }
    if (!isTrue(resource.config.associate_public_ip_address)) return undefined;
    return 'has a public IPv4 address (associate_public_ip_address = true). Fix: set associate_public_ip_address = false and reach it through a load balancer, Session Manager or an explicitly managed Elastic IP.';
  },
};
