// CloudWatch alarms as every stack creates them: each one notifies the environment's alert topic when it fires and
// when it recovers, so that no alarm exists that tells nobody.
import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmMetricQuery,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { Construct } from 'constructs';

/** Periods of one minute: the load balancer's and the Auto Scaling group's metrics arrive every minute. */
export const MINUTE = 60;

/** One metric of an alarm, by namespace, name, dimensions and statistic. */
export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Sum`, `Average`, `Minimum`, `Maximum`, or a percentile such as `p95`. */
  readonly statistic: string;
}

export interface AlarmProps {
  /** The alarm's name in CloudWatch; an instance refresh names its rollback alarms by it. */
  readonly name: string;
  /** What it means when it fires and what to look at first: the text of the notification. */
  readonly description: string;
  /** The alert topic of the environment. */
  readonly topicArn: string;
  /** One metric, or a metric-math expression over several. */
  readonly metric:
    | MetricSpec
    | { readonly expression: string; readonly label: string; readonly metrics: Readonly<Record<string, MetricSpec>> };
  readonly comparison:
    | 'GreaterThanThreshold'
    | 'LessThanThreshold'
    | 'GreaterThanOrEqualToThreshold'
    | 'LessThanOrEqualToThreshold';
  readonly threshold: number;
  /** @default 60 */
  readonly periodSeconds?: number;
  readonly evaluationPeriods: number;
  /** @default - all of `evaluationPeriods` */
  readonly datapointsToAlarm?: number;
  /**
   * No data means no traffic for the load balancer's metrics (fine) but a silent source elsewhere.
   * @default 'notBreaching'
   */
  readonly treatMissingData?: 'notBreaching' | 'breaching' | 'missing' | 'ignore';
}

/** A percentile statistic goes in `extended_statistic`, the others in `statistic`. */
function isPercentile(statistic: string): boolean {
  return /^p\d+(\.\d+)?$/.test(statistic);
}

function metricQuery(id: string, metric: MetricSpec, period: number): CloudwatchMetricAlarmMetricQuery {
  return {
    id,
    returnData: false,
    metric: {
      namespace: metric.namespace,
      metricName: metric.metricName,
      dimensions: { ...metric.dimensions },
      stat: metric.statistic,
      period,
    },
  };
}

/** An alarm that notifies `topicArn` on ALARM and on OK. */
export function alarm(scope: Construct, id: string, props: AlarmProps): CloudwatchMetricAlarm {
  const period = props.periodSeconds ?? MINUTE;
  const single = 'namespace' in props.metric ? props.metric : undefined;
  const math = 'expression' in props.metric ? props.metric : undefined;
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: props.name,
    alarmDescription: props.description,
    comparisonOperator: props.comparison,
    threshold: props.threshold,
    evaluationPeriods: props.evaluationPeriods,
    datapointsToAlarm: props.datapointsToAlarm ?? props.evaluationPeriods,
    treatMissingData: props.treatMissingData ?? 'notBreaching',
    ...(single
      ? {
          namespace: single.namespace,
          metricName: single.metricName,
          dimensions: { ...single.dimensions },
          period,
          ...(isPercentile(single.statistic)
            ? { extendedStatistic: single.statistic }
            : { statistic: single.statistic }),
        }
      : {}),
    metricQuery: math
      ? [
          ...Object.entries(math.metrics).map(([metricId, metric]) => metricQuery(metricId, metric, period)),
          { id: 'e1', expression: math.expression, label: math.label, returnData: true },
        ]
      : undefined,
    alarmActions: [props.topicArn],
    okActions: [props.topicArn],
    tags: { Name: props.name },
  });
}
