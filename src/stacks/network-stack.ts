// The network tier: VPC, public and private subnets in two AZs, internet and NAT gateways, routes, flow logs.
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { Tier, type NetworkConfig, type SubnetPlan } from '../config/resolved';
import { NatGateways } from '../config/settings';
import { EnvironmentStack, type EnvironmentStackProps } from './environment-stack';
import { iamPolicy, serviceTrustPolicy } from './iam';
import { logGroup } from './log-group';

export interface NetworkStackProps extends EnvironmentStackProps {
  /** The resolved network settings (`resolveEnvironment(...).network`): VPC and subnet blocks, NAT mode, flow logs. */
  readonly network: NetworkConfig;
}

/** A subnet as the other tiers see it. */
export interface SubnetOutput {
  readonly id: string;
  readonly availabilityZone: string;
  readonly cidr: string;
}

/** What the network gives the other stacks (passed as props; CDKTF wires them through remote state). */
export interface NetworkOutputs {
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** In the order of the environment's availability zones. */
  readonly publicSubnets: readonly [SubnetOutput, SubnetOutput];
  readonly privateSubnets: readonly [SubnetOutput, SubnetOutput];
  /** The NAT gateways (one, or one per AZ), for their alarms. */
  readonly natGatewayIds: readonly string[];
}

const EVERYWHERE = '0.0.0.0/0';

export class NetworkStack extends EnvironmentStack {
  readonly config: NetworkConfig;
  readonly outputs: NetworkOutputs;

  constructor(scope: Construct, props: NetworkStackProps) {
    super(scope, Tier.NETWORK, props);
    const config = props.network;
    this.config = config;

    const vpc = new Vpc(this, 'Vpc', {
      cidrBlock: config.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: this.resourceName('vpc') },
    });

    // Taking over the default security group with no rules in it empties it: anything attached to it by
    // mistake gets no traffic.
    new DefaultSecurityGroup(this, 'DefaultSecurityGroup', {
      vpcId: vpc.id,
      tags: { Name: this.resourceName('default-closed') },
    });

    const publicSubnets = config.publicSubnets.map((plan) => this.subnet('Public', plan, vpc, config.mapPublicIpOnLaunch));
    const privateSubnets = config.privateSubnets.map((plan) => this.subnet('Private', plan, vpc, false));

    const internetGateway = new InternetGateway(this, 'InternetGateway', {
      vpcId: vpc.id,
      tags: { Name: this.resourceName('igw') },
    });
    const publicRouteTable = new RouteTable(this, 'PublicRouteTable', {
      vpcId: vpc.id,
      tags: { Name: this.resourceName('public') },
    });
    new Route(this, 'PublicDefaultRoute', {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: EVERYWHERE,
      gatewayId: internetGateway.id,
    });
    publicSubnets.forEach((subnet, index) => {
      new RouteTableAssociation(this, `PublicSubnet${config.publicSubnets[index].zoneSuffix}RouteTableAssociation`, {
        subnetId: subnet.id,
        routeTableId: publicRouteTable.id,
      });
    });

    // One NAT gateway in zone A, or one per zone; each sits in its zone's public subnet with its own EIP.
    const natZones = config.natGateways === NatGateways.ONE_PER_AZ ? [0, 1] : [0];
    const natGateways = natZones.map((index) => {
      const suffix = config.publicSubnets[index].zoneSuffix;
      const eip = new Eip(this, `NatEip${suffix}`, {
        domain: 'vpc',
        tags: { Name: this.resourceName(`nat-${suffix.toLowerCase()}`) },
      });
      return new NatGateway(this, `NatGateway${suffix}`, {
        allocationId: eip.allocationId,
        subnetId: publicSubnets[index].id,
        connectivityType: 'public',
        tags: { Name: this.resourceName(`nat-${suffix.toLowerCase()}`) },
        dependsOn: [internetGateway],
      });
    });

    // A route table per private subnet even with one NAT gateway, so switching the NAT mode changes a
    // route's target instead of replacing tables and associations.
    privateSubnets.forEach((subnet, index) => {
      const suffix = config.privateSubnets[index].zoneSuffix;
      const table = new RouteTable(this, `PrivateRouteTable${suffix}`, {
        vpcId: vpc.id,
        tags: { Name: this.resourceName(`private-${suffix.toLowerCase()}`) },
      });
      new Route(this, `PrivateDefaultRoute${suffix}`, {
        routeTableId: table.id,
        destinationCidrBlock: EVERYWHERE,
        natGatewayId: (natGateways[index] ?? natGateways[0]).id,
      });
      new RouteTableAssociation(this, `PrivateSubnet${suffix}RouteTableAssociation`, {
        subnetId: subnet.id,
        routeTableId: table.id,
      });
    });

    this.flowLogs(vpc, config.flowLogRetentionDays);

    const subnetOutput = (subnet: Subnet, plan: SubnetPlan): SubnetOutput => ({
      id: subnet.id,
      availabilityZone: plan.availabilityZone,
      cidr: plan.cidr,
    });
    this.outputs = {
      vpcId: vpc.id,
      vpcCidr: config.vpcCidr,
      publicSubnets: [subnetOutput(publicSubnets[0], config.publicSubnets[0]), subnetOutput(publicSubnets[1], config.publicSubnets[1])],
      privateSubnets: [
        subnetOutput(privateSubnets[0], config.privateSubnets[0]),
        subnetOutput(privateSubnets[1], config.privateSubnets[1]),
      ],
      natGatewayIds: natGateways.map((nat) => nat.id),
    };

    new TerraformOutput(this, 'vpc_id', { value: vpc.id, description: 'The VPC ID' });
    new TerraformOutput(this, 'nat_public_ips', {
      value: natGateways.map((nat) => nat.publicIp),
      description: 'Source addresses of the private subnets\' internet traffic, for allow-lists elsewhere',
    });
  }

  private subnet(kind: 'Public' | 'Private', plan: SubnetPlan, vpc: Vpc, mapPublicIpOnLaunch: boolean): Subnet {
    return new Subnet(this, `${kind}Subnet${plan.zoneSuffix}`, {
      vpcId: vpc.id,
      cidrBlock: plan.cidr,
      availabilityZone: plan.availabilityZone,
      mapPublicIpOnLaunch,
      tags: { Name: this.resourceName(`${kind.toLowerCase()}-${plan.zoneSuffix.toLowerCase()}`), SubnetType: kind.toLowerCase() },
    });
  }

  /** Every packet accepted or rejected in the VPC, to a log group that expires entries. */
  private flowLogs(vpc: Vpc, retentionInDays: number): void {
    const group = logGroup(this, 'FlowLogGroup', {
      name: `/${this.environment.project}/${this.environment.name}/vpc-flow-logs`,
      retentionInDays,
      tags: { Name: this.resourceName('flow-logs') },
    });
    const role = new IamRole(this, 'FlowLogRole', {
      name: this.resourceName('flow-logs'),
      assumeRolePolicy: serviceTrustPolicy('vpc-flow-logs.amazonaws.com'),
      tags: { Name: this.resourceName('flow-logs') },
    });
    new IamRolePolicy(this, 'FlowLogRolePolicy', {
      name: 'write-flow-logs',
      role: role.id,
      policy: iamPolicy({
        Sid: 'WriteToTheFlowLogGroupOnly',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [`${group.arn}:*`],
      }),
    });
    new FlowLog(this, 'FlowLog', {
      vpcId: vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: this.resourceName('flow-log') },
    });
  }
}
