// The app instances: Spring Boot in Docker on Amazon Linux 2023, as an Auto Scaling group in the private subnets,
// with its launch template, boot script, instance role and log group.
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KeyPair } from '@cdktf/provider-aws/lib/key-pair';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Fn, TerraformLocal } from 'cdktf';
import type { Construct } from 'constructs';
import { Tier, type AppConfig, type ScalingConfig } from '../../config/resolved';
import { ScalingMetric } from '../../config/settings';
import { waive } from '../../policy/waivers';
import { Component } from '../../constructs/component';
import {
  encryptedRootVolume,
  IMDS_V2_ONLY,
  machineImageId,
  SESSION_MANAGER_WILDCARD_REASON,
  sessionManagerStatements,
} from '../../constructs/compute';
import type { DataOutputs } from '../data/data-stack';
import { iamPolicy, serviceTrustPolicy, type PolicyStatement } from '../../constructs/iam';
import { logGroup } from '../../constructs/log-group';
import { sessionKeyAlias } from '../access/session-manager';
import { HEALTH_CHECK_GRACE_SECONDS, INSTANCE_WARMUP_SECONDS } from './runtime';
import { renderUserData } from './user-data';

export interface AppFleetProps {
  /** Image, port, instance type, capacity and the container's variables. */
  readonly app: AppConfig;
  /** The app instances' security group; the stack owns the groups and the flows between them. */
  readonly securityGroupId: string;
  /** The private subnets, one per AZ. */
  readonly subnetIds: readonly string[];
  /** The target group the instances register with; its health checks decide whether an instance is replaced. */
  readonly targetGroupArn: string;
  /**
   * `<load balancer arn_suffix>/<target group arn_suffix>`, the label of the request count per target that the
   * scaling policy may follow.
   */
  readonly requestCountLabel: string;
  /**
   * The alarms that stop an instance refresh and roll it back (the load balancer's 5xx rate, unhealthy hosts).
   * @default - none: a refresh is stopped only by instances failing their health checks
   */
  readonly rollbackAlarmNames?: readonly string[];
  /** The database: its address and port for the JDBC URL, its secret for the credentials. */
  readonly database: DataOutputs;
  /** The account, for the ARNs of the instances' Session Manager permissions. */
  readonly account: string;
  /** Where Session Manager streams sessions (the access stack's, or the account's shared group). */
  readonly sessionLogGroupArn: string;
  /** The boundary of the instance role (the CI stack's): the deploy role may create no role without it. */
  readonly permissionsBoundary: string;
}

