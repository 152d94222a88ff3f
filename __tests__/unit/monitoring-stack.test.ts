// The alarms: every tier has its own, every alarm and event notifies the environment's encrypted alert topic, and
// the thresholds come from the settings.
import { environments } from '../../src/config/environments';
import { NatGateways } from '../../src/config/settings';
import { REFRESH_FAILED } from '../../src/stacks/app/alarms';
import { DATABASE_EVENT_CATEGORIES, PUBLISHERS } from '../../src/stacks/monitoring/monitoring-stack';
import type { EnvironmentJson, ResourceView } from '../../src/policy/terraform-json';
import { settingsWith } from '../helpers/config';
import { synthEnvironment } from '../helpers/synth';

const TOPIC_OUTPUT =
  /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-(dev|prod)-monitoring\.outputs\.cross-stack-output-aws_sns_topicAlertTopicarn\}$/;

/** Whether a value designates the alert topic: the topic itself in its own stack, its output elsewhere. */
function isTopic(env: EnvironmentJson, resource: ResourceView, value: unknown): boolean {
  if (value === '${aws_sns_topic.AlertTopic.arn}') return resource.stack.endsWith('-monitoring');
  return typeof value === 'string' && TOPIC_OUTPUT.test(value) && env.stacks[resource.stack] !== undefined;
}

/** Which tier an alarm watches, from its metric's namespace. */
function tierOf(alarm: ResourceView): string {
  const namespaces = [
    alarm.config.namespace,
    ...((alarm.config.metric_query as { metric?: { namespace?: string } }[] | undefined) ?? []).map(
      (q) => q.metric?.namespace,
    ),
  ];
  const namespace = namespaces.find((n) => typeof n === 'string');
  return (
    { 'AWS/NATGateway': 'network', 'AWS/RDS': 'data', 'AWS/ApplicationELB': 'app', 'AWS/AutoScaling': 'app' }[
      String(namespace)
    ] ?? `unknown (${namespace})`
  );
}

describe.each(['dev', 'prod'])('%s', (name) => {
  const env = synthEnvironment(name);
  const alarms = env.resources.filter((r) => r.type === 'aws_cloudwatch_metric_alarm');

  it('has alarms for every tier: the NAT gateways, the database, the load balancer and the instances', () => {
    const byTier: Record<string, string[]> = {};
    for (const alarm of alarms) {
      byTier[tierOf(alarm)] ??= [];
      byTier[tierOf(alarm)].push(String(alarm.config.alarm_name));
    }
    for (const names of Object.values(byTier)) names.sort();
    const nat = name === 'prod' ? ['a', 'b'] : ['a'];
    expect(byTier).toEqual({
      network: nat.map((zone) => `devloop-${name}-nat-${zone}-port-allocation-errors`),
      data: [
        `devloop-${name}-db-connections`,
        `devloop-${name}-db-cpu`,
        `devloop-${name}-db-free-storage`,
        `devloop-${name}-db-freeable-memory`,
      ],
      app: [
        `devloop-${name}-app-5xx-rate`,
        `devloop-${name}-app-in-service-below-min`,
        `devloop-${name}-app-response-time-p95`,
        `devloop-${name}-app-unhealthy-hosts`,
      ],
    });
  });

  it('notifies the alert topic from every alarm, when it fires and when it recovers', () => {
    for (const alarm of alarms) {
      const actions = { alarm: alarm.config.alarm_actions as unknown[], ok: alarm.config.ok_actions as unknown[] };
      expect({ alarm: alarm.address, actions: actions.alarm.length, ok: actions.ok.length }).toEqual({
        alarm: alarm.address,
        actions: 1,
        ok: 1,
      });
      expect(isTopic(env, alarm, actions.alarm[0]) && isTopic(env, alarm, actions.ok[0])).toBe(true);
    }
  });

  it("sends failed instance refreshes and the database's failovers, failures, maintenance and low storage to the topic", () => {
    const rule = env.get(`${name}-app`, 'aws_cloudwatch_event_rule.AppRefreshFailedRule')?.config;
    expect(JSON.parse(String(rule?.event_pattern))).toEqual({
      source: ['aws.autoscaling'],
      'detail-type': [REFRESH_FAILED],
      resources: ['${aws_autoscaling_group.AppAutoScalingGroup.arn}'],
    });
    const target = env.get(`${name}-app`, 'aws_cloudwatch_event_target.AppRefreshFailedToTopic');
    expect(target && isTopic(env, target, target.config.arn)).toBe(true);
    const events = env.get(`${name}-monitoring`, 'aws_db_event_subscription.DatabaseEvents')?.config;
    expect(events).toMatchObject({
      sns_topic: '${aws_sns_topic.AlertTopic.arn}',
      source_type: 'db-instance',
      event_categories: DATABASE_EVENT_CATEGORIES,
      source_ids: [expect.stringContaining('aws_db_instanceDatabaseidentifier')],
    });
    expect(DATABASE_EVENT_CATEGORIES).toEqual(expect.arrayContaining(['failover', 'maintenance', 'low storage']));
  });

  it('encrypts the topic with a key of its own that the publishers may use, and lets them publish for this account only', () => {
    const topic = env.get(`${name}-monitoring`, 'aws_sns_topic.AlertTopic')?.config;
    expect(topic).toMatchObject({ name: `devloop-${name}-alerts`, kms_master_key_id: '${aws_kms_key.AlertKey.arn}' });
    const key = env.get(`${name}-monitoring`, 'aws_kms_key.AlertKey')?.config ?? {};
    expect(key.enable_key_rotation).toBe(true);
    const keyPolicy = JSON.parse(String(key.policy));
    expect(keyPolicy.Statement[1]).toMatchObject({
      Principal: { Service: [...PUBLISHERS] },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    });
    const topicPolicy = JSON.parse(
      String(env.get(`${name}-monitoring`, 'aws_sns_topic_policy.AlertTopicPolicy')?.config.policy),
    );
    expect(topicPolicy.Statement[1]).toMatchObject({
      Principal: { Service: [...PUBLISHERS] },
      Action: 'sns:Publish',
      Condition: { StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.Account.account_id}' } },
    });
  });

  it('counts a target as failing only once it stays unhealthy past the grace period of a new instance', () => {
    // New instances are registered before their app answers: a shorter window would page, and roll back, every rollout.
    const unhealthy = env.get(`${name}-app`, 'aws_cloudwatch_metric_alarm.AppUnhealthyHostsAlarm')?.config ?? {};
    const grace = Number(
      env.get(`${name}-app`, 'aws_autoscaling_group.AppAutoScalingGroup')?.config.health_check_grace_period,
    );
    expect(unhealthy).toMatchObject({
      statistic: 'Minimum',
      period: 60,
      datapoints_to_alarm: unhealthy.evaluation_periods,
    });
    expect(Number(unhealthy.evaluation_periods) * 60).toBeGreaterThan(grace + 45);
  });

  it('has a dashboard over every tier', () => {
    const board = env.get(`${name}-app`, 'aws_cloudwatch_dashboard.Dashboard')?.config;
    expect(board?.dashboard_name).toBe(`devloop-${name}-overview`);
    const body = String(board?.dashboard_body);
    for (const namespace of ['AWS/ApplicationELB', 'AWS/AutoScaling', 'AWS/EC2', 'AWS/RDS', 'AWS/NATGateway'])
      expect(body).toContain(namespace);
  });
});

