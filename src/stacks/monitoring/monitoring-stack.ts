// The monitoring tier: the environment's alert topic (encrypted with a key of its own), its email subscription, the
// alarms of the network (NAT gateways) and of the database, and the database's events. Deployed after network and
// data, before app: the app stack's alarms notify this topic, and its instance refresh is rolled back by them, so
// the topic must exist first (a stack after app could not be referenced by it).
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DbEventSubscription } from '@cdktf/provider-aws/lib/db-event-subscription';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { Tier, type MonitoringConfig } from '../../config/resolved';
import { alarm } from '../../constructs/alarms';
import type { DataOutputs } from '../data/data-stack';
import { EnvironmentStack, type EnvironmentStackProps } from '../environment-stack';
import { accountAdministersKey } from '../../constructs/iam';
import type { NetworkOutputs } from '../network/network-stack';

export interface MonitoringStackProps extends EnvironmentStackProps {
  /** The resolved alarm settings (`resolveEnvironment(...).monitoring`): the email and the thresholds. */
  readonly monitoring: MonitoringConfig;
  /** The NAT gateways to watch. */
  readonly network: NetworkOutputs;
  /** The database to watch. */
  readonly data: DataOutputs;
}

/** What the monitoring tier gives the app tier. */
export interface MonitoringOutputs {
  /** The topic every alarm and event of the environment notifies. */
  readonly topicArn: string;
}

/** The services that publish to the topic: CloudWatch alarms, EventBridge rules, RDS event subscriptions. */
export const PUBLISHERS = ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'events.rds.amazonaws.com'] as const;

/** The RDS event categories that need a person: a failover happened, the instance failed, maintenance, storage. */
export const DATABASE_EVENT_CATEGORIES = ['failover', 'failure', 'maintenance', 'low storage'];

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

