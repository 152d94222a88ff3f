// Settings shared by every EC2 instance here: the AMI resolved at launch, IMDSv2, encrypted gp3 root volumes.
import type { LaunchTemplateBlockDeviceMappings, LaunchTemplateMetadataOptions } from '@cdktf/provider-aws/lib/launch-template';

/**
 * Amazon Linux 2023's public SSM parameter, resolved by EC2 when an instance launches. No AMI lookup at plan
 * time (plans run without AWS access), and new instances get the current, patched image.
 */
export function amazonLinuxImage(architecture: 'x86_64' | 'arm64'): string {
  return `resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`;
}

/**
 * IMDSv2 only (session tokens defeat SSRF-style credential theft), and a hop limit of 1 so that containers on
 * the instance cannot reach the instance role's credentials.
 */
export const IMDS_V2_ONLY: LaunchTemplateMetadataOptions = {
  httpEndpoint: 'enabled',
  httpTokens: 'required',
  httpPutResponseHopLimit: 1,
  instanceMetadataTags: 'disabled',
};

/** Amazon Linux 2023's root device. */
export const ROOT_DEVICE = '/dev/xvda';

/** The root volume: gp3, encrypted with the account's EBS key, deleted with the instance. */
export function encryptedRootVolume(sizeGiB: number): LaunchTemplateBlockDeviceMappings {
  return {
    deviceName: ROOT_DEVICE,
    ebs: { volumeSize: sizeGiB, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
  };
}

/** The managed policy that lets Session Manager reach an instance without SSH or an open port. */
export const SSM_MANAGED_INSTANCE_CORE = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';

/** Why the Session Manager attachment is an AWS managed policy rather than our own. */
export const SSM_MANAGED_POLICY_REASON =
  'AmazonSSMManagedInstanceCore is the policy AWS maintains for the SSM agent; a copy of it would need the same "*" resources and would fall behind what the agent needs.';