describe('settings', () => {
  it('subscribe the alarm email when set, and nothing when not', () => {
    const subscriptions = (settings: Parameters<typeof settingsWith>[0], base = environments.dev, name = 'dev') =>
      synthEnvironment(name, settingsWith(settings, base))
        .resources.filter((r) => r.type === 'aws_sns_topic_subscription')
        .map((r) => r.config);
    expect(subscriptions({})).toEqual([]);
    expect(subscriptions({ monitoring: { alarmEmail: 'oncall@acme.io' } })).toEqual([
      expect.objectContaining({
        protocol: 'email',
        endpoint: 'oncall@acme.io',
        topic_arn: '${aws_sns_topic.AlertTopic.arn}',
      }),
    ]);
    expect(subscriptions({}, environments.prod, 'prod')).toEqual([
      expect.objectContaining({ endpoint: 'oncall@example.com' }),
    ]);
  });

  it('set the thresholds, in the units CloudWatch measures', () => {
    const env = synthEnvironment(
      'dev',
      settingsWith({
        monitoring: {
          databaseFreeStorageGiB: 5,
          databaseFreeableMemoryMiB: 256,
          databaseConnections: 42,
          responseTimeP95Seconds: 2,
          http5xxRatePercent: 0.5,
        },
      }),
    );
    const threshold = (stack: string, address: string) =>
      env.get(`dev-${stack}`, `aws_cloudwatch_metric_alarm.${address}`)?.config.threshold;
    expect(threshold('monitoring', 'DatabaseFreeStorageAlarm')).toBe(5 * 1024 ** 3);
    expect(threshold('monitoring', 'DatabaseFreeableMemoryAlarm')).toBe(256 * 1024 ** 2);
    expect(threshold('monitoring', 'DatabaseConnectionsAlarm')).toBe(42);
    expect(threshold('app', 'AppResponseTimeAlarm')).toBe(2);
    expect(env.get('dev-app', 'aws_cloudwatch_metric_alarm.AppResponseTimeAlarm')?.config.extended_statistic).toBe(
      'p95',
    );
    expect(threshold('app', 'AppHttp5xxRateAlarm')).toBe(0.5);
  });

  it('watch one NAT gateway, or one per AZ', () => {
    const nat = (natGateways: NatGateways) =>
      synthEnvironment('dev', settingsWith({ network: { natGateways } })).resources.filter(
        (r) => r.type === 'aws_cloudwatch_metric_alarm' && tierOf(r) === 'network',
      ).length;
    expect([nat(NatGateways.SINGLE), nat(NatGateways.ONE_PER_AZ)]).toEqual([1, 2]);
  });
});
