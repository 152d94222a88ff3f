// Compute rules: instances, launch templates, Auto Scaling groups, Elastic IPs, Session Manager.
import type { PolicyRule } from '../../rule';
import { asgElbHealthCheck } from './asg-elb-health-check';
import { asgLaunchTemplate } from './asg-launch-template';
import { asgMultiAz } from './asg-multi-az';
import { asgTags } from './asg-tags';
import { ebsEncrypted } from './ebs-encrypted';
import { ec2DetailedMonitoring } from './ec2-detailed-monitoring';
import { ec2EbsOptimized } from './ec2-ebs-optimized';
import { ec2InstanceProfile } from './ec2-instance-profile';
import { ec2NoPublicIp } from './ec2-no-public-ip';
import { ec2NoSecretsInUserData } from './ec2-no-secrets-in-user-data';
import { ec2TerminationProtection } from './ec2-termination-protection';
import { eipAttached } from './eip-attached';
import { eipVpcDomain } from './eip-vpc-domain';
import { imdsHopLimit } from './imds-hop-limit';
import { imdsv2Required } from './imdsv2-required';
import { ssmSessionEncryptedAndLogged } from './ssm-session-preferences';

export const computeRules: readonly PolicyRule[] = [
  imdsv2Required,
  imdsHopLimit,
  ebsEncrypted,
  ec2NoPublicIp,
  ec2DetailedMonitoring,
  ec2EbsOptimized,
  ec2InstanceProfile,
  ec2NoSecretsInUserData,
  ec2TerminationProtection,
  asgLaunchTemplate,
  asgElbHealthCheck,
  asgMultiAz,
  asgTags,
  eipVpcDomain,
  eipAttached,
  ssmSessionEncryptedAndLogged,
];
