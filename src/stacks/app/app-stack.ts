// The app tier: the flows of the traffic table that involve the app, an internet-facing load balancer in the public
// subnets, and Spring Boot in Docker on an Auto Scaling group in the private subnets; each a component of its own.
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { Tier, type AppConfig, type MonitoringConfig } from '../../config/resolved';
import type { AccessOutputs } from '../access/access-stack';
import { AppAlarms, dashboard } from './alarms';
import { AppFleet } from './fleet';
import { AppLoadBalancer } from './load-balancer';
import { AppTraffic } from './traffic';
import type { CiOutputs } from '../ci/ci-stack';
import type { DataOutputs } from '../data/data-stack';
import { EnvironmentStack, type EnvironmentStackProps } from '../environment-stack';
import type { MonitoringOutputs } from '../monitoring/monitoring-stack';
import type { NetworkOutputs } from '../network/network-stack';

export interface AppStackProps extends EnvironmentStackProps {
  /** The resolved app settings (`resolveEnvironment(...).app`): image, port, instances, listener. */
  readonly app: AppConfig;
  readonly network: NetworkOutputs;
  readonly access: AccessOutputs;
  readonly data: DataOutputs;
  /** The alarm thresholds (`resolveEnvironment(...).monitoring`). */
  readonly monitoringConfig: MonitoringConfig;
  /** The alert topic the app's alarms notify. */
  readonly monitoring: MonitoringOutputs;
  /** The CI identity: the boundary the instance role carries. */
  readonly identity: CiOutputs;
}

export class AppStack extends EnvironmentStack {
  readonly config: AppConfig;

  constructor(scope: Construct, props: AppStackProps) {
    super(scope, Tier.APP, props);
    const config = props.app;
    this.config = config;
    const { network, access, data } = props;

    const traffic = new AppTraffic(this, 'Traffic', {
      app: config,
      vpcId: network.vpcId,
      bastionSecurityGroupId: access.bastionSecurityGroupId,
      databaseSecurityGroupId: data.securityGroupId,
      databasePort: data.port,
      endpointSecurityGroupId: network.endpointSecurityGroupId,
      s3PrefixListId: network.s3PrefixListId,
    });
    const frontDoor = new AppLoadBalancer(this, 'FrontDoor', {
      app: config,
      vpcId: network.vpcId,
      subnetIds: network.publicSubnets.map((subnet) => subnet.id),
      securityGroupId: traffic.loadBalancerGroup.id,
    });
    const loadBalancerDimension = frontDoor.loadBalancer.arnSuffix;
    const targetGroupDimension = frontDoor.targetGroup.arnSuffix;
    const alarms = new AppAlarms(this, 'Alarms', {
      monitoring: props.monitoringConfig,
      topicArn: props.monitoring.topicArn,
      loadBalancerDimension,
      targetGroupDimension,
    });
    const fleet = new AppFleet(this, 'Fleet', {
      app: config,
      securityGroupId: traffic.appGroup.id,
      subnetIds: network.privateSubnets.map((subnet) => subnet.id),
      targetGroupArn: frontDoor.targetGroup.arn,
      requestCountLabel: `${loadBalancerDimension}/${targetGroupDimension}`,
      rollbackAlarmNames: alarms.rollbackAlarmNames,
      database: data,
      account: new DataAwsCallerIdentity(this, 'Account').accountId,
      sessionLogGroupArn: access.sessionLogGroupArn,
      permissionsBoundary: props.identity.workloadBoundaryArn,
    });
    alarms.watchFleet(fleet.group, config.capacity.min);
    dashboard(this, 'Dashboard', this.resourceName('overview'), {
      loadBalancerDimension,
      targetGroupDimension,
      groupName: fleet.group.name,
      databaseIdentifier: data.identifier,
      natGatewayIds: network.natGatewayIds,
      region: this.environment.region,
      alarmArns: alarms.alarms.map((alarm) => alarm.arn),
    });

    const scheme = config.listener.protocol === 'HTTPS' ? 'https' : 'http';
    const { dnsName } = frontDoor.loadBalancer;
    new TerraformOutput(this, 'load_balancer_dns_name', {
      value: dnsName,
      description: 'Point your domain here (CNAME or alias)',
    });
    new TerraformOutput(this, 'app_url', {
      value: `${scheme}://${dnsName}`,
      description: 'The application, through the load balancer',
    });
    new TerraformOutput(this, 'auto_scaling_group_name', {
      value: fleet.group.name,
      description: 'For scaling and instance refresh',
    });
  }
}
