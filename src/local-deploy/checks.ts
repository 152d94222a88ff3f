// What a deployed environment must look like, read back through the AWS APIs (on the emulator): subnets in their
// AZs and routes, security group rules exactly as the traffic table, the bastion behind its EIP, a private database
// with its managed secret, listeners and target group, the Auto Scaling group, and the state objects.
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeNatGatewaysCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBSubnetGroupsCommand,
} from '@aws-sdk/client-rds';
import { ListBucketsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { DescribeSecretCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListInstanceProfilesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { HTTP_PORT, HTTPS_PORT } from '../config/ports';
import { Tier, type EnvironmentConfig } from '../config/resolved';
import { INTERNET, S3_PREFIX_LIST } from '../policy/reachability';
import { INTERFACE_ENDPOINT_SERVICES } from '../stacks/network/network-stack';
import { expectedFlows } from '../policy/traffic-table';
import type { EmulatorClients } from './aws-clients';

/** One property of the deployed environment, compared with what the configuration says. */
export interface Check {
  readonly name: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export function failedChecks(checks: readonly Check[]): Check[] {
  return checks.filter((check) => JSON.stringify(check.actual) !== JSON.stringify(check.expected));
}

const sorted = <T>(values: readonly T[]): T[] => [...values].sort();

/** The security groups' roles in the traffic table, by the group names the stacks give them. */
function roleOfGroup(config: EnvironmentConfig, name: string | undefined): string {
  const prefix = `${config.context.project}-${config.context.name}-`;
  const roles: Record<string, string> = {
    alb: 'load-balancer',
    app: 'app',
    bastion: 'bastion',
    db: 'database',
    endpoints: 'endpoints',
  };
  return (name?.startsWith(prefix) && roles[name.slice(prefix.length)]) || `unexpected group ${name}`;
}

/** The rules the traffic table asks for, one line each: `<group> in|out tcp/<port> <peer>`. */
export function expectedRuleLines(config: EnvironmentConfig): string[] {
  return sorted(
    expectedFlows(config).flatMap((flow) => {
      const peer = (end: string) => (end === INTERNET ? '0.0.0.0/0' : end.replace(/^cidr:/, ''));
      const isGroup = (end: string) => end !== INTERNET && !end.startsWith('cidr:') && !end.startsWith('prefix-list:');
      const lines: string[] = [];
      if (isGroup(flow.from)) lines.push(`${flow.from} out ${flow.traffic} ${peer(flow.to)}`);
      if (isGroup(flow.to)) lines.push(`${flow.to} in ${flow.traffic} ${peer(flow.from)}`);
      return lines;
    }),
  );
}

/** Reads the environment through the AWS APIs and lists every property checked. */
export async function checkEnvironment(clients: EmulatorClients, config: EnvironmentConfig): Promise<Check[]> {
  const { project, name } = config.context;
  const resourceName = (suffix: string) => `${project}-${name}-${suffix}`;
  const checks: Check[] = [];
  const check = (what: string, expected: unknown, actual: unknown) => checks.push({ name: what, expected, actual });

  // --- Network: the VPC, four subnets in their AZs, routes out through the internet and NAT gateways.
  const vpcs =
    (
      await clients.ec2.send(
        new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: [resourceName('vpc')] }] }),
      )
    ).Vpcs ?? [];
  check(
    'one VPC with its CIDR',
    [config.network.vpcCidr],
    vpcs.map((v) => v.CidrBlock),
  );
  const vpcId = vpcs[0]?.VpcId ?? 'none';
  const inVpc = [{ Name: 'vpc-id', Values: [vpcId] }];
  const subnets = (await clients.ec2.send(new DescribeSubnetsCommand({ Filters: inVpc }))).Subnets ?? [];
  const subnetByCidr = new Map(subnets.map((s) => [s.CidrBlock, s]));
  const plans = [
    ...config.network.publicSubnets.map((p) => ({ ...p, kind: 'public' })),
    ...config.network.privateSubnets.map((p) => ({ ...p, kind: 'private' })),
  ];
  check(
    'subnets: CIDR, AZ, no public IP on launch',
    sorted(
      plans.map(
        (p) => `${p.kind} ${p.cidr} ${p.availabilityZone} ${config.network.mapPublicIpOnLaunch && p.kind === 'public'}`,
      ),
    ),
    sorted(
      subnets.map(
        (s) =>
          `${s.Tags?.find((t) => t.Key === 'SubnetType')?.Value} ${s.CidrBlock} ${s.AvailabilityZone} ${s.MapPublicIpOnLaunch}`,
      ),
    ),
  );
  const natGateways = (
    (await clients.ec2.send(new DescribeNatGatewaysCommand({ Filter: inVpc }))).NatGateways ?? []
  ).filter((n) => n.State !== 'deleted');
  const natAz = new Map(natGateways.map((n) => [n.NatGatewayId, subnets.find((s) => s.SubnetId === n.SubnetId)]));
  check(
    'NAT gateways: one per AZ or one in the first AZ, each in a public subnet with an EIP',
    sorted(
      (config.network.natGateways === 'one-per-az'
        ? config.network.publicSubnets
        : [config.network.publicSubnets[0]]
      ).map((p) => `${p.cidr} eip`),
    ),
    sorted(
      natGateways.map(
        (n) => `${natAz.get(n.NatGatewayId)?.CidrBlock} ${n.NatGatewayAddresses?.[0]?.AllocationId ? 'eip' : 'no eip'}`,
      ),
    ),
  );
  const tables = (await clients.ec2.send(new DescribeRouteTablesCommand({ Filters: inVpc }))).RouteTables ?? [];
  const defaultRouteOf = (subnetCidr: string) => {
    const subnetId = subnetByCidr.get(subnetCidr)?.SubnetId;
    const table = tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnetId));
    const route = table?.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
    if (route?.GatewayId?.startsWith('igw-')) return 'internet gateway';
    if (route?.NatGatewayId) return `NAT in ${natAz.get(route.NatGatewayId)?.AvailabilityZone}`;
    return 'none';
  };
  const natZone = (zone: string) =>
    config.network.natGateways === 'one-per-az' ? zone : config.network.publicSubnets[0].availabilityZone;
  check(
    'default routes: public subnets to the internet gateway, private subnets to a NAT gateway',
    plans.map(
      (p) => `${p.cidr} -> ${p.kind === 'public' ? 'internet gateway' : `NAT in ${natZone(p.availabilityZone)}`}`,
    ),
    plans.map((p) => `${p.cidr} -> ${defaultRouteOf(p.cidr)}`),
  );

  // --- Security groups: exactly the traffic table; the VPC's default group allows nothing.
  const groups = (await clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: inVpc }))).SecurityGroups ?? [];
  const groupRole = new Map(
    groups.map((g) => [g.GroupId, g.GroupName === 'default' ? 'default' : roleOfGroup(config, g.GroupName)]),
  );
  const rules =
    (
      await clients.ec2.send(
        new DescribeSecurityGroupRulesCommand({
          Filters: [{ Name: 'group-id', Values: groups.map((g) => g.GroupId ?? '') }],
        }),
      )
    ).SecurityGroupRules ?? [];
  // S3's prefix list, as the traffic table names it.
  const s3PrefixLists =
    (
      await clients.ec2.send(
        new DescribePrefixListsCommand({
          Filters: [{ Name: 'prefix-list-name', Values: [`com.amazonaws.${config.context.region}.s3`] }],
        }),
      )
    ).PrefixLists ?? [];
  const prefixListName = (id: string) => (s3PrefixLists.some((p) => p.PrefixListId === id) ? S3_PREFIX_LIST : id);
  const ruleLines = rules.map((r) => {
    const peer = r.ReferencedGroupInfo?.GroupId
      ? groupRole.get(r.ReferencedGroupInfo.GroupId)
      : (r.CidrIpv4 ?? r.CidrIpv6 ?? (r.PrefixListId ? prefixListName(r.PrefixListId) : undefined));
    const traffic =
      r.IpProtocol === '-1'
        ? 'all'
        : `${r.IpProtocol}/${r.FromPort === r.ToPort ? r.FromPort : `${r.FromPort}-${r.ToPort}`}`;
    return `${groupRole.get(r.GroupId)} ${r.IsEgress ? 'out' : 'in'} ${traffic} ${peer}`;
  });
  check('security group rules: the traffic table, nothing more', expectedRuleLines(config), sorted(ruleLines));

  // --- VPC endpoints: S3's gateway endpoint in every route table, interface endpoints as configured.
  const endpoints = (
    (await clients.ec2.send(new DescribeVpcEndpointsCommand({ Filters: inVpc }))).VpcEndpoints ?? []
  ).filter((e) => String(e.State).toLowerCase() !== 'deleted');
  check(
    'VPC endpoints: S3 through a gateway endpoint in all three route tables; interface endpoints as configured, with private DNS',
    sorted([
      `Gateway com.amazonaws.${config.context.region}.s3 3 tables`,
      ...(config.network.interfaceEndpoints
        ? INTERFACE_ENDPOINT_SERVICES.map(
            (s) => `Interface com.amazonaws.${config.context.region}.${s} 2 subnets, private DNS`,
          )
        : []),
    ]),
    sorted(
      endpoints.map((e) =>
        e.VpcEndpointType === 'Gateway'
          ? `Gateway ${e.ServiceName} ${e.RouteTableIds?.length ?? 0} tables`
          : `${e.VpcEndpointType} ${e.ServiceName} ${e.SubnetIds?.length ?? 0} subnets${e.PrivateDnsEnabled ? ', private DNS' : ''}`,
      ),
    ),
  );

  // --- Access: the bastion in the first public subnet, reachable at its EIP only (and none without one).
  const bastions = (
    (
      await clients.ec2.send(
        new DescribeInstancesCommand({
          Filters: [
            { Name: 'tag:Name', Values: [resourceName('bastion')] },
            { Name: 'instance-state-name', Values: ['running'] },
          ],
        }),
      )
    ).Reservations ?? []
  ).flatMap((r) => r.Instances ?? []);
  const bastion = bastions[0];
  const eips =
    (
      await clients.ec2.send(
        new DescribeAddressesCommand({ Filters: [{ Name: 'tag:Name', Values: [resourceName('bastion')] }] }),
      )
    ).Addresses ?? [];
  check(
    'bastion: one running instance in the first public subnet, IMDSv2 only, public address = its EIP (none with Session Manager only)',
    config.access.bastion
      ? {
          count: 1,
          subnet: config.network.publicSubnets[0].cidr,
          tokens: 'required',
          publicIp: eips[0]?.PublicIp,
          eipInstance: bastion?.InstanceId,
        }
      : { count: 0, subnet: undefined, tokens: undefined, publicIp: undefined, eipInstance: undefined },
    {
      count: bastions.length,
      subnet: subnets.find((s) => s.SubnetId === bastion?.SubnetId)?.CidrBlock,
      tokens: bastion?.MetadataOptions?.HttpTokens,
      publicIp: bastion?.PublicIpAddress,
      eipInstance: eips[0]?.InstanceId,
    },
  );

  // --- Data: private, encrypted, in the private subnets, password in its RDS-managed secret.
  const databases =
    (await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: resourceName('db') })))
      .DBInstances ?? [];
  const database = databases[0];
  const secretArn = database?.MasterUserSecret?.SecretArn;
  const secret = secretArn ? await clients.secrets.send(new DescribeSecretCommand({ SecretId: secretArn })) : undefined;
  const privateSubnetIds = config.network.privateSubnets.map((p) => subnetByCidr.get(p.cidr)?.SubnetId);
  check(
    'database: private, encrypted, in the private subnets, multi-AZ and protection as configured, managed secret',
    {
      engine: `${config.database.engine} ${config.database.engineVersion}`,
      port: config.database.port,
      publiclyAccessible: false,
      encrypted: true,
      multiAz: config.database.multiAz,
      deletionProtection: config.database.protection === 'protected',
      subnets: sorted(privateSubnetIds),
      securityGroups: [groups.find((g) => g.GroupName === resourceName('db'))?.GroupId],
      secret: true,
    },
    {
      engine: `${database?.Engine} ${database?.EngineVersion}`,
      port: database?.Endpoint?.Port,
      publiclyAccessible: database?.PubliclyAccessible,
      encrypted: database?.StorageEncrypted,
      multiAz: database?.MultiAZ,
      deletionProtection: database?.DeletionProtection,
      subnets: sorted(database?.DBSubnetGroup?.Subnets?.map((s) => s.SubnetIdentifier) ?? []),
      securityGroups: database?.VpcSecurityGroups?.map((g) => g.VpcSecurityGroupId),
      secret: secret?.ARN === secretArn && secretArn !== undefined,
    },
  );

  // --- App: internet-facing load balancer in the public subnets, its listeners, target group, Auto Scaling group.
  const loadBalancers =
    (await clients.elbv2.send(new DescribeLoadBalancersCommand({ Names: [resourceName('alb')] }))).LoadBalancers ?? [];
  const loadBalancer = loadBalancers[0];
  const publicSubnetIds = config.network.publicSubnets.map((p) => subnetByCidr.get(p.cidr)?.SubnetId);
  const listeners =
    (await clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancer?.LoadBalancerArn })))
      .Listeners ?? [];
  const targetGroups =
    (await clients.elbv2.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: loadBalancer?.LoadBalancerArn })))
      .TargetGroups ?? [];
  const targetGroup = targetGroups[0];
  const https = config.app.listener.protocol === 'HTTPS';
  check(
    'load balancer: internet-facing in the public subnets; listeners; target group on the app port',
    {
      scheme: 'internet-facing',
      subnets: sorted(publicSubnetIds),
      listeners: sorted([
        `HTTP:${HTTP_PORT} ${https ? 'redirect' : 'forward'}`,
        ...(https
          ? [
              `HTTPS:${HTTPS_PORT} forward ${config.app.listener.protocol === 'HTTPS' ? config.app.listener.sslPolicy : ''}`,
            ]
          : []),
      ]),
      targetGroup: `HTTP:${config.app.port} ${config.app.healthCheckPath}`,
    },
    {
      scheme: loadBalancer?.Scheme,
      subnets: sorted(loadBalancer?.AvailabilityZones?.map((z) => z.SubnetId) ?? []),
      listeners: sorted(
        listeners.map(
          (l) =>
            `${l.Protocol}:${l.Port} ${l.DefaultActions?.[0]?.Type}${l.Protocol === 'HTTPS' ? ` ${l.SslPolicy}` : ''}`,
        ),
      ),
      targetGroup: `${targetGroup?.Protocol}:${targetGroup?.Port} ${targetGroup?.HealthCheckPath}`,
    },
  );
  const groupsOut =
    (
      await clients.autoscaling.send(
        new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [resourceName('app')] }),
      )
    ).AutoScalingGroups ?? [];
  const asg = groupsOut[0];
  const templates =
    (await clients.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [resourceName('app')] })))
      .LaunchTemplates ?? [];
  check(
    'Auto Scaling group: the private subnets, the target group, the latest launch template, the capacity',
    {
      subnets: sorted(privateSubnetIds),
      targetGroups: [targetGroup?.TargetGroupArn],
      launchTemplate: `${templates[0]?.LaunchTemplateId}:${templates[0]?.LatestVersionNumber}`,
      capacity: config.app.capacity,
    },
    {
      subnets: sorted(asg?.VPCZoneIdentifier?.split(',') ?? []),
      targetGroups: asg?.TargetGroupARNs,
      launchTemplate: `${asg?.LaunchTemplate?.LaunchTemplateId}:${asg?.LaunchTemplate?.Version}`,
      capacity: { min: asg?.MinSize, desired: asg?.DesiredCapacity, max: asg?.MaxSize },
    },
  );

  // --- State: each tier's state under <keyPrefix>/<tier>.tfstate, written under an S3 lock that was released.
  const { bucket, keyPrefix } = config.context.backend;
  const versions = await clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: `${keyPrefix}/` }));
  const stateTiers = [
    Tier.CI,
    Tier.NETWORK,
    Tier.ACCESS,
    Tier.DATA,
    Tier.MONITORING,
    Tier.APP,
    ...(config.context.backend.stateStackInBucket ? [Tier.STATE] : []),
  ];
  const current = new Set((versions.Versions ?? []).filter((v) => v.IsLatest).map((v) => v.Key));
  const everLocked = new Set(
    [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])]
      .map((v) => v.Key)
      .filter((k) => k?.endsWith('.tflock')),
  );
  check(
    'state: one object per tier under the key prefix, each written under a lock that was released',
    sorted(stateTiers.map((tier) => `${keyPrefix}/${tier}.tfstate state, lock taken and released`)),
    sorted(
      stateTiers.map((tier) => {
        const key = `${keyPrefix}/${tier}.tfstate`;
        const lock = `${key}.tflock`;
        const lockState = everLocked.has(lock)
          ? current.has(lock)
            ? 'lock still held'
            : 'lock taken and released'
          : 'never locked';
        return `${key} ${current.has(key) ? 'state' : 'no state'}, ${lockState}`;
      }),
    ),
  );
  return checks;
}

