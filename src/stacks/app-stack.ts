// The app tier: an internet-facing ALB in the public subnets, Spring Boot in Docker on an Auto Scaling group
// in the private subnets, and the rules that let the app reach the database and the bastion reach the app.
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Fn, TerraformLocal, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { elbLogDeliveryPrincipal } from '../config/aws-rules';
import { HTTP_PORT, HTTPS_PORT, SSH_PORT } from '../config/ports';
import { resolveApp } from '../config/resolve/app';
import { EnvironmentKind, EnvironmentLifecycle, type AppSettings } from '../config/settings';
import { Tier, type AppConfig } from '../config/resolved';
import type { AccessOutputs } from './access-stack';
import { renderUserData } from './app-user-data';
import { waive } from '../policy/waivers';
import { encryptedRootVolume, IMDS_V2_ONLY, machineImageId, SSM_MANAGED_INSTANCE_CORE, SSM_MANAGED_POLICY_REASON } from './compute';
import type { DataOutputs } from './data-stack';
import { EnvironmentStack, type EnvironmentStackProps } from './environment-stack';
import { iamPolicy, serviceTrustPolicy, type PolicyStatement } from './iam';
import { logGroup } from './log-group';
import { privateBucket, type PrivateBucket } from './private-bucket';
import type { NetworkOutputs } from './network-stack';
import { allowFlow, allowHttpsToInternet, allowIngress, closedSecurityGroup } from './security-rules';

/** Where in its bucket the load balancer writes access logs (AWS adds `AWSLogs/<account>/...`). */
const ACCESS_LOG_PREFIX = 'alb';

export interface AppStackProps extends EnvironmentStackProps {
  /** The image (required) and the rest of `AppSettings`, each with its `@default`. */
  readonly app: AppSettings;
  readonly network: NetworkOutputs;
  readonly access: AccessOutputs;
  readonly data: DataOutputs;
}

export class AppStack extends EnvironmentStack {
  readonly config: AppConfig;

