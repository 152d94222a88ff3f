// The access tier: a bastion host in a public subnet, with an Elastic IP and SSH from the admin CIDRs only.
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { EipAssociation } from '@cdktf/provider-aws/lib/eip-association';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { KeyPair } from '@cdktf/provider-aws/lib/key-pair';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { isArm64InstanceType, isBurstable } from '../config/aws-rules';
import { SSH_PORT } from '../config/ports';
import { Tier, type AccessConfig } from '../config/resolved';
import { waive } from '../policy/waivers';
import { IMDS_V2_ONLY, machineImageId, SSM_MANAGED_INSTANCE_CORE, SSM_MANAGED_POLICY_REASON } from './compute';
import { EnvironmentStack, type EnvironmentStackProps } from './environment-stack';
import { serviceTrustPolicy } from './iam';
import type { NetworkOutputs } from './network-stack';
import { allowHttpsToInternet, allowIngress, cidrId, closedSecurityGroup } from './security-rules';

export interface AccessStackProps extends EnvironmentStackProps {
  /** The resolved access settings (`resolveEnvironment(...).access`): admin CIDRs, SSH key, instance type. */
  readonly access: AccessConfig;
  readonly network: NetworkOutputs;
}

/** What the access tier gives the other stacks. */
export interface AccessOutputs {
  /** The bastion's group: the app tier lets SSH in from it, and adds the matching egress rule to it. */
  readonly bastionSecurityGroupId: string;
  readonly bastionPublicIp: string;
  /** The administrators' EC2 key pair, which the app instances accept too (SSH through the bastion). */
  readonly keyPairName: string;
}

export class AccessStack extends EnvironmentStack {
  readonly config: AccessConfig;
  readonly outputs: AccessOutputs;

  constructor(scope: Construct, props: AccessStackProps) {
    super(scope, Tier.ACCESS, props);
    const config = props.access;
    this.config = config;

    const securityGroup = closedSecurityGroup(this, 'BastionSecurityGroup', {
      name: this.resourceName('bastion'),
      description: 'Bastion host: SSH from the admin CIDRs only',
      vpcId: props.network.vpcId,
    });
    for (const cidr of config.adminIpv4Cidrs) {
      allowIngress(this, `BastionSshFromAdmin_${cidrId(cidr)}`, {
        securityGroupId: securityGroup.id,
        peer: { cidrIpv4: cidr },
        port: SSH_PORT,
        description: `SSH from admin ${cidr}`,
      });
    }
    // Package updates and the Session Manager and CloudWatch endpoints are all HTTPS.
    allowHttpsToInternet(this, 'BastionHttpsToInternet', securityGroup.id, 'packages, Session Manager, AWS APIs');

    const role = new IamRole(this, 'BastionRole', {
      name: this.resourceName('bastion'),
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
      tags: { Name: this.resourceName('bastion') },
    });
    const sessionManager = new IamRolePolicyAttachment(this, 'BastionSessionManager', { role: role.name, policyArn: SSM_MANAGED_INSTANCE_CORE });
    waive(sessionManager, 'IAM-NO-AWS-MANAGED-POLICIES', SSM_MANAGED_POLICY_REASON);
    const profile = new IamInstanceProfile(this, 'BastionInstanceProfile', {
      name: this.resourceName('bastion'),
      role: role.name,
      tags: { Name: this.resourceName('bastion') },
    });

    const keyName =
      config.sshKey.kind === 'existing'
        ? config.sshKey.keyPairName
        : new KeyPair(this, 'BastionKeyPair', {
            keyName: this.resourceName('bastion'),
            publicKey: config.sshKey.publicKey,
            tags: { Name: this.resourceName('bastion') },
          }).keyName;

    const architecture = isArm64InstanceType(config.instanceType) ? 'arm64' : 'x86_64';
    const instance = new Instance(this, 'Bastion', {
      ami: machineImageId(this, 'BastionImage', this.environment.machineImage, architecture),
      instanceType: config.instanceType,
      subnetId: props.network.publicSubnets[0].id,
      vpcSecurityGroupIds: [securityGroup.id],
      iamInstanceProfile: profile.name,
      keyName,
      // associate_public_ip_address stays unset. The public subnet gives no address at launch
      // (mapPublicIpOnLaunch: false) and the EIP below is associated afterwards; AWS then reports the instance's
      // interface as public and the provider reads `true`. Set to false, that read forces a replacement at every
      // apply after the first (hashicorp/terraform-provider-aws#37318); unset, it is computed and stays put.
      // Burstable (T) types: standard CPU credits, so an idle bastion never runs up unlimited-mode charges. Set
      // explicitly because AWS's default differs by family, and the provider compares what it reads back.
      creditSpecification: isBurstable(config.instanceType) ? { cpuCredits: 'standard' } : undefined,
      monitoring: true,
      ebsOptimized: true,
      metadataOptions: IMDS_V2_ONLY,
      rootBlockDevice: {
        volumeType: 'gp3',
        volumeSize: 8,
        encrypted: true,
        deleteOnTermination: true,
        tags: { Name: this.resourceName('bastion') },
      },
      tags: { Name: this.resourceName('bastion') },
    });

    waive(
      instance,
      'EC2-TERMINATION-PROTECTION',
      'The bastion holds no data and is rebuilt from its image; termination protection would only block the replacements Terraform plans for it.',
    );

    // The address is its own resource, associated separately: replacing the instance keeps the address
    // the administrators have allow-listed and put in their SSH config.
    const eip = new Eip(this, 'BastionEip', {
      domain: 'vpc',
      tags: { Name: this.resourceName('bastion') },
    });
    new EipAssociation(this, 'BastionEipAssociation', { allocationId: eip.allocationId, instanceId: instance.id });

    this.outputs = { bastionSecurityGroupId: securityGroup.id, bastionPublicIp: eip.publicIp, keyPairName: keyName };

    new TerraformOutput(this, 'bastion_public_ip', { value: eip.publicIp, description: 'SSH to ec2-user@this address (the bastion)' });
    new TerraformOutput(this, 'bastion_instance_id', {
      value: instance.id,
      description: 'For Session Manager: aws ssm start-session --target <id>',
    });
  }
}
