// The app tier's alarms and dashboard: the load balancer's 5xx rate, unhealthy hosts and response time (the first
// two also roll back an instance refresh), the Auto Scaling group's in-service instances, failed instance refreshes
// (an EventBridge rule: there is no metric for them), and the environment's dashboard, which is here because only
// this stack knows every dimension (the load balancer's and the target group's ARN suffixes).
import type { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { Construct } from 'constructs';
import type { MonitoringConfig } from '../../config/resolved';
import { alarm, type MetricSpec } from '../../constructs/alarms';
import { Component } from '../../constructs/component';
import { UNHEALTHY_ALARM_MINUTES } from './runtime';

export interface AppAlarmsProps {
  /** The thresholds (`monitoring` settings). */
  readonly monitoring: MonitoringConfig;
  /** The environment's alert topic (monitoring stack). */
  readonly topicArn: string;
  /** The load balancer's `arn_suffix`, its metrics' dimension. */
  readonly loadBalancerDimension: string;
  /** The target group's `arn_suffix`. */
  readonly targetGroupDimension: string;
}

/** The instance refresh events that need a person: EventBridge's detail type for a refresh that failed. */
export const REFRESH_FAILED = 'EC2 Auto Scaling Instance Refresh Failed';

export class AppAlarms extends Component {
  readonly http5xxRate: CloudwatchMetricAlarm;
  readonly unhealthyHosts: CloudwatchMetricAlarm;
  readonly responseTime: CloudwatchMetricAlarm;
  readonly alarms: CloudwatchMetricAlarm[];
  private readonly props: AppAlarmsProps;

  constructor(scope: Construct, id: string, props: AppAlarmsProps) {
    super(scope, id);
    this.props = props;
    const { monitoring, topicArn } = props;
    const loadBalancer = { LoadBalancer: props.loadBalancerDimension };
    const elb = (
      metricName: string,
      statistic: string,
      dimensions: Record<string, string> = loadBalancer,
    ): MetricSpec => ({
      namespace: 'AWS/ApplicationELB',
      metricName,
      dimensions,
      statistic,
    });
    this.http5xxRate = alarm(this, 'AppHttp5xxRateAlarm', {
      name: this.resourceName('app-5xx-rate'),
      description: `More than ${monitoring.http5xxRatePercent} % of requests answered 5xx (by the app, or by the load balancer for lack of a healthy instance) in 3 of 5 minutes. During an instance refresh this rolls it back. Look at the app's logs and the unhealthy-hosts alarm.`,
      topicArn,
      metric: {
        expression: '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests',
        label: '5xx responses, % of requests',
        metrics: {
          target5xx: elb('HTTPCode_Target_5XX_Count', 'Sum'),
          elb5xx: elb('HTTPCode_ELB_5XX_Count', 'Sum'),
          requests: elb('RequestCount', 'Sum'),
        },
      },
      comparison: 'GreaterThanThreshold',
      threshold: monitoring.http5xxRatePercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    this.unhealthyHosts = alarm(this, 'AppUnhealthyHostsAlarm', {
      name: this.resourceName('app-unhealthy-hosts'),
      description: `An app instance has failed its liveness check for ${UNHEALTHY_ALARM_MINUTES} minutes without a break: longer than a new instance may take to start, so it is an image that does not start, or an instance the Auto Scaling group cannot replace. During an instance refresh this rolls it back. Look at the app's logs and the group's activity history.`,
      topicArn,
      // Minimum: the count stayed above zero for the whole minute. A booting instance is unhealthy for a few minutes
      // (it is registered before its app answers); only one that stays so past the grace period is a failure.
      metric: elb('UnHealthyHostCount', 'Minimum', { ...loadBalancer, TargetGroup: props.targetGroupDimension }),
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      evaluationPeriods: UNHEALTHY_ALARM_MINUTES,
    });
    this.responseTime = alarm(this, 'AppResponseTimeAlarm', {
      name: this.resourceName('app-response-time-p95'),
      description: `The 95th percentile of the app's response time has been above ${monitoring.responseTimeP95Seconds} s in 3 of 5 minutes. Look at the database alarms and the app's CPU; the scaling policy adds instances for CPU or request count, not for a slow dependency.`,
      topicArn,
      metric: elb('TargetResponseTime', 'p95'),
      comparison: 'GreaterThanThreshold',
      threshold: monitoring.responseTimeP95Seconds,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    this.alarms = [this.http5xxRate, this.unhealthyHosts, this.responseTime];
  }

  /** The alarms whose ALARM state rolls an instance refresh back. */
  get rollbackAlarmNames(): string[] {
    return [this.http5xxRate.alarmName, this.unhealthyHosts.alarmName];
  }

  /**
   * What needs the Auto Scaling group: fewer instances in service than its minimum (an AZ lost, launches failing),
   * and a rule that sends failed instance refreshes to the topic.
   */
  watchFleet(group: AutoscalingGroup, minInstances: number): void {
    const inService = alarm(this, 'AppInServiceBelowMinAlarm', {
      name: this.resourceName('app-in-service-below-min'),
      description: `Fewer than ${minInstances} app instances (app.capacity.min) have been in service for 5 minutes: an AZ is lost, or new instances fail to launch or to start. Look at the Auto Scaling group's activity history.`,
      topicArn: this.props.topicArn,
      metric: {
        namespace: 'AWS/AutoScaling',
        metricName: 'GroupInServiceInstances',
        dimensions: { AutoScalingGroupName: group.name },
        statistic: 'Minimum',
      },
      comparison: 'LessThanThreshold',
      threshold: minInstances,
      evaluationPeriods: 5,
      // Silence (a group just created, before its first metrics) is not an outage: INSUFFICIENT_DATA, no page.
      treatMissingData: 'missing',
    });
    this.alarms.push(inService);
    const rule = new CloudwatchEventRule(this, 'AppRefreshFailedRule', {
      name: this.resourceName('app-refresh-failed'),
      description: 'An instance refresh of the app instances failed: the rollout did not complete',
      eventPattern: JSON.stringify({
        source: ['aws.autoscaling'],
        'detail-type': [REFRESH_FAILED],
        resources: [group.arn],
      }),
      tags: { Name: this.resourceName('app-refresh-failed') },
    });
    new CloudwatchEventTarget(this, 'AppRefreshFailedToTopic', {
      rule: rule.name,
      arn: this.props.topicArn,
      inputTransformer: {
        inputPaths: { group: '$.detail.AutoScalingGroupName', refresh: '$.detail.InstanceRefreshId', time: '$.time' },
        inputTemplate:
          '"Instance refresh <refresh> of <group> failed at <time>. The group rolls back to its previous launch template when auto rollback is on; see aws autoscaling describe-instance-refreshes --auto-scaling-group-name <group>."',
      },
    });
  }
}

/** What the dashboard shows: every tier's metrics, next to the alarms' thresholds. */
export interface DashboardProps {
  readonly loadBalancerDimension: string;
  readonly targetGroupDimension: string;
  readonly groupName: string;
  readonly databaseIdentifier: string;
  readonly natGatewayIds: readonly string[];
  readonly region: string;
  readonly alarmArns: readonly string[];
}

/** The dashboard's body: a row per tier (traffic, instances, database, network) and the alarms' states. */
export function dashboardBody(p: DashboardProps): string {
  const lb = ['LoadBalancer', p.loadBalancerDimension];
  const widget = (title: string, metrics: unknown[][], stat: string, x: number, y: number) => ({
    type: 'metric',
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region: p.region, stat, period: 60, view: 'timeSeries', metrics },
  });
  return JSON.stringify({
    widgets: [
      { type: 'alarm', x: 0, y: 0, width: 24, height: 3, properties: { title: 'Alarms', alarms: [...p.alarmArns] } },
      widget(
        'Requests and 5xx',
        [
          ['AWS/ApplicationELB', 'RequestCount', ...lb],
          ['.', 'HTTPCode_Target_5XX_Count', ...lb],
          ['.', 'HTTPCode_ELB_5XX_Count', ...lb],
        ],
        'Sum',
        0,
        3,
      ),
      widget('Response time p95 (s)', [['AWS/ApplicationELB', 'TargetResponseTime', ...lb]], 'p95', 12, 3),
      widget(
        'Healthy and unhealthy hosts',
        [
          ['AWS/ApplicationELB', 'HealthyHostCount', 'TargetGroup', p.targetGroupDimension, ...lb],
          ['.', 'UnHealthyHostCount', 'TargetGroup', p.targetGroupDimension, ...lb],
        ],
        'Minimum',
        0,
        9,
      ),
      widget(
        'Instances: in service, desired; CPU',
        [
          ['AWS/AutoScaling', 'GroupInServiceInstances', 'AutoScalingGroupName', p.groupName],
          ['.', 'GroupDesiredCapacity', '.', '.'],
          ['AWS/EC2', 'CPUUtilization', 'AutoScalingGroupName', p.groupName, { yAxis: 'right' }],
        ],
        'Average',
        12,
        9,
      ),
      widget(
        'Database: CPU, connections',
        [
          ['AWS/RDS', 'CPUUtilization', 'DBInstanceIdentifier', p.databaseIdentifier],
          ['.', 'DatabaseConnections', '.', '.', { yAxis: 'right' }],
        ],
        'Average',
        0,
        15,
      ),
      widget(
        'Database: free storage, freeable memory (bytes)',
        [
          ['AWS/RDS', 'FreeStorageSpace', 'DBInstanceIdentifier', p.databaseIdentifier],
          ['.', 'FreeableMemory', '.', '.'],
        ],
        'Minimum',
        12,
        15,
      ),
      widget(
        'NAT gateways: port allocation errors, active connections',
        p.natGatewayIds.flatMap((id) => [
          ['AWS/NATGateway', 'ErrorPortAllocation', 'NatGatewayId', id],
          ['.', 'ActiveConnectionCount', '.', '.', { yAxis: 'right' }],
        ]),
        'Sum',
        0,
        21,
      ),
    ],
  });
}

/** The environment's dashboard, `<project>-<env>`. */
export function dashboard(scope: Construct, id: string, name: string, props: DashboardProps): CloudwatchDashboard {
  return new CloudwatchDashboard(scope, id, { dashboardName: name, dashboardBody: dashboardBody(props) });
}
