// NetworkStack: the VPC, subnets, gateways, routes and flow logs, for each option.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Testing } from 'cdktf';
import { environments } from '../../src/config/environments';
import { resolveEnvironment } from '../../src/config/resolve';
import { NatGateways } from '../../src/config/settings';
import { NetworkStack } from '../../src/stacks/network/network-stack';
import { settingsWith } from '../helpers/config';
import { resources, synth, synthJson } from '../helpers/synth';

function networkStack(
  patch: Parameters<typeof settingsWith>[0] = {},
  base = environments.dev,
  name = 'dev',
): NetworkStack {
  // A stack on its own: resolved by the same function as a whole environment, then given its section.
  const config = resolveEnvironment(name, settingsWith(patch, base));
  // The CI stack's boundary reaches the network stack as a reference; a literal stands in for it here.
  const identity = { workloadBoundaryArn: 'arn:aws:iam::111122223333:policy/devloop-dev-workload-boundary' };
  return new NetworkStack(Testing.app(), { environment: config.context, network: config.network, identity });
}

describe('NetworkStack', () => {
  describe('GIVEN interface endpoints (on by default in production)', () => {
    const stack = networkStack({}, environments.prod, 'prod');

    it('THEN each service the instances call has one, in both private subnets, with private DNS, behind a closed group', () => {
      const endpoints = Object.values(resources(stack, 'aws_vpc_endpoint')).filter(
        (e) => e.vpc_endpoint_type === 'Interface',
      );
      expect(endpoints.map((e) => e.service_name).sort()).toEqual(
        ['ec2messages', 'ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages'].map(
          (s) => `com.amazonaws.ap-northeast-2.${s}`,
        ),
      );
      for (const endpoint of endpoints) {
        expect(endpoint).toMatchObject({
          subnet_ids: ['${aws_subnet.PrivateSubnetA.id}', '${aws_subnet.PrivateSubnetB.id}'],
          security_group_ids: ['${aws_security_group.EndpointSecurityGroup.id}'],
          private_dns_enabled: true,
        });
      }
      // The access and app stacks add the flows to it.
      expect(resources(stack, 'aws_vpc_security_group_ingress_rule')).toEqual({});
      expect(stack.outputs.endpointSecurityGroupId).toBeDefined();
    });

    it('THEN turning them on adds resources and replaces none: the VPC, subnets, route tables and NAT keep their addresses', () => {
      const off = networkStack({ network: { interfaceEndpoints: false } }, environments.prod, 'prod');
      const addresses = (s: NetworkStack) =>
        Object.entries(synthJson(s).resource).flatMap(([type, byName]) =>
          Object.keys(byName).map((name) => `${type}.${name}`),
        );
      const before = addresses(off);
      const after = addresses(stack);
      expect(after).toEqual(expect.arrayContaining(before));
      expect(after.filter((a) => !before.includes(a)).sort()).toEqual([
        'aws_security_group.EndpointSecurityGroup',
        ...['ec2messages', 'ecr_api', 'ecr_dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages'].map(
          (s) => `aws_vpc_endpoint.InterfaceEndpoint_${s}`,
        ),
      ]);
      for (const type of ['aws_vpc', 'aws_subnet', 'aws_route_table', 'aws_nat_gateway', 'aws_eip'])
        expect(synthJson(stack).resource[type]).toEqual(synthJson(off).resource[type]);
    });
  });

  it('is named <env>-network', () => {
    expect(networkStack().node.id).toBe('dev-network');
  });

  describe('GIVEN the dev settings', () => {
    const stack = networkStack();
    const json = synth(stack);

    it('THEN the VPC has the configured CIDR, DNS support and DNS host names', () => {
      expect(json).toHaveResourceWithProperties(Vpc, {
        cidr_block: '10.10.0.0/16',
        enable_dns_support: true,
        enable_dns_hostnames: true,
      });
    });

    it('THEN one public and one private subnet sit in each AZ, with concrete CIDRs', () => {
      const subnets = resources(stack, Subnet.tfResourceType);
      expect(
        Object.fromEntries(Object.entries(subnets).map(([id, s]) => [id, [s.cidr_block, s.availability_zone]])),
      ).toEqual({
        PublicSubnetA: ['10.10.0.0/24', 'ap-northeast-2a'],
        PublicSubnetB: ['10.10.1.0/24', 'ap-northeast-2c'],
        PrivateSubnetA: ['10.10.2.0/24', 'ap-northeast-2a'],
        PrivateSubnetB: ['10.10.3.0/24', 'ap-northeast-2c'],
      });
    });

    it('THEN no subnet gives instances a public IP', () => {
      for (const subnet of Object.values(resources(stack, Subnet.tfResourceType)))
        expect(subnet.map_public_ip_on_launch).toBe(false);
    });

    it('THEN the public route table sends 0.0.0.0/0 to the internet gateway, for both public subnets', () => {
      const json = synthJson(stack);
      expect(json.resource.aws_route.PublicDefaultRoute).toMatchObject({
        route_table_id: '${aws_route_table.PublicRouteTable.id}',
        destination_cidr_block: '0.0.0.0/0',
        gateway_id: '${aws_internet_gateway.InternetGateway.id}',
      });
      const associations = json.resource.aws_route_table_association;
      expect(associations.PublicSubnetARouteTableAssociation.route_table_id).toBe(
        '${aws_route_table.PublicRouteTable.id}',
      );
      expect(associations.PublicSubnetBRouteTableAssociation.route_table_id).toBe(
        '${aws_route_table.PublicRouteTable.id}',
      );
    });

    it('THEN the default security group is taken over with no rules', () => {
      expect(json).toHaveResourceWithProperties(DefaultSecurityGroup, { vpc_id: '${aws_vpc.Vpc.id}' });
      const group = Object.values(resources(stack, DefaultSecurityGroup.tfResourceType))[0];
      expect(group.ingress).toBeUndefined();
      expect(group.egress).toBeUndefined();
    });

    it('THEN flow logs of all traffic go to a log group with a retention', () => {
      expect(json).toHaveResourceWithProperties(FlowLog, {
        vpc_id: '${aws_vpc.Vpc.id}',
        traffic_type: 'ALL',
        log_destination: '${aws_cloudwatch_log_group.FlowLogGroup.arn}',
      });
      expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 30 });
    });

    it('THEN the flow log role may write to that log group only', () => {
      const policy = JSON.parse(String(synthJson(stack).resource.aws_iam_role_policy.FlowLogRolePolicy.policy));
      expect(policy.Statement).toEqual([
        expect.objectContaining({ Resource: ['${aws_cloudwatch_log_group.FlowLogGroup.arn}:*'] }),
      ]);
    });

    it('THEN the provider tags every resource with the project, environment, tier and user tags', () => {
      expect(synthJson(stack).provider.aws[0]).toMatchObject({
        region: 'ap-northeast-2',
        default_tags: [
          {
            tags: {
              Project: 'devloop',
              Environment: 'dev',
              ManagedBy: 'cdktf',
              Tier: 'network',
              CostCenter: 'devloop-dev',
            },
          },
        ],
      });
    });

    it('THEN the state lives in S3 at <env>/network.tfstate, encrypted with the state key, with S3-native locking', () => {
      expect(synthJson(stack).terraform.backend).toEqual({
        s3: {
          bucket: 'devloop-tfstate-dev-apne2',
          key: 'dev/network.tfstate',
          region: 'ap-northeast-2',
          encrypt: true,
          kms_key_id: 'alias/devloop-dev-tfstate',
          use_lockfile: true,
        },
      });
    });

    it('THEN S3 traffic of every subnet goes through a gateway endpoint, and there are no interface endpoints', () => {
      const endpoints = resources(stack, 'aws_vpc_endpoint');
      expect(Object.keys(endpoints)).toEqual(['S3GatewayEndpoint']);
      expect(endpoints.S3GatewayEndpoint).toMatchObject({
        service_name: 'com.amazonaws.ap-northeast-2.s3',
        vpc_endpoint_type: 'Gateway',
        route_table_ids: [
          '${aws_route_table.PublicRouteTable.id}',
          '${aws_route_table.PrivateRouteTableA.id}',
          '${aws_route_table.PrivateRouteTableB.id}',
        ],
      });
      expect(resources(stack, 'aws_security_group')).toEqual({});
      expect(stack.outputs.endpointSecurityGroupId).toBeUndefined();
    });

    it('THEN the flow logs role carries the workload boundary', () => {
      expect(resources(stack, 'aws_iam_role').FlowLogRole.permissions_boundary).toBe(
        'arn:aws:iam::111122223333:policy/devloop-dev-workload-boundary',
      );
    });

    it('THEN the typed outputs carry the subnets per AZ', () => {
      expect(stack.outputs.vpcCidr).toBe('10.10.0.0/16');
      expect(stack.outputs.publicSubnets.map((s) => [s.availabilityZone, s.cidr])).toEqual([
        ['ap-northeast-2a', '10.10.0.0/24'],
        ['ap-northeast-2c', '10.10.1.0/24'],
      ]);
      expect(stack.outputs.privateSubnets.map((s) => s.availabilityZone)).toEqual([
        'ap-northeast-2a',
        'ap-northeast-2c',
      ]);
    });
  });

  describe('NAT modes', () => {
    it('GIVEN a single NAT gateway THEN one EIP and both private subnets route through gateway A', () => {
      const json = synthJson(networkStack({ network: { natGateways: NatGateways.SINGLE } }));
      expect(Object.keys(json.resource.aws_nat_gateway)).toEqual(['NatGatewayA']);
      expect(Object.keys(json.resource.aws_eip)).toEqual(['NatEipA']);
      expect(json.resource.aws_route.PrivateDefaultRouteA.nat_gateway_id).toBe('${aws_nat_gateway.NatGatewayA.id}');
      expect(json.resource.aws_route.PrivateDefaultRouteB.nat_gateway_id).toBe('${aws_nat_gateway.NatGatewayA.id}');
    });

    it('GIVEN one NAT gateway per AZ THEN each private subnet routes through the gateway in its own AZ', () => {
      const json = synthJson(networkStack({ network: { natGateways: NatGateways.ONE_PER_AZ } }));
      expect(json.resource.aws_nat_gateway.NatGatewayA.subnet_id).toBe('${aws_subnet.PublicSubnetA.id}');
      expect(json.resource.aws_nat_gateway.NatGatewayB.subnet_id).toBe('${aws_subnet.PublicSubnetB.id}');
      expect(json.resource.aws_route.PrivateDefaultRouteA.nat_gateway_id).toBe('${aws_nat_gateway.NatGatewayA.id}');
      expect(json.resource.aws_route.PrivateDefaultRouteB.nat_gateway_id).toBe('${aws_nat_gateway.NatGatewayB.id}');
      expect(json.resource.aws_route_table_association.PrivateSubnetBRouteTableAssociation.route_table_id).toBe(
        '${aws_route_table.PrivateRouteTableB.id}',
      );
    });

    it('every NAT gateway gets an EIP in the VPC domain', () => {
      const json = synth(networkStack({ network: { natGateways: NatGateways.ONE_PER_AZ } }));
      expect(json).toHaveResourceWithProperties(Eip, { domain: 'vpc' });
      for (const eip of Object.values(JSON.parse(json).resource.aws_eip) as { domain: string }[])
        expect(eip.domain).toBe('vpc');
    });

    it('switching the mode keeps the route tables (same addresses, only a route target changes)', () => {
      const single = synthJson(networkStack({ network: { natGateways: NatGateways.SINGLE } }));
      const perAz = synthJson(networkStack({ network: { natGateways: NatGateways.ONE_PER_AZ } }));
      expect(Object.keys(single.resource.aws_route_table)).toEqual(Object.keys(perAz.resource.aws_route_table));
      expect(Object.keys(single.resource.aws_route_table_association)).toEqual(
        Object.keys(perAz.resource.aws_route_table_association),
      );
    });
  });

  describe('options', () => {
    it('GIVEN another VPC CIDR and subnet size THEN the subnets follow', () => {
      const subnets = resources(
        networkStack({ network: { vpcCidr: '172.20.0.0/20', subnetPrefixLength: 26 } }),
        Subnet.tfResourceType,
      );
      expect(subnets.PrivateSubnetB.cidr_block).toBe('172.20.0.192/26');
    });

    it('GIVEN mapPublicIpOnLaunch THEN only the public subnets assign public IPs', () => {
      const subnets = resources(networkStack({ network: { mapPublicIpOnLaunch: true } }), Subnet.tfResourceType);
      expect([subnets.PublicSubnetA.map_public_ip_on_launch, subnets.PrivateSubnetA.map_public_ip_on_launch]).toEqual([
        true,
        false,
      ]);
    });

    it('GIVEN a flow log retention THEN the log group keeps entries that long', () => {
      expect(synth(networkStack({ network: { flowLogRetentionDays: 90 } }))).toHaveResourceWithProperties(
        CloudwatchLogGroup,
        {
          retention_in_days: 90,
        },
      );
    });

    it('GIVEN backend settings THEN the key prefix and bucket region follow them', () => {
      const stack = networkStack({ backend: { bucket: 'team-state', region: 'us-east-1', keyPrefix: 'team-a/dev' } });
      expect(synthJson(stack).terraform.backend).toMatchObject({
        s3: { bucket: 'team-state', key: 'team-a/dev/network.tfstate', region: 'us-east-1' },
      });
    });

    it('GIVEN user tags THEN they join the default tags', () => {
      const stack = networkStack({ tags: { Owner: 'platform-team' } });
      expect(synthJson(stack).provider.aws[0]).toMatchObject({
        default_tags: [{ tags: { Owner: 'platform-team', Project: 'devloop' } }],
      });
    });

    it('GIVEN a bad network setting THEN the stack itself refuses it, as the config layer does', () => {
      expect(() => networkStack({ network: { vpcCidr: '10.0.0.0/33' } })).toThrow(
        /network\.vpcCidr = "10\.0\.0\.0\/33"/,
      );
    });
  });
});
