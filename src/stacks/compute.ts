// Settings shared by every EC2 instance here: the image looked up at plan time, IMDSv2, encrypted gp3 root volumes.
import { DataAwsAmi } from '@cdktf/provider-aws/lib/data-aws-ami';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import type { LaunchTemplateBlockDeviceMappings, LaunchTemplateMetadataOptions } from '@cdktf/provider-aws/lib/launch-template';
import type { Construct } from 'constructs';
import type { MachineImageConfig } from '../config/resolved';

/** The Amazon Linux 2023 AMIs' owner alias, which only AWS can publish under. */
const AMAZON = 'amazon';

/** `al2023-ami-<release>-kernel-6.1-<architecture>`: AWS names Amazon Linux 2023 images alike in every region. */
export function amazonLinuxImageName(release: string, architecture: 'x86_64' | 'arm64'): string {
  return `al2023-ami-${release}-kernel-6.1-${architecture}`;
}

/**
 * The AMI ID the instances boot, looked up when Terraform plans (a data source): the plan shows the image, and a
 * different image is a planned change of the launch template that rolls out, never a surprise at the next launch.
 * A pinned release is found by its AMI name among Amazon's images; "latest" reads AWS's public SSM parameter.
 */
export function machineImageId(scope: Construct, id: string, image: MachineImageConfig, architecture: 'x86_64' | 'arm64'): string {
  switch (image.kind) {
    case 'ami':
      return image.amiId;
    case 'latest-amazon-linux':
      // insecure_value: a public parameter, not a secret; `value` would hide the AMI ID in every plan.
      return new DataAwsSsmParameter(scope, id, { name: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}` }).insecureValue;
    case 'amazon-linux-release':
      return new DataAwsAmi(scope, id, {
        owners: [AMAZON],
        mostRecent: true,
        filter: [
          { name: 'name', values: [amazonLinuxImageName(image.release, architecture)] },
          { name: 'architecture', values: [architecture] },
        ],
      }).id;
  }
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