  constructor(scope: Construct, props: AppStackProps) {
    super(scope, Tier.APP, props);
    const config = this.resolveSection('app', (problems) => resolveApp(props.app, this.environment, problems));
    this.config = config;
    const production = this.environment.kind === EnvironmentKind.PRODUCTION;
    const decommissioning = this.environment.lifecycle === EnvironmentLifecycle.DECOMMISSIONING;
    const { network, access, data } = props;

    // --- Security groups: exactly the flows of the traffic table, one rule each.
    const albGroup = closedSecurityGroup(this, 'LoadBalancerSecurityGroup', {
      name: this.resourceName('alb'),
      description: 'Load balancer: HTTP(S) from the internet, to the app port of the app instances',
      vpcId: network.vpcId,
    });
    const appGroup = closedSecurityGroup(this, 'AppSecurityGroup', {
      name: this.resourceName('app'),
      description: 'App instances: app port from the load balancer, SSH from the bastion',
      vpcId: network.vpcId,
    });
    const listenerPorts = config.listener.protocol === 'HTTPS' ? [HTTP_PORT, HTTPS_PORT] : [HTTP_PORT];
    for (const port of listenerPorts) {
      const rule = allowIngress(this, `LoadBalancerFromInternet${port}`, {
        securityGroupId: albGroup.id,
        peer: { cidrIpv4: '0.0.0.0/0' },
        port,
        description: `Port ${port} from the internet`,
      });
      waive(rule, 'SG-NO-OPEN-INGRESS', `The internet-facing load balancer exists to accept port ${port} from anyone; it forwards only to the app port of the app instances.`);
    }
    const loadBalancerEnd = { securityGroupId: albGroup.id, name: 'the load balancer' };
    const appEnd = { securityGroupId: appGroup.id, name: 'the app instances' };
    const bastionEnd = { securityGroupId: access.bastionSecurityGroupId, name: 'the bastion' };
    const databaseEnd = { securityGroupId: data.securityGroupId, name: 'the database' };
    allowFlow(this, { egress: 'LoadBalancerToApp', ingress: 'AppFromLoadBalancer' }, { from: loadBalancerEnd, to: appEnd, port: config.port });
    allowFlow(this, { egress: 'BastionSshToApp', ingress: 'AppSshFromBastion' }, { from: bastionEnd, to: appEnd, port: SSH_PORT, what: 'SSH' });
    allowFlow(this, { egress: 'AppToDatabase', ingress: 'DatabaseFromApp' }, { from: appEnd, to: databaseEnd, port: data.port });
    // Container images, packages, Secrets Manager and CloudWatch are all HTTPS, through the NAT gateway.
    allowHttpsToInternet(this, 'AppHttpsToInternet', appGroup.id, 'images, packages, AWS APIs');

    // --- Load balancer.
    const accessLogs = config.accessLogRetentionDays ? this.accessLogBucket(config.accessLogRetentionDays, decommissioning) : undefined;
    const loadBalancer = new Lb(this, 'LoadBalancer', {
      name: this.resourceName('alb'),
      loadBalancerType: 'application',
      internal: false,
      subnets: network.publicSubnets.map((subnet) => subnet.id),
      securityGroups: [albGroup.id],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'defensive',
      enableDeletionProtection: production && !decommissioning,
      accessLogs: accessLogs ? { bucket: accessLogs.bucket.id, prefix: ACCESS_LOG_PREFIX, enabled: true } : undefined,
      tags: { Name: this.resourceName('alb') },
      // AWS checks that it may write to the bucket when logging is turned on.
      dependsOn: accessLogs ? [accessLogs.policy] : undefined,
    });
    if (!accessLogs) {
      waive(loadBalancer, 'ELB-ACCESS-LOGS', 'This environment turns access logs off (app.accessLogs, off by default in development): the app\'s own logs serve debugging.');
    }
    waive(
      loadBalancer,
      'ELB-WAF',
      'A web ACL costs per rule and per request and needs rules tuned to the application; it is left to the team once the app\'s traffic is known.',
    );
    if (!production) {
      waive(loadBalancer, 'ELB-DELETION-PROTECTION', 'Development environments are torn down with `cdktf destroy`; nothing is lost with the load balancer.');
    } else if (decommissioning) {
      waive(loadBalancer, 'ELB-DELETION-PROTECTION', 'The environment is being decommissioned (lifecycle: DECOMMISSIONING), in a reviewed commit that precedes `cdktf destroy`.');
    }
    // A name prefix (AWS allows 6 characters) and create-before-destroy: a change AWS cannot make in place (the
    // app port) creates the new group, moves the listener and the Auto Scaling group to it, then deletes the old
    // one. A fixed name would make Terraform delete the group first, which AWS refuses while a listener uses it.
    const targetGroup = new LbTargetGroup(this, 'AppTargetGroup', {
      namePrefix: `${this.environment.name.slice(0, 5)}-`,
      port: config.port,
      protocol: 'HTTP',
      targetType: 'instance',
      vpcId: network.vpcId,
      deregistrationDelay: '30',
      healthCheck: {
        enabled: true,
        path: config.healthCheckPath,
        port: 'traffic-port',
        protocol: 'HTTP',
        matcher: '200',
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      tags: { Name: this.resourceName('app') },
      lifecycle: { createBeforeDestroy: true },
    });
    waive(
      targetGroup,
      'ELB-TARGET-TLS',
      'TLS ends at the load balancer; the hop to the app instances stays inside the VPC, in private subnets, between two security groups that allow only it.',
    );
    const forward = [{ type: 'forward', targetGroupArn: targetGroup.arn }];
    if (config.listener.protocol === 'HTTPS') {
      new LbListener(this, 'HttpsListener', {
        loadBalancerArn: loadBalancer.arn,
        port: HTTPS_PORT,
        protocol: 'HTTPS',
        certificateArn: config.listener.certificateArn,
        sslPolicy: config.listener.sslPolicy,
        defaultAction: forward,
        tags: { Name: this.resourceName('https') },
      });
    }
    const httpListener = new LbListener(this, 'HttpListener', {
      loadBalancerArn: loadBalancer.arn,
      port: HTTP_PORT,
      protocol: 'HTTP',
      defaultAction:
        config.listener.protocol === 'HTTPS'
          ? [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: String(HTTPS_PORT), statusCode: 'HTTP_301' } }]
          : forward,
      tags: { Name: this.resourceName('http') },
    });
    if (config.listener.protocol === 'HTTP') {
      waive(
        httpListener,
        'ELB-LISTENER-HTTPS',
        'This development environment has no certificate (app.certificateArn), so it serves plain HTTP; production refuses to synthesize without one.',
      );
    }