/**
 * What of an environment is still in the emulator after a destroy, apart from its state bucket (which every
 * environment keeps until an operator removes it by hand): one line per resource left.
 */
export async function leftovers(clients: EmulatorClients, config: EnvironmentConfig): Promise<string[]> {
  const { project, name, backend } = config.context;
  const prefix = `${project}-${name}-`;
  const tagged = [{ Name: 'tag:Environment', Values: [name] }];
  const left: string[] = [];
  const add = (kind: string, ids: readonly (string | undefined)[]) => left.push(...ids.map((id) => `${kind} ${id}`));

  const instances = (
    (await clients.ec2.send(new DescribeInstancesCommand({ Filters: tagged }))).Reservations ?? []
  ).flatMap((r) => r.Instances ?? []);
  add(
    'instance',
    instances.filter((i) => i.State?.Name !== 'terminated').map((i) => i.InstanceId),
  );
  add(
    'vpc',
    ((await clients.ec2.send(new DescribeVpcsCommand({ Filters: tagged }))).Vpcs ?? []).map((v) => v.VpcId),
  );
  add(
    'subnet',
    ((await clients.ec2.send(new DescribeSubnetsCommand({ Filters: tagged }))).Subnets ?? []).map((s) => s.SubnetId),
  );
  add(
    'security group',
    ((await clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: tagged }))).SecurityGroups ?? []).map(
      (g) => g.GroupName,
    ),
  );
  add(
    'elastic IP',
    ((await clients.ec2.send(new DescribeAddressesCommand({ Filters: tagged }))).Addresses ?? []).map(
      (a) => a.AllocationId,
    ),
  );
  const nat = (await clients.ec2.send(new DescribeNatGatewaysCommand({ Filter: tagged }))).NatGateways ?? [];
  add(
    'NAT gateway',
    nat.filter((n) => n.State !== 'deleted' && n.State !== 'deleting').map((n) => n.NatGatewayId),
  );
  add(
    'launch template',
    ((await clients.ec2.send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates ?? [])
      .filter((t) => t.LaunchTemplateName?.startsWith(prefix))
      .map((t) => t.LaunchTemplateName),
  );
  add(
    'key pair',
    ((await clients.ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? [])
      .filter((k) => k.KeyName?.startsWith(prefix))
      .map((k) => k.KeyName),
  );
  add(
    'database',
    ((await clients.rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [])
      .filter((d) => d.DBInstanceIdentifier?.startsWith(prefix))
      .map((d) => d.DBInstanceIdentifier),
  );
  add(
    'DB subnet group',
    ((await clients.rds.send(new DescribeDBSubnetGroupsCommand({}))).DBSubnetGroups ?? [])
      .filter((g) => g.DBSubnetGroupName?.startsWith(prefix))
      .map((g) => g.DBSubnetGroupName),
  );
  add(
    'DB parameter group',
    ((await clients.rds.send(new DescribeDBParameterGroupsCommand({}))).DBParameterGroups ?? [])
      .filter((g) => g.DBParameterGroupName?.startsWith(prefix))
      .map((g) => g.DBParameterGroupName),
  );
  add(
    'load balancer',
    ((await clients.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [])
      .filter((l) => l.LoadBalancerName?.startsWith(prefix))
      .map((l) => l.LoadBalancerName),
  );
  add(
    'target group',
    ((await clients.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []).map((t) => t.TargetGroupName),
  );
  add(
    'Auto Scaling group',
    ((await clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [])
      .filter((g) => g.AutoScalingGroupName?.startsWith(prefix))
      .map((g) => g.AutoScalingGroupName),
  );
  add(
    'IAM role',
    ((await clients.iam.send(new ListRolesCommand({}))).Roles ?? [])
      .filter((r) => r.RoleName?.startsWith(prefix))
      .map((r) => r.RoleName),
  );
  add(
    'instance profile',
    ((await clients.iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles ?? [])
      .filter((p) => p.InstanceProfileName?.startsWith(prefix))
      .map((p) => p.InstanceProfileName),
  );
  const logGroups = (await clients.logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? [];
  add(
    'log group',
    logGroups
      .filter(
        (g) =>
          g.logGroupName?.startsWith(`/${project}/${name}/`) ||
          g.logGroupName?.startsWith(`/aws/rds/instance/${prefix}`),
      )
      .map((g) => g.logGroupName),
  );
  add(
    'secret',
    ((await clients.secrets.send(new ListSecretsCommand({}))).SecretList ?? [])
      .filter((s) => !s.DeletedDate)
      .map((s) => s.Name),
  );
  add(
    'bucket',
    ((await clients.s3.send(new ListBucketsCommand({}))).Buckets ?? [])
      .filter((b) => b.Name !== backend.bucket && b.Name?.startsWith(prefix))
      .map((b) => b.Name),
  );
  return left;
}
