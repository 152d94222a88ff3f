// The network tier: VPC, public and private subnets in two AZs, internet and NAT gateways, routes, flow logs.
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
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
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { formatUsd, monthlyUsd, PRICES } from '../../config/prices';
import { Tier, type NetworkConfig, type SubnetPlan } from '../../config/resolved';
import { NatGateways } from '../../config/settings';
import type { CiOutputs } from '../ci/ci-stack';
import { EnvironmentStack, type EnvironmentStackProps } from '../environment-stack';
import { iamPolicy, serviceTrustPolicy } from '../../constructs/iam';
import { logGroup } from '../../constructs/log-group';
import { closedSecurityGroup } from '../../constructs/security-rules';

export interface NetworkStackProps extends EnvironmentStackProps {
  /** The resolved network settings (`resolveEnvironment(...).network`): VPC and subnet blocks, NAT mode, flow logs. */
  readonly network: NetworkConfig;
  /** The CI identity: the boundary the flow logs role carries. */
  readonly identity: CiOutputs;
}

/**
 * The services the instances call, each an interface endpoint when `network.interfaceEndpoints` is on: ECR (login,
 * then the registry API; layers come from S3), Secrets Manager, CloudWatch Logs, and Session Manager's three.
 */
export const INTERFACE_ENDPOINT_SERVICES = [
  'ecr.api',
  'ecr.dkr',
  'secretsmanager',
  'logs',
  'ssm',
  'ssmmessages',
  'ec2messages',
] as const;

/** What the interface endpoints cost by the month, one per service in each of the two AZs, as a waiver says it. */
export const INTERFACE_ENDPOINTS_COST = `~${formatUsd(INTERFACE_ENDPOINT_SERVICES.length * 2 * (monthlyUsd(PRICES.interfaceEndpoint) ?? 0))} a month`;

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
  /** S3's prefix list in the region (its gateway endpoint's): the destination of the instances' S3 traffic. */
  readonly s3PrefixListId: string;
  /** The interface endpoints' group, when there are endpoints: the access and app stacks add the flows to it. */
  readonly endpointSecurityGroupId?: string;
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

    const publicSubnets = config.publicSubnets.map((plan) =>
      this.subnet('Public', plan, vpc, config.mapPublicIpOnLaunch),
    );
    const privateSubnets = config.privateSubnets.map((plan) => this.subnet('Private', plan, vpc, false));
    const privateRouteTables: RouteTable[] = [];

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
      privateRouteTables.push(table);
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

    this.flowLogs(vpc, config.flowLogRetentionDays, props.identity.workloadBoundaryArn);

    // S3 through a gateway endpoint, always: it is free, and the image layers in ECR and the Amazon Linux packages
    // live in S3, so that traffic stays off the NAT gateways (and their per-GB charge) and off the internet. It adds
    // a route to the prefix list in each table; nothing is replaced.
    const s3 = new VpcEndpoint(this, 'S3GatewayEndpoint', {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${this.environment.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [publicRouteTable.id, ...privateRouteTables.map((table) => table.id)],
      tags: { Name: this.resourceName('s3') },
    });
    const endpointGroup = config.interfaceEndpoints ? this.interfaceEndpoints(vpc, privateSubnets) : undefined;

    const subnetOutput = (subnet: Subnet, plan: SubnetPlan): SubnetOutput => ({
      id: subnet.id,
      availabilityZone: plan.availabilityZone,
      cidr: plan.cidr,
    });
    this.outputs = {
      vpcId: vpc.id,
      vpcCidr: config.vpcCidr,
      publicSubnets: [
        subnetOutput(publicSubnets[0], config.publicSubnets[0]),
        subnetOutput(publicSubnets[1], config.publicSubnets[1]),
      ],
      privateSubnets: [
        subnetOutput(privateSubnets[0], config.privateSubnets[0]),
        subnetOutput(privateSubnets[1], config.privateSubnets[1]),
      ],
      s3PrefixListId: s3.prefixListId,
      endpointSecurityGroupId: endpointGroup?.id,
      natGatewayIds: natGateways.map((nat) => nat.id),
    };

    new TerraformOutput(this, 'vpc_id', { value: vpc.id, description: 'The VPC ID' });
    new TerraformOutput(this, 'nat_public_ips', {
      value: natGateways.map((nat) => nat.publicIp),
      description: "Source addresses of the private subnets' internet traffic, for allow-lists elsewhere",
    });
  }

  private subnet(kind: 'Public' | 'Private', plan: SubnetPlan, vpc: Vpc, mapPublicIpOnLaunch: boolean): Subnet {
    return new Subnet(this, `${kind}Subnet${plan.zoneSuffix}`, {
      vpcId: vpc.id,
      cidrBlock: plan.cidr,
      availabilityZone: plan.availabilityZone,
      mapPublicIpOnLaunch,
      tags: {
        Name: this.resourceName(`${kind.toLowerCase()}-${plan.zoneSuffix.toLowerCase()}`),
        SubnetType: kind.toLowerCase(),
      },
    });
  }

  /**
   * One interface endpoint per service in both private subnets, with private DNS, so the SDKs' and the SSM agent's
   * usual host names resolve to them. Their group admits nothing until the access and app stacks add their flows.
   */
  private interfaceEndpoints(vpc: Vpc, privateSubnets: readonly Subnet[]) {
    const group = closedSecurityGroup(this, 'EndpointSecurityGroup', {
      name: this.resourceName('endpoints'),
      description: 'VPC interface endpoints: HTTPS from the instances (rules added by the access and app stacks)',
      vpcId: vpc.id,
    });
    for (const service of INTERFACE_ENDPOINT_SERVICES) {
      new VpcEndpoint(this, `InterfaceEndpoint_${service.replace('.', '_')}`, {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${this.environment.region}.${service}`,
        vpcEndpointType: 'Interface',
        subnetIds: privateSubnets.map((subnet) => subnet.id),
        securityGroupIds: [group.id],
        privateDnsEnabled: true,
        tags: { Name: this.resourceName(service) },
      });
    }
    return group;
  }

  /** Every packet accepted or rejected in the VPC, to a log group that expires entries. */
  private flowLogs(vpc: Vpc, retentionInDays: number, permissionsBoundary: string): void {
    const account = new DataAwsCallerIdentity(this, 'Account').accountId;
    const group = logGroup(this, 'FlowLogGroup', {
      name: `/${this.environment.project}/${this.environment.name}/vpc-flow-logs`,
      retentionInDays,
      tags: { Name: this.resourceName('flow-logs') },
    });
    const role = new IamRole(this, 'FlowLogRole', {
      name: this.resourceName('flow-logs'),
      assumeRolePolicy: serviceTrustPolicy('vpc-flow-logs.amazonaws.com', {
        account,
        arnPattern: `arn:aws:ec2:${this.environment.region}:${account}:vpc-flow-log/*`,
      }),
      permissionsBoundary,
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
