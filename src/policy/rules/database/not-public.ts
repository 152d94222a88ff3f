// Databases get no public address: they are reachable from inside the VPC only.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const databaseNotPublic: PolicyRule = {
  id: 'RDS-NOT-PUBLIC',
  title: 'RDS instances are not publicly accessible (publicly_accessible is not true)',
  publicIds: { checkov: ['CKV_AWS_17'], fsbp: ['RDS.2'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    if (!isTrue(resource.config.publicly_accessible)) return undefined;
    return 'gets a public DNS name and address that resolve from the internet (publicly_accessible = true). Fix: set publicly_accessible = false and reach it from inside the VPC (bastion, VPN, Session Manager).';
  },
};
