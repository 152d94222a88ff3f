// The app's front door: the internet-facing Application Load Balancer, its access-log bucket, the target group of
// the app instances, and the listeners (HTTP, or HTTPS with HTTP redirecting to it).
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import type { Construct } from 'constructs';
import { ELB_ACCOUNT_LOG_REGIONS, ELB_LOG_DELIVERY_SERVICE } from '../../config/aws-regions';
import { HTTP_PORT, HTTPS_PORT } from '../../config/ports';
import { formatUnitPrice, formatUsd, PRICES } from '../../config/prices';
import type { AppConfig, ListenerConfig } from '../../config/resolved';
import { EnvironmentLifecycle } from '../../config/settings';
import { waive } from '../../policy/waivers';
import { Component } from '../../constructs/component';
import { logGroup } from '../../constructs/log-group';
import { privateBucket, type PrivateBucket } from '../../constructs/private-bucket';
import { DEREGISTRATION_DELAY_SECONDS, HEALTH_CHECK } from './runtime';

/** Where in its bucket the load balancer writes access logs (AWS adds `AWSLogs/<account>/...`). */
const ACCESS_LOG_PREFIX = 'alb';

/**
 * AWS's managed rule groups of the web ACL, in evaluation order: addresses with a bad reputation first (cheapest,
 * 25 capacity units), then known-bad request patterns (Log4Shell and others, 200), then the common exploits of
 * OWASP's top ten (700). 925 of the 1,500 units a web ACL gets without extra charge.
 */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
] as const;

/** What the web ACL costs: the ACL and its rule groups by the month, and the requests it inspects. */
export const WEB_ACL_COST = `about ${formatUsd(PRICES.wafWebAcl.usd + MANAGED_RULE_GROUPS.length * PRICES.wafRule.usd)} a month plus ${formatUnitPrice(PRICES.wafRequests)}`;

export interface AppLoadBalancerProps {
  /**
   * The resolved app settings it is built from: the listener (HTTP, or HTTPS with `app.certificateArn` and
   * `app.sslPolicy`), the app port (the target group's), the health check path, the access logs, the web ACL, the
   * log retention and the deletion protection.
   */
  readonly app: Pick<
    AppConfig,
    | 'listener'
    | 'port'
    | 'healthCheckPath'
    | 'accessLogRetentionDays'
    | 'accessLogBucketForceDestroy'
    | 'webAcl'
    | 'logRetentionDays'
    | 'deletionProtection'
  >;
  readonly vpcId: string;
  /** The public subnets, one per AZ. */
  readonly subnetIds: readonly string[];
  /** The load balancer's security group; the stack owns the groups and the flows between them. */
  readonly securityGroupId: string;
}

export class AppLoadBalancer extends Component {
  readonly loadBalancer: Lb;
  readonly targetGroup: LbTargetGroup;