export class AppFleet extends Component {
  readonly group: AutoscalingGroup;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: AppFleetProps) {
    super(scope, id);
    const { app, database } = props;
    this.logGroup = logGroup(this, 'AppLogGroup', {
      name: `/${this.environment.project}/${this.environment.name}/app`,
      retentionInDays: app.logRetentionDays,
      tags: { Name: this.resourceName('app') },
    });
    const profileArn = this.instanceRole(app, database.secretArn, this.logGroup.arn, props);
    // A local holds the script: its references to the data tier are filled in by Terraform before encoding.
    const userData = new TerraformLocal(
      this,
      'app_user_data',
      renderUserData({
        region: this.environment.region,
        image: app.image.reference,
        ecrRegistry: app.image.ecr?.registry,
        ecrRegion: app.image.ecr?.region,
        port: app.port,
        secretArn: database.secretArn,
        databaseAddress: database.address,
        databasePort: database.port,
        databaseName: database.databaseName,
        engine: database.engine,
        logGroupName: this.logGroup.name,
        healthCheckPath: app.healthCheckPath,
        targetGroupArn: props.targetGroupArn,
        // The name, not a reference: the group is created after its launch template, which holds this script.
        groupName: this.resourceName('app'),
        environment: app.environment,
      }),
    );
    const template = new LaunchTemplate(this, 'AppLaunchTemplate', {
      name: this.resourceName('app'),
      description: 'Spring Boot in Docker on Amazon Linux 2023',
      imageId: machineImageId(this, 'AppImage', this.environment.machineImage, app.architecture),
      instanceType: app.instanceType,
      // The app's own key, never the bastion's; none by default (EC2 Instance Connect or Session Manager).
      keyName: this.keyName(app),
      iamInstanceProfile: { arn: profileArn },
      networkInterfaces: [
        { associatePublicIpAddress: 'false', deleteOnTermination: 'true', securityGroups: [props.securityGroupId] },
      ],
      metadataOptions: IMDS_V2_ONLY,
      blockDeviceMappings: [encryptedRootVolume(app.rootVolumeGiB)],
      monitoring: { enabled: true },
      userData: Fn.base64encode(userData.asString),
      updateDefaultVersion: true,
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({
        resourceType,
        tags: { ...this.environment.tags, Tier: Tier.APP, Name: this.resourceName('app') },
      })),
      tags: { Name: this.resourceName('app') },
    });
    const rollbackAlarms = props.rollbackAlarmNames ?? [];
    this.group = new AutoscalingGroup(this, 'AppAutoScalingGroup', {
      name: this.resourceName('app'),
      minSize: app.capacity.min,
      maxSize: app.capacity.max,
      desiredCapacity: app.capacity.desired,
      vpcZoneIdentifier: [...props.subnetIds],
      targetGroupArns: [props.targetGroupArn],
      healthCheckType: 'ELB',
      // The boot and one full start attempt of the app unit: both come from runtime.ts, as the unit's timeout does.
      healthCheckGracePeriod: HEALTH_CHECK_GRACE_SECONDS,
      launchTemplate: { id: template.id, version: template.latestVersion.toString() },
      // An unhealthy instance (or one AWS retires) is replaced by launching its successor first, and terminated once
      // the successor is healthy: the group never runs below its desired capacity for a replacement.
      instanceMaintenancePolicy: { minHealthyPercentage: 100, maxHealthyPercentage: 200 },
      // A new launch template version (image, user data) rolls out the same way: new instances first, each healthy
      // and warmed up before an old one goes; instances already on the new version are kept; an alarm of the load
      // balancer (5xx rate, unhealthy hosts) or a failed refresh rolls everything back to the previous version.
      instanceRefresh: {
        strategy: 'Rolling',
        preferences: {
          minHealthyPercentage: 100,
          maxHealthyPercentage: 200,
          instanceWarmup: String(INSTANCE_WARMUP_SECONDS),
          skipMatching: true,
          autoRollback: true,
          alarmSpecification: rollbackAlarms.length > 0 ? { alarms: [...rollbackAlarms] } : undefined,
        },
      },
      enabledMetrics: [
        'GroupDesiredCapacity',
        'GroupInServiceInstances',
        'GroupTotalInstances',
        'GroupMinSize',
        'GroupMaxSize',
      ],
      tag: [{ key: 'Name', value: this.resourceName('app'), propagateAtLaunch: false }],
      // The scaling policy owns the number of instances once the group exists: Terraform setting it back to
      // app.capacity.desired at every apply would undo each scale-out (and a plan would show the fight).
      lifecycle: { ignoreChanges: ['desired_capacity'] },
    });
    this.scalingPolicy(app.scaling, props.requestCountLabel);
  }

  /** Target tracking: AWS adds instances when the metric runs above the target and removes them when it is below. */
  private scalingPolicy(scaling: ScalingConfig, requestCountLabel: string): void {
    const cpu = scaling.metric === ScalingMetric.CPU;
    new AutoscalingPolicy(this, 'AppScalingPolicy', {
      name: this.resourceName('app-target-tracking'),
      autoscalingGroupName: this.group.name,
      policyType: 'TargetTrackingScaling',
      // A new instance's metrics count towards the group's only once it serves (boot, start and warm-up).
      estimatedInstanceWarmup: HEALTH_CHECK_GRACE_SECONDS,
      targetTrackingConfiguration: {
        targetValue: scaling.target,
        predefinedMetricSpecification: cpu
          ? { predefinedMetricType: 'ASGAverageCPUUtilization' }
          : { predefinedMetricType: 'ALBRequestCountPerTarget', resourceLabel: requestCountLabel },
      },
    });
  }

  /** The name of the app instances' key pair (`app.sshKey`), created here from a public key; none without one. */
  private keyName(app: AppConfig): string | undefined {
    if (!app.sshKey) return undefined;
    if (app.sshKey.kind === 'existing') return app.sshKey.keyPairName;
    return new KeyPair(this, 'AppKeyPair', {
      keyName: this.resourceName('app'),
      publicKey: app.sshKey.publicKey,
      tags: { Name: this.resourceName('app') },
    }).keyName;
  }

  /**
   * The app instances' role: Session Manager (its calls and the session log group, nothing else of Systems
   * Manager), read the database secret (that one secret), write the app's log group, take the instance out of its
   * target group and back for a credential restart (that one target group), and pull the image when it lives in
   * ECR (that one repository). Returns the profile's ARN.
   */
  private instanceRole(app: AppConfig, secretArn: string, logGroupArn: string, props: AppFleetProps): string {
    const role = new IamRole(this, 'AppInstanceRole', {
      name: this.resourceName('app'),
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
      permissionsBoundary: props.permissionsBoundary,
      tags: { Name: this.resourceName('app') },
    });
    const sessionManager = new IamRolePolicy(this, 'AppSessionManagerPolicy', {
      name: 'session-manager',
      role: role.id,
      policy: iamPolicy(
        ...sessionManagerStatements(
          this.environment.region,
          props.account,
          props.sessionLogGroupArn,
          sessionKeyAlias(this.environment.project),
        ),
      ),
    });
    waive(sessionManager, 'IAM-SCOPED-RESOURCES', SESSION_MANAGER_WILDCARD_REASON);
    const statements: PolicyStatement[] = [
      {
        Sid: 'ReadTheDatabaseSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [secretArn],
      },
      {
        Sid: 'WriteTheAppLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [`${logGroupArn}:*`],
      },
      // The credential rotation: each instance leaves and rejoins its own target group around its restart.
      {
        Sid: 'LeaveAndRejoinTheTargetGroup',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
        Resource: [props.targetGroupArn],
      },
      // Neither has resource-level permissions: AWS only accepts "*" here.
      {
        Sid: 'SeeWhetherTheOthersServe',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:DescribeTargetHealth', 'autoscaling:DescribeAutoScalingGroups'],
        Resource: ['*'],
      },
    ];
    const ecr = app.image.ecr;
    if (ecr) {
      statements.push(
        {
          Sid: 'PullTheAppImage',
          Effect: 'Allow',
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
          Resource: [`arn:aws:ecr:${ecr.region}:${ecr.accountId}:repository/${ecr.repositoryName}`],
        },
        // GetAuthorizationToken has no resource-level permissions: AWS only accepts "*" here.
        { Sid: 'LogInToEcr', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
      );
    }
    const policy = new IamRolePolicy(this, 'AppInstancePolicy', {
      name: 'app-instance',
      role: role.id,
      policy: iamPolicy(...statements),
    });
    waive(
      policy,
      'IAM-SCOPED-RESOURCES',
      `elasticloadbalancing:DescribeTargetHealth, autoscaling:DescribeAutoScalingGroups${ecr ? ' and ecr:GetAuthorizationToken' : ''} have no resource-level permissions: AWS accepts only "*" for them; the two reads reveal no data, ${ecr ? 'the pull itself is scoped to the one repository, ' : ''}and the target group changes are scoped to the app's own group.`,
    );
    return new IamInstanceProfile(this, 'AppInstanceProfile', {
      name: this.resourceName('app'),
      role: role.name,
      tags: { Name: this.resourceName('app') },
    }).arn;
  }
}
