// Settings shared by every EC2 instance here: the image looked up at plan time, IMDSv2, encrypted gp3 root volumes.
import { DataAwsAmi } from '@cdktf/provider-aws/lib/data-aws-ami';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import type {
  LaunchTemplateBlockDeviceMappings,
  LaunchTemplateMetadataOptions,
} from '@cdktf/provider-aws/lib/launch-template';
import type { Construct } from 'constructs';
import type { MachineImageConfig } from '../config/resolved';
import { EC2_MESSAGES_ACTIONS } from '../stacks/ci/policies';
import type { PolicyStatement } from './iam';

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
export function machineImageId(
  scope: Construct,
  id: string,
  image: MachineImageConfig,
  architecture: 'x86_64' | 'arm64',
): string {
  switch (image.kind) {
    case 'ami':
      return image.amiId;
    case 'latest-amazon-linux':
      // insecure_value: a public parameter, not a secret; `value` would hide the AMI ID in every plan.
      return new DataAwsSsmParameter(scope, id, {
        name: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`,
      }).insecureValue;
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

/**
 * What the SSM agent calls for Session Manager, instead of AmazonSSMManagedInstanceCore (which also grants
 * ssm:GetParameter* on every parameter and the whole of Run Command's document API): registering the instance, the
 * session channels, the agent's message polling, the session key (decrypt only), and the session log group it
 * streams every session to.
 */
export function sessionManagerStatements(
  region: string,
  account: string,
  sessionLogGroupArn: string,
  sessionKeyAlias: string,
): PolicyStatement[] {
  return [
    // Called by the agent for its own instance; AWS allows narrowing it to instances, not to "this" instance.
    {
      Sid: 'RegisterWithSystemsManager',
      Effect: 'Allow',
      Action: ['ssm:UpdateInstanceInformation'],
      Resource: [`arn:aws:ec2:${region}:${account}:instance/*`],
    },
    {
      Sid: 'OpenSessionChannels',
      Effect: 'Allow',
      Action: [
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ],
      Resource: ['*'],
    },
    { Sid: 'ReceiveAgentMessages', Effect: 'Allow', Action: [...EC2_MESSAGES_ACTIONS], Resource: ['*'] },
    {
      // The preferences encrypt session data with the session key; the instance decrypts, and may use no other key.
      Sid: 'DecryptSessionData',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [`arn:aws:kms:${region}:${account}:key/*`],
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [sessionKeyAlias] } },
    },
    {
      Sid: 'StreamSessionsToTheSessionLogGroup',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: [`${sessionLogGroupArn}:*`],
    },
    // With encryption required by the preferences, the agent checks that the log group has a KMS key before it logs.
    { Sid: 'CheckTheSessionLogGroupIsEncrypted', Effect: 'Allow', Action: ['logs:DescribeLogGroups'], Resource: ['*'] },
  ];
}

/** Why the Session Manager statements keep "*" resources. */
export const SESSION_MANAGER_WILDCARD_REASON =
  "The ssmmessages actions (Session Manager's channels), the ec2messages actions (the SSM agent's message polling) and logs:DescribeLogGroups (the agent's check that the session log group is encrypted) have no resource-level permissions, so AWS accepts only \"*\" for them; every other statement names its resources.";