  constructor(scope: Construct, id: string, props: AppLoadBalancerProps) {
    super(scope, id);
    const { app } = props;
    const accessLogs = app.accessLogRetentionDays
      ? this.accessLogBucket(app.accessLogRetentionDays, app.accessLogBucketForceDestroy)
      : undefined;

    this.loadBalancer = new Lb(this, 'LoadBalancer', {
      name: this.resourceName('alb'),
      loadBalancerType: 'application',
      internal: false,
      subnets: [...props.subnetIds],
      securityGroups: [props.securityGroupId],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'defensive',
      enableDeletionProtection: app.deletionProtection.enabled,
      accessLogs: accessLogs ? { bucket: accessLogs.bucket.id, prefix: ACCESS_LOG_PREFIX, enabled: true } : undefined,
      tags: { Name: this.resourceName('alb') },
      // AWS checks that it may write to the bucket when logging is turned on.
      dependsOn: accessLogs ? [accessLogs.policy] : undefined,
    });
    if (!accessLogs) {
      waive(
        this.loadBalancer,
        'ELB-ACCESS-LOGS',
        "This environment turns access logs off (app.accessLogs, off by default in development): the app's own logs serve debugging.",
      );
    }
    if (app.webAcl) {
      this.webAcl(app.logRetentionDays);
    } else {
      waive(
        this.loadBalancer,
        'ELB-WAF',
        `This environment turns the web ACL off (app.webAcl, off by default in development): it serves developers, not the public, and a web ACL costs ${WEB_ACL_COST}.`,
      );
    }
    if (!app.deletionProtection.enabled) {
      waive(
        this.loadBalancer,
        'ELB-DELETION-PROTECTION',
        app.deletionProtection.because === EnvironmentLifecycle.DECOMMISSIONING
          ? 'The environment is being decommissioned (lifecycle: DECOMMISSIONING), in a reviewed commit that precedes `cdktf destroy`.'
          : 'Development environments are torn down with `cdktf destroy`; nothing is lost with the load balancer.',
      );
    }

    // A name prefix (AWS allows 6 characters) and create-before-destroy: a change AWS cannot make in place (the
    // app port) creates the new group, moves the listener and the Auto Scaling group to it, then deletes the old
    // one. A fixed name would make Terraform delete the group first, which AWS refuses while a listener uses it.
    this.targetGroup = new LbTargetGroup(this, 'AppTargetGroup', {
      namePrefix: `${this.environment.name.slice(0, 5)}-`,
      port: app.port,
      protocol: 'HTTP',
      targetType: 'instance',
      vpcId: props.vpcId,
      deregistrationDelay: String(DEREGISTRATION_DELAY_SECONDS),
      // The liveness path by default: a check that includes the database would fail every instance at once during
      // a database failover, and the Auto Scaling group would replace them all.
      healthCheck: {
        enabled: true,
        path: app.healthCheckPath,
        port: 'traffic-port',
        protocol: 'HTTP',
        matcher: '200',
        interval: HEALTH_CHECK.intervalSeconds,
        timeout: HEALTH_CHECK.timeoutSeconds,
        healthyThreshold: HEALTH_CHECK.healthyThreshold,
        unhealthyThreshold: HEALTH_CHECK.unhealthyThreshold,
      },
      tags: { Name: this.resourceName('app') },
      lifecycle: { createBeforeDestroy: true },
    });
    waive(
      this.targetGroup,
      'ELB-TARGET-TLS',
      'TLS ends at the load balancer; the hop to the app instances stays inside the VPC, in private subnets, between two security groups that allow only it.',
    );
    this.listeners(app.listener);
  }