    // --- Instances.
    const appLogs = logGroup(this, 'AppLogGroup', {
      name: `/${this.environment.project}/${this.environment.name}/app`,
      retentionInDays: production ? 365 : 30,
      tags: { Name: this.resourceName('app') },
    });
    const role = this.instanceRole(config, data.secretArn, appLogs.arn);
    // A local holds the script: its references to the data tier are filled in by Terraform before encoding.
    const userData = new TerraformLocal(this, 'app_user_data', renderUserData({
      region: this.environment.region,
      image: config.image.reference,
      ecrRegistry: config.image.ecr?.registry,
      ecrRegion: config.image.ecr?.region,
      port: config.port,
      secretArn: data.secretArn,
      databaseAddress: data.address,
      databasePort: data.port,
      databaseName: data.databaseName,
      engine: data.engine,
      logGroupName: appLogs.name,
      environment: config.environment,
    }));
    const template = new LaunchTemplate(this, 'AppLaunchTemplate', {
      name: this.resourceName('app'),
      description: 'Spring Boot in Docker on Amazon Linux 2023',
      imageId: machineImageId(this, 'AppImage', this.environment.machineImage, config.architecture),
      instanceType: config.instanceType,
      keyName: access.keyPairName,
      iamInstanceProfile: { arn: role.profileArn },
      networkInterfaces: [{ associatePublicIpAddress: 'false', deleteOnTermination: 'true', securityGroups: [appGroup.id] }],
      metadataOptions: IMDS_V2_ONLY,
      blockDeviceMappings: [encryptedRootVolume(config.rootVolumeGiB)],
      monitoring: { enabled: true },
      userData: Fn.base64encode(userData.asString),
      updateDefaultVersion: true,
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({
        resourceType,
        tags: { ...this.environment.tags, Tier: Tier.APP, Name: this.resourceName('app') },
      })),
      tags: { Name: this.resourceName('app') },
    });
    const group = new AutoscalingGroup(this, 'AppAutoScalingGroup', {
      name: this.resourceName('app'),
      minSize: config.capacity.min,
      maxSize: config.capacity.max,
      desiredCapacity: config.capacity.desired,
      vpcZoneIdentifier: network.privateSubnets.map((subnet) => subnet.id),
      targetGroupArns: [targetGroup.arn],
      healthCheckType: 'ELB',
      // Docker install, image pull and Spring Boot start-up before the first health check counts.
      healthCheckGracePeriod: 300,
      launchTemplate: { id: template.id, version: template.latestVersion.toString() },
      // A new launch template version (image, user data) rolls through the instances, half at a time.
      instanceRefresh: { strategy: 'Rolling', preferences: { minHealthyPercentage: 50 } },
      enabledMetrics: ['GroupDesiredCapacity', 'GroupInServiceInstances', 'GroupTotalInstances'],
      tag: [{ key: 'Name', value: this.resourceName('app'), propagateAtLaunch: false }],
    });

    const scheme = config.listener.protocol === 'HTTPS' ? 'https' : 'http';
    new TerraformOutput(this, 'load_balancer_dns_name', { value: loadBalancer.dnsName, description: 'Point your domain here (CNAME or alias)' });
    new TerraformOutput(this, 'app_url', { value: `${scheme}://${loadBalancer.dnsName}`, description: 'The application, through the load balancer' });
    new TerraformOutput(this, 'auto_scaling_group_name', { value: group.name, description: 'For scaling and instance refresh' });
  }

  /**
   * The bucket the load balancer writes its access logs to. ELB writes them with SSE-S3 only, and the bucket is
   * itself the end of the logging chain: those are waived, with the reasons.
   */
  private accessLogBucket(retentionDays: number, decommissioning: boolean): PrivateBucket {
    const logs = privateBucket(this, 'AccessLogBucket', {
      bucket: {
        bucketPrefix: `${this.resourceName('alb-logs')}-`,
        tags: { Name: this.resourceName('alb-logs') },
        // A bucket holding logs cannot be deleted; decommissioning lets `cdktf destroy` delete it with them.
        forceDestroy: decommissioning,
      },
      sseAlgorithm: 'AES256',
      policyStatements: (bucketArn) => [
        {
          Sid: 'LoadBalancerWritesAccessLogs',
          Effect: 'Allow',
          Principal: elbLogDeliveryPrincipal(this.environment.region),
          Action: 's3:PutObject',
          Resource: `${bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/*`,
        },
      ],
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
        },
      ],
    });
    const reasons: Record<string, string> = {
      'S3-KMS-ENCRYPTION': 'Load balancers write access logs to buckets encrypted with SSE-S3 only; the logs are still encrypted at rest.',
      'S3-ACCESS-LOGS': 'This is the log bucket: logging its own access would need yet another bucket, and CloudTrail records its API calls.',
      'S3-REPLICATION': 'Access logs expire after a few months; a copy in another region is not worth its cost for them.',
      'S3-EVENT-NOTIFICATIONS': 'Nothing consumes events from the access-log bucket; the logs are read when an incident needs them.',
      'S3-OBJECT-LOCK': 'Object lock would stop the lifecycle rule from expiring old logs; only the load balancer may write here.',
      'S3-PREVENT-DESTROY': 'The logs expire on their own; protecting the bucket from destroy would only block decommissioning the environment.',
    };
    for (const [rule, reason] of Object.entries(reasons)) waive(logs.bucket, rule, reason);
    return logs;
  }

  /**
   * The app instances' role: Session Manager, read the database secret (that one secret), write the app's
   * log group, and pull the image when it lives in ECR (that one repository).
   */
  private instanceRole(config: AppConfig, secretArn: string, logGroupArn: string): { profileArn: string } {
    const role = new IamRole(this, 'AppInstanceRole', {
      name: this.resourceName('app'),
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
      tags: { Name: this.resourceName('app') },
    });
    const sessionManager = new IamRolePolicyAttachment(this, 'AppSessionManager', { role: role.name, policyArn: SSM_MANAGED_INSTANCE_CORE });
    waive(sessionManager, 'IAM-NO-AWS-MANAGED-POLICIES', SSM_MANAGED_POLICY_REASON);
    const statements: PolicyStatement[] = [
      { Sid: 'ReadTheDatabaseSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [secretArn] },
      { Sid: 'WriteTheAppLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`${logGroupArn}:*`] },
    ];
    const ecr = config.image.ecr;
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
    const policy = new IamRolePolicy(this, 'AppInstancePolicy', { name: 'app-instance', role: role.id, policy: iamPolicy(...statements) });
    if (ecr) {
      waive(policy, 'IAM-SCOPED-RESOURCES', 'ecr:GetAuthorizationToken has no resource-level permissions: AWS accepts only "*" for it; the pull itself is scoped to the one repository.');
    }
    const profile = new IamInstanceProfile(this, 'AppInstanceProfile', {
      name: this.resourceName('app'),
      role: role.name,
      tags: { Name: this.resourceName('app') },
    });
    return { profileArn: profile.arn };
  }
}
