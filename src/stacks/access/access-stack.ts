// The access tier: how administrators get in. Session Manager's preferences (every session logged, encrypted), and in
// bastion mode a bastion host in a public subnet, with an Elastic IP and SSH from the admin CIDRs only.
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { EipAssociation } from '@cdktf/provider-aws/lib/eip-association';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { KeyPair } from '@cdktf/provider-aws/lib/key-pair';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { isArm64InstanceType, isBurstable } from '../../config/aws-rules';
import { SSH_PORT } from '../../config/ports';
import { Tier, type AccessConfig, type BastionConfig } from '../../config/resolved';
import { AccountResources } from '../../config/settings';
import { waive } from '../../policy/waivers';
import type { CiOutputs } from '../ci/ci-stack';
import {
  IMDS_V2_ONLY,
  machineImageId,
  SESSION_MANAGER_WILDCARD_REASON,
  sessionManagerStatements,
} from '../../constructs/compute';
import { EnvironmentStack, type EnvironmentStackProps } from '../environment-stack';
import { iamPolicy, serviceTrustPolicy } from '../../constructs/iam';
import { INTERFACE_ENDPOINTS_COST, type NetworkOutputs } from '../network/network-stack';
import { allowHttpsEgress, allowIngress, cidrId, closedSecurityGroup } from '../../constructs/security-rules';
import { sessionKeyAlias, sessionLogGroupName, sessionManagerPreferences } from './session-manager';

export interface AccessStackProps extends EnvironmentStackProps {
  /** The resolved access settings (`resolveEnvironment(...).access`): the mode, and the bastion's CIDRs, key and type. */
  readonly access: AccessConfig;
  readonly network: NetworkOutputs;
  /** The CI identity: the boundary the bastion's role carries. */
  readonly identity: CiOutputs;
  /** Whether the environment's data is protected: then only the break-glass role may delete the session key. */
  readonly protectsData: boolean;
}

/** What the access tier gives the other stacks. */
export interface AccessOutputs {
  /** The bastion's group, in bastion mode: the app tier lets SSH in from it, and adds the matching egress rule to it. */
  readonly bastionSecurityGroupId?: string;
  /** The log group Session Manager streams sessions to: the instance roles may write there. */
  readonly sessionLogGroupArn: string;
}

/** Session logs are the record of what administrators did: a year, in every environment. */
const SESSION_LOG_RETENTION_DAYS = 365;

export class AccessStack extends EnvironmentStack {
  readonly config: AccessConfig;
  readonly outputs: AccessOutputs;

  constructor(scope: Construct, props: AccessStackProps) {
    super(scope, Tier.ACCESS, props);
    this.config = props.access;
    const account = new DataAwsCallerIdentity(this, 'Account').accountId;
    const { project, region } = this.environment;
    // One set of preferences per account and region: the environment that owns the account's shared resources
    // creates them, the others log to the same group by its name.
    const sessionLogGroupArn =
      this.environment.accountResources === AccountResources.CREATE
        ? sessionManagerPreferences(this, {
            project,
            region,
            account,
            retentionInDays: SESSION_LOG_RETENTION_DAYS,
            tags: {},
            breakGlassRoleArn: props.protectsData ? this.environment.backend.breakGlassRoleArn : undefined,
          }).arn
        : `arn:aws:logs:${region}:${account}:log-group:${sessionLogGroupName(project)}`;
    const bastion = props.access.bastion
      ? this.bastion(props.access.bastion, props, account, sessionLogGroupArn)
      : undefined;
    this.outputs = { bastionSecurityGroupId: bastion?.securityGroupId, sessionLogGroupArn };
  }

  /** The bastion: its group, role, key, instance and address. */
  private bastion(
    config: BastionConfig,
    props: AccessStackProps,
    account: string,
    sessionLogGroupArn: string,
  ): { securityGroupId: string } {
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
    // Package updates and the Session Manager and CloudWatch endpoints are all HTTPS: to the VPC endpoints and S3,
    // or, without endpoints, to the internet.
    const endpoints = props.network.endpointSecurityGroupId;
    allowHttpsEgress(this, {
      from: { securityGroupId: securityGroup.id, name: 'the bastion', idPrefix: 'Bastion' },
      endpointSecurityGroupId: endpoints,
      s3PrefixListId: props.network.s3PrefixListId,
      internet: endpoints
        ? undefined
        : {
            what: 'packages, Session Manager, AWS APIs',
            reason: `This environment has no interface endpoints (network.interfaceEndpoints, off by default in development, ${INTERFACE_ENDPOINTS_COST}), so the bastion reaches Session Manager, CloudWatch and its packages on HTTPS through the internet gateway; only port 443 is open, and only outwards.`,
          },
    });

    const role = new IamRole(this, 'BastionRole', {
      name: this.resourceName('bastion'),
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
      permissionsBoundary: props.identity.workloadBoundaryArn,
      tags: { Name: this.resourceName('bastion') },
    });
    const sessionManager = new IamRolePolicy(this, 'BastionSessionManagerPolicy', {
      name: 'session-manager',
      role: role.id,
      policy: iamPolicy(
        ...sessionManagerStatements(
          this.environment.region,
          account,
          sessionLogGroupArn,
          sessionKeyAlias(this.environment.project),
        ),
      ),
    });
    waive(sessionManager, 'IAM-SCOPED-RESOURCES', SESSION_MANAGER_WILDCARD_REASON);
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

    new TerraformOutput(this, 'bastion_public_ip', {
      value: eip.publicIp,
      description: 'SSH to ec2-user@this address (the bastion)',
    });
    new TerraformOutput(this, 'bastion_instance_id', {
      value: instance.id,
      description: 'For Session Manager: aws ssm start-session --target <id>',
    });
    return { securityGroupId: securityGroup.id };
  }
}
