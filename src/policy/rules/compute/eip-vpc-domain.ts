// Elastic IPs are VPC addresses: EC2-Classic is gone, and a classic-domain address cannot be used.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const eipVpcDomain: PolicyRule = {
  id: 'EIP-VPC-DOMAIN',
  title: 'Elastic IPs are allocated for the VPC (domain = "vpc", or the deprecated vpc = true)',
  publicIds: {},
  appliesTo: ['aws_eip'],
  check(eip) {
    if (eip.config.domain === 'vpc' || isTrue(eip.config.vpc)) return undefined;
    return 'is not allocated for the VPC (domain is not "vpc"). Fix: set domain = "vpc".';
  },
};