export class MonitoringStack extends EnvironmentStack {
  readonly config: MonitoringConfig;
  readonly outputs: MonitoringOutputs;
  readonly topic: SnsTopic;
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, props: MonitoringStackProps) {
    super(scope, Tier.MONITORING, props);
    const config = props.monitoring;
    this.config = config;
    const account = new DataAwsCallerIdentity(this, 'Account', {}).accountId;

    const key = this.alertKey(account);
    this.topic = new SnsTopic(this, 'AlertTopic', {
      name: this.resourceName('alerts'),
      displayName: `${this.environment.project} ${this.environment.name} alerts`,
      kmsMasterKeyId: key.arn,
      tags: { Name: this.resourceName('alerts') },
    });
    new SnsTopicPolicy(this, 'AlertTopicPolicy', { arn: this.topic.arn, policy: this.topicPolicy(account) });
    if (config.alarmEmail) {
      new SnsTopicSubscription(this, 'AlertEmail', {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: config.alarmEmail,
      });
    }

    this.natAlarms(props.network.natGatewayIds);
    this.databaseAlarms(config, props.data.identifier);
    new DbEventSubscription(this, 'DatabaseEvents', {
      name: this.resourceName('db-events'),
      snsTopic: this.topic.arn,
      sourceType: 'db-instance',
      sourceIds: [props.data.identifier],
      eventCategories: DATABASE_EVENT_CATEGORIES,
      tags: { Name: this.resourceName('db-events') },
    });

    this.outputs = { topicArn: this.topic.arn };
    new TerraformOutput(this, 'alert_topic_arn', {
      value: this.topic.arn,
      description: 'Subscribe pagers and chat to this topic',
    });
  }

  /**
   * A customer managed key, not SNS's AWS managed one (alias/aws/sns): the managed key's policy cannot be changed,
   * and it does not let CloudWatch, EventBridge or RDS use it, so none of them could publish to the topic.
   */
  private alertKey(account: string): KmsKey {
    const key = new KmsKey(this, 'AlertKey', {
      description: `Encrypts the alerts of ${this.resourceName('alerts')} at rest`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          // The account administers the key through IAM, as with every other resource: no lock-out.
          accountAdministersKey(account, 'TheAccountAdministersTheKey'),
          // What SNS needs from a publisher of encrypted messages; the services can use the key only through SNS.
          {
            Sid: 'ThePublishersEncryptAlerts',
            Effect: 'Allow',
            Principal: { Service: [...PUBLISHERS] },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Resource: '*',
          },
        ],
      }),
      tags: { Name: this.resourceName('alerts') },
    });
    new KmsAlias(this, 'AlertKeyAlias', { name: `alias/${this.resourceName('alerts')}`, targetKeyId: key.keyId });
    return key;
  }

  /** The account manages the topic; the three publishers may publish, on behalf of this account only. */
  private topicPolicy(account: string): string {
    return JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TheAccountManagesTheTopic',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: [
            'sns:GetTopicAttributes',
            'sns:SetTopicAttributes',
            'sns:Subscribe',
            'sns:ListSubscriptionsByTopic',
            'sns:Publish',
          ],
          Resource: this.topic.arn,
        },
        {
          Sid: 'AlarmsAndEventsPublish',
          Effect: 'Allow',
          Principal: { Service: [...PUBLISHERS] },
          Action: 'sns:Publish',
          Resource: this.topic.arn,
          Condition: { StringEquals: { 'aws:SourceAccount': account } },
        },
        {
          Sid: 'OnlyOverTls',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: this.topic.arn,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
  }

  /**
   * A NAT gateway that runs out of source ports drops new connections of the app (image pulls, Secrets Manager,
   * CloudWatch): one alarm per gateway.
   */
  private natAlarms(natGatewayIds: readonly string[]): void {
    natGatewayIds.forEach((natGatewayId, index) => {
      const zone = index === 0 ? 'A' : 'B';
      this.alarms.push(
        alarm(this, `NatPortAllocationErrors${zone}`, {
          name: this.resourceName(`nat-${zone.toLowerCase()}-port-allocation-errors`),
          description: `NAT gateway ${zone} could not allocate a source port: new outbound connections from the private subnets fail (image pulls, Secrets Manager, CloudWatch Logs). Look for a client opening many connections to one destination.`,
          topicArn: this.topic.arn,
          metric: {
            namespace: 'AWS/NATGateway',
            metricName: 'ErrorPortAllocation',
            dimensions: { NatGatewayId: natGatewayId },
            statistic: 'Sum',
          },
          comparison: 'GreaterThanThreshold',
          threshold: 0,
          periodSeconds: 300,
          evaluationPeriods: 1,
        }),
      );
    });
  }

  /** RDS publishes its metrics every minute; the windows below ride out a backup or a burst. */
  private databaseAlarms(config: MonitoringConfig, identifier: string): void {
    const metric = (metricName: string, statistic: string) => ({
      namespace: 'AWS/RDS',
      metricName,
      dimensions: { DBInstanceIdentifier: identifier },
      statistic,
    });
    const topicArn = this.topic.arn;
    this.alarms.push(
      alarm(this, 'DatabaseCpuAlarm', {
        name: this.resourceName('db-cpu'),
        description: `The database's CPU has been above ${config.databaseCpuPercent} % for 10 minutes: queries slow down. Look at Performance Insights (where the class has it) or the slow query log; consider a larger database.instanceClass.`,
        topicArn,
        metric: metric('CPUUtilization', 'Average'),
        comparison: 'GreaterThanThreshold',
        threshold: config.databaseCpuPercent,
        periodSeconds: 300,
        evaluationPeriods: 2,
      }),
      alarm(this, 'DatabaseFreeStorageAlarm', {
        name: this.resourceName('db-free-storage'),
        description: `The database has less than ${config.databaseFreeStorageGiB} GiB free: storage autoscaling has reached database.maxAllocatedStorageGiB or cannot keep up. Raise maxAllocatedStorageGiB, or free space.`,
        topicArn,
        metric: metric('FreeStorageSpace', 'Minimum'),
        comparison: 'LessThanThreshold',
        threshold: config.databaseFreeStorageGiB * GIB,
        periodSeconds: 300,
        evaluationPeriods: 1,
        treatMissingData: 'missing',
      }),
      alarm(this, 'DatabaseFreeableMemoryAlarm', {
        name: this.resourceName('db-freeable-memory'),
        description: `The database has had less than ${config.databaseFreeableMemoryMiB} MiB of freeable memory for 10 minutes: it will swap, and slow down. Consider a larger database.instanceClass.`,
        topicArn,
        metric: metric('FreeableMemory', 'Average'),
        comparison: 'LessThanThreshold',
        threshold: config.databaseFreeableMemoryMiB * MIB,
        periodSeconds: 300,
        evaluationPeriods: 2,
        treatMissingData: 'missing',
      }),
      alarm(this, 'DatabaseConnectionsAlarm', {
        name: this.resourceName('db-connections'),
        description: `The database has had more than ${config.databaseConnections} connections for 5 minutes, more than the app's pools open at full scale: a connection leak, or another client. The engine refuses connections past its max_connections.`,
        topicArn,
        metric: metric('DatabaseConnections', 'Maximum'),
        comparison: 'GreaterThanThreshold',
        threshold: config.databaseConnections,
        periodSeconds: 60,
        evaluationPeriods: 5,
      }),
    );
  }
}