  /**
   * The web ACL, associated with the load balancer, logging every request (Authorization and Cookie headers
   * redacted) to `aws-waf-logs-<project>-<env>` (WAF requires that prefix). AWS's managed rule groups block; the
   * default is to allow.
   */
  private webAcl(logRetentionDays: number): void {
    const name = this.resourceName('alb');
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const acl = new Wafv2WebAcl(this, 'WebAcl', {
      name,
      description: 'AWS managed rules in front of the application load balancer',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rule: MANAGED_RULE_GROUPS.map((group, priority) => ({
        name: group,
        priority,
        // `none`: the rule group's own actions (block) apply.
        overrideAction: { none: {} },
        // The statement block is typed `any` in the provider bindings, so it is written in Terraform's own keys.
        statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
        visibilityConfig: visibility(`${name}-${group}`),
      })),
      visibilityConfig: visibility(name),
      tags: { Name: name },
    });
    new Wafv2WebAclAssociation(this, 'WebAclAssociation', { resourceArn: this.loadBalancer.arn, webAclArn: acl.arn });
    const logs = logGroup(this, 'WebAclLogGroup', {
      name: `aws-waf-logs-${name}`,
      retentionInDays: logRetentionDays,
      tags: { Name: `${name}-waf` },
    });
    new Wafv2WebAclLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: acl.arn,
      logDestinationConfigs: [logs.arn],
      redactedFields: [{ singleHeader: { name: 'authorization' } }, { singleHeader: { name: 'cookie' } }],
    });
  }

  /** HTTPS forwarding to the app and HTTP redirecting to it; or, without a certificate, HTTP forwarding. */
  private listeners(listener: ListenerConfig): void {
    const forward = [{ type: 'forward', targetGroupArn: this.targetGroup.arn }];
    if (listener.protocol === 'HTTPS') {
      new LbListener(this, 'HttpsListener', {
        loadBalancerArn: this.loadBalancer.arn,
        port: HTTPS_PORT,
        protocol: 'HTTPS',
        certificateArn: listener.certificateArn,
        sslPolicy: listener.sslPolicy,
        defaultAction: forward,
        tags: { Name: this.resourceName('https') },
      });
    }
    const http = new LbListener(this, 'HttpListener', {
      loadBalancerArn: this.loadBalancer.arn,
      port: HTTP_PORT,
      protocol: 'HTTP',
      defaultAction:
        listener.protocol === 'HTTPS'
          ? [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: String(HTTPS_PORT), statusCode: 'HTTP_301' } }]
          : forward,
      tags: { Name: this.resourceName('http') },
    });
    if (listener.protocol === 'HTTP') {
      waive(
        http,
        'ELB-LISTENER-HTTPS',
        'This development environment has no certificate (app.certificateArn), so it serves plain HTTP; production refuses to synthesize without one.',
      );
    }
  }

  /**
   * Who writes the access logs: in the older regions Elastic Load Balancing's own account, which the provider's
   * data source knows (no API call, kept current with the provider); in regions opened since August 2022, the
   * log delivery service.
   */
  private logWriter(): { AWS: string } | { Service: string } {
    if (!ELB_ACCOUNT_LOG_REGIONS.includes(this.environment.region)) return { Service: ELB_LOG_DELIVERY_SERVICE };
    return { AWS: new DataAwsElbServiceAccount(this, 'ElbServiceAccount').arn };
  }

  /**
   * The bucket the load balancer writes its access logs to. ELB writes them with SSE-S3 only, and the bucket is
   * itself the end of the logging chain: those are waived, with the reasons.
   */
  private accessLogBucket(retentionDays: number, forceDestroy: boolean): PrivateBucket {
    const logs = privateBucket(this, 'AccessLogBucket', {
      bucket: {
        bucketPrefix: `${this.resourceName('alb-logs')}-`,
        tags: { Name: this.resourceName('alb-logs') },
        // A bucket holding logs cannot be deleted; decommissioning lets `cdktf destroy` delete it with them.
        forceDestroy,
      },
      sseAlgorithm: 'AES256',
      policyStatements: (bucketArn) => [
        {
          Sid: 'LoadBalancerWritesAccessLogs',
          Effect: 'Allow',
          Principal: this.logWriter(),
          Action: 's3:PutObject',
          // Its own account's path only: the log writer is shared by every account of the region.
          Resource: `${bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${new DataAwsCallerIdentity(this, 'LogAccount').accountId}/*`,
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
      'S3-KMS-ENCRYPTION':
        'Load balancers write access logs to buckets encrypted with SSE-S3 only; the logs are still encrypted at rest.',
      'S3-ACCESS-LOGS':
        'This is the log bucket: logging its own access would need yet another bucket, and CloudTrail records its API calls.',
      'S3-REPLICATION':
        'Access logs expire after a few months; a copy in another region is not worth its cost for them.',
      'S3-EVENT-NOTIFICATIONS':
        'Nothing consumes events from the access-log bucket; the logs are read when an incident needs them.',
      'S3-OBJECT-LOCK':
        'Object lock would stop the lifecycle rule from expiring old logs; only the load balancer may write here.',
      'S3-PREVENT-DESTROY':
        'The logs expire on their own; protecting the bucket from destroy would only block decommissioning the environment.',
    };
    for (const [rule, reason] of Object.entries(reasons)) waive(logs.bucket, rule, reason);
    return logs;
  }
}
