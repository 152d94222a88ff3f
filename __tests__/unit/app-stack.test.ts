// AppStack: the load balancer, the Spring Boot instances, their role and boot script, and the rules across tiers.
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import type { EnvironmentStacks } from '../../src/app';
import { environments } from '../../src/config/environments';
import { AccessMode, DatabaseEngine, EnvironmentLifecycle, ScalingMetric } from '../../src/config/settings';
import { APP_START_TIMEOUT_SECONDS, BOOT_SECONDS, HEALTH_CHECK_GRACE_SECONDS } from '../../src/stacks/app/runtime';
import {
  escapeTemplateLiterals,
  jdbcUrl,
  renderUserData,
  shellQuote,
  terraformTemplate,
} from '../../src/stacks/app/user-data';
import { resources, synth, synthEnvironment, synthJson, tierStack } from '../helpers/synth';

function userData(stack: EnvironmentStacks['app']): string {
  return String(synthJson(stack).locals?.app_user_data);
}

function instancePolicy(stack: EnvironmentStacks['app']): {
  Statement: { Sid: string; Action: string[]; Resource: string[] }[];
} {
  return JSON.parse(String(resources(stack, 'aws_iam_role_policy').AppInstancePolicy.policy));
}

describe('AppStack', () => {
  const dev = tierStack('app');
  const prod = tierStack('app', {}, 'prod');

  describe('load balancer', () => {
    it('is internet-facing, in both public subnets, and drops invalid header fields', () => {
      expect(synth(dev)).toHaveResourceWithProperties(Lb, {
        load_balancer_type: 'application',
        internal: false,
        drop_invalid_header_fields: true,
        subnets: [expect.stringContaining('PublicSubnetAid'), expect.stringContaining('PublicSubnetBid')],
      });
    });

    it('sends traffic to the app port, with the health check on the configured path', () => {
      expect(synth(dev)).toHaveResourceWithProperties(LbTargetGroup, {
        port: 8080,
        protocol: 'HTTP',
        // The liveness probe, which does not ask the database: a failover fails no instance's health check.
        health_check: expect.objectContaining({
          path: '/actuator/health/liveness',
          matcher: '200',
          interval: 15,
          healthy_threshold: 2,
        }),
      });
      expect(
        synth(tierStack('app', { app: { port: 9000, healthCheckPath: '/healthz' } })),
      ).toHaveResourceWithProperties(LbTargetGroup, {
        port: 9000,
        health_check: expect.objectContaining({ path: '/healthz' }),
      });
    });

    it('day 2: a new app port creates the new target group before the old one goes (AWS refuses to delete one in use)', () => {
      const group = resources(dev, LbTargetGroup.tfResourceType).AppTargetGroup;
      expect(group).toMatchObject({ name_prefix: 'dev-', lifecycle: { create_before_destroy: true } });
      expect(group).not.toHaveProperty('name');
    });

    it('without a certificate (dev): HTTP 80 forwards to the app', () => {
      const listeners = resources(dev, LbListener.tfResourceType);
      expect(Object.keys(listeners)).toEqual(['HttpListener']);
      expect(listeners.HttpListener).toMatchObject({
        port: 80,
        protocol: 'HTTP',
        default_action: [{ type: 'forward' }],
      });
    });

    it('with a certificate (prod): HTTPS 443 with a TLS 1.3 policy, and HTTP 80 redirects to it', () => {
      const listeners = resources(prod, LbListener.tfResourceType);
      expect(listeners.HttpsListener).toMatchObject({
        port: 443,
        protocol: 'HTTPS',
        ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        certificate_arn: environments.prod.app.certificateArn,
        default_action: [{ type: 'forward' }],
      });
      expect(listeners.HttpListener).toMatchObject({
        port: 80,
        default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
      });
    });

    it('writes access logs in production, to a private bucket only the ELB log writer of the region may write to', () => {
      const lb = resources(prod, Lb.tfResourceType).LoadBalancer;
      expect(lb.access_logs).toEqual({ bucket: '${aws_s3_bucket.AccessLogBucket.id}', prefix: 'alb', enabled: true });
      expect(lb.depends_on).toEqual(['aws_s3_bucket_policy.AccessLogBucketPolicy']);
      const policy = JSON.parse(String(resources(prod, 'aws_s3_bucket_policy').AccessLogBucketPolicy.policy));
      expect(policy.Statement[1]).toEqual({
        Sid: 'LoadBalancerWritesAccessLogs',
        Effect: 'Allow',
        Principal: { AWS: '${data.aws_elb_service_account.ElbServiceAccount.arn}' },
        Action: 's3:PutObject',
        // Its own account's path only: the region's log writer serves every account.
        Resource:
          '${aws_s3_bucket.AccessLogBucket.arn}/alb/AWSLogs/${data.aws_caller_identity.LogAccount.account_id}/*',
      });
      // The provider's data source knows the regional ELB account; a region opened since August 2022 uses the
      // log delivery service instead.
      expect(synthJson(prod).data?.aws_elb_service_account).toEqual({ ElbServiceAccount: {} });
      const melbourne = tierStack(
        'app',
        {
          region: 'ap-southeast-4',
          availabilityZones: ['ap-southeast-4a', 'ap-southeast-4b'],
          // The image stays in ECR of ap-northeast-2, which Melbourne's endpoints do not serve: out through NAT.
          app: {
            certificateArn: 'arn:aws:acm:ap-southeast-4:111122223333:certificate/4f0f8a4e-7d0e-4a6e-9a43-5b2f8b2a1c11',
            internetEgress: true,
          },
        },
        'prod',
      );
      expect(
        JSON.parse(String(resources(melbourne, 'aws_s3_bucket_policy').AccessLogBucketPolicy.policy)).Statement[1]
          .Principal,
      ).toEqual({
        Service: 'logdelivery.elasticloadbalancing.amazonaws.com',
      });
      expect(synthJson(melbourne).data?.aws_elb_service_account).toBeUndefined();
      expect(
        resources(prod, 'aws_s3_bucket_server_side_encryption_configuration').AccessLogBucketEncryption.rule,
      ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
      expect(resources(prod, 'aws_s3_bucket_lifecycle_configuration').AccessLogBucketLifecycle.rule).toEqual([
        expect.objectContaining({ expiration: [{ days: 90 }] }),
      ]);
    });

    it('writes no access logs in development unless asked to', () => {
      expect(resources(dev, Lb.tfResourceType).LoadBalancer.access_logs).toBeUndefined();
      expect(resources(dev, 'aws_s3_bucket')).toEqual({});
      const logged = tierStack('app', { app: { accessLogs: true, accessLogRetentionDays: 14 } });
      expect(resources(logged, 'aws_s3_bucket_lifecycle_configuration').AccessLogBucketLifecycle.rule).toEqual([
        expect.objectContaining({ expiration: [{ days: 14 }] }),
      ]);
    });

    it('is protected from deletion in production only, until the environment is decommissioned', () => {
      expect(resources(prod, Lb.tfResourceType).LoadBalancer.enable_deletion_protection).toBe(true);
      expect(resources(dev, Lb.tfResourceType).LoadBalancer.enable_deletion_protection).toBe(false);
      const leaving = tierStack('app', { lifecycle: EnvironmentLifecycle.DECOMMISSIONING }, 'prod');
      expect(resources(leaving, Lb.tfResourceType).LoadBalancer.enable_deletion_protection).toBe(false);
      expect(resources(leaving, 'aws_s3_bucket').AccessLogBucket.force_destroy).toBe(true);
      expect(resources(prod, 'aws_s3_bucket').AccessLogBucket.force_destroy).toBe(false);
    });
  });

  describe('instances', () => {
    const template = resources(dev, LaunchTemplate.tfResourceType).AppLaunchTemplate;

    it('default to t3.medium (4 GiB) and the image the plan looked up', () => {
      expect(template).toMatchObject({ instance_type: 't3.medium', image_id: '${data.aws_ami.AppImage.id}' });
    });

    it("never take the bastion's key: none by default (EC2 Instance Connect), or a key pair of their own", () => {
      expect(template).not.toHaveProperty('key_name');
      const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHbOAj+6vXY8bXiNyoaQAHKhCLA8NM5T9ZR2C1mmK0QH app@example';
      const own = tierStack('app', { app: { sshKey: { publicKey: key } } });
      expect(resources(own, 'aws_key_pair').AppKeyPair).toMatchObject({ key_name: 'devloop-dev-app', public_key: key });
      expect(resources(own, LaunchTemplate.tfResourceType).AppLaunchTemplate.key_name).toBe(
        '${aws_key_pair.AppKeyPair.key_name}',
      );
      expect(
        resources(
          tierStack('app', { app: { sshKey: { existingKeyPairName: 'app-ops' } } }),
          LaunchTemplate.tfResourceType,
        ).AppLaunchTemplate.key_name,
      ).toBe('app-ops');
    });

    it('require IMDSv2, encrypt EBS and get no public IP', () => {
      expect(template).toMatchObject({
        metadata_options: { http_tokens: 'required' },
        block_device_mappings: [
          { device_name: '/dev/xvda', ebs: { encrypted: 'true', volume_type: 'gp3', volume_size: 30 } },
        ],
        network_interfaces: [
          { associate_public_ip_address: 'false', security_groups: ['${aws_security_group.AppSecurityGroup.id}'] },
        ],
      });
    });

    it('run in an Auto Scaling group over both private subnets, 2 by default, with ELB health checks', () => {
      expect(synth(dev)).toHaveResourceWithProperties(AutoscalingGroup, {
        desired_capacity: 2,
        health_check_type: 'ELB',
        target_group_arns: ['${aws_lb_target_group.AppTargetGroup.arn}'],
        vpc_zone_identifier: [expect.stringContaining('PrivateSubnetAid'), expect.stringContaining('PrivateSubnetBid')],
        launch_template: {
          id: '${aws_launch_template.AppLaunchTemplate.id}',
          version: '${aws_launch_template.AppLaunchTemplate.latest_version}',
        },
      });
      expect(resources(prod, AutoscalingGroup.tfResourceType).AppAutoScalingGroup).toMatchObject({
        min_size: 2,
        desired_capacity: 2,
        max_size: 6,
      });
    });

    it('roll through a new launch template version: launch first, warm up, skip matching, roll back on the alarms', () => {
      const group = resources(prod, AutoscalingGroup.tfResourceType).AppAutoScalingGroup;
      expect(group.instance_refresh).toEqual({
        strategy: 'Rolling',
        preferences: {
          min_healthy_percentage: 100,
          max_healthy_percentage: 200,
          instance_warmup: '60',
          skip_matching: true,
          auto_rollback: true,
          alarm_specification: {
            alarms: [
              '${aws_cloudwatch_metric_alarm.AppHttp5xxRateAlarm.alarm_name}',
              '${aws_cloudwatch_metric_alarm.AppUnhealthyHostsAlarm.alarm_name}',
            ],
          },
        },
      });
    });

    it('replace an unhealthy instance by launching its successor before terminating it', () => {
      const group = resources(prod, AutoscalingGroup.tfResourceType).AppAutoScalingGroup;
      expect(group.instance_maintenance_policy).toEqual({ min_healthy_percentage: 100, max_healthy_percentage: 200 });
    });

    it('give an instance its boot and one full start of the app unit before its health checks count', () => {
      const group = resources(prod, AutoscalingGroup.tfResourceType).AppAutoScalingGroup;
      expect(group.health_check_grace_period).toBe(BOOT_SECONDS + APP_START_TIMEOUT_SECONDS);
      expect(userData(prod)).toContain(`TimeoutStartSec=${APP_START_TIMEOUT_SECONDS}\n`);
      expect(HEALTH_CHECK_GRACE_SECONDS).toBe(600);
    });

    it('leave the number of instances to the scaling policy once the group exists', () => {
      const group = resources(prod, AutoscalingGroup.tfResourceType).AppAutoScalingGroup;
      expect(group.lifecycle).toEqual({ ignore_changes: ['desired_capacity'] });
    });

    it('scale on CPU at 50 % by default', () => {
      expect(resources(prod, AutoscalingPolicy.tfResourceType).AppScalingPolicy).toMatchObject({
        autoscaling_group_name: '${aws_autoscaling_group.AppAutoScalingGroup.name}',
        policy_type: 'TargetTrackingScaling',
        estimated_instance_warmup: 600,
        target_tracking_configuration: {
          target_value: 50,
          predefined_metric_specification: { predefined_metric_type: 'ASGAverageCPUUtilization' },
        },
      });
    });

    it('scale on requests per instance when asked to, labelled with the load balancer and target group', () => {
      const stack = tierStack('app', {
        app: { scaling: { metric: ScalingMetric.REQUEST_COUNT_PER_TARGET, target: 600 } },
      });
      expect(resources(stack, AutoscalingPolicy.tfResourceType).AppScalingPolicy.target_tracking_configuration).toEqual(
        {
          target_value: 600,
          predefined_metric_specification: {
            predefined_metric_type: 'ALBRequestCountPerTarget',
            resource_label: '${aws_lb.LoadBalancer.arn_suffix}/${aws_lb_target_group.AppTargetGroup.arn_suffix}',
          },
        },
      );
    });
  });

  describe('boot script', () => {
    const script = userData(dev);

    it('installs and starts Docker', () => {
      expect(script).toContain('dnf install -y docker');
      expect(script).toContain('systemctl enable --now docker');
    });

    it('reads the credentials from the RDS-managed secret at every start, with the instance role', () => {
      expect(script).toMatch(
        /aws secretsmanager get-secret-value --region ap-northeast-2 --secret-id '\$\{data\.terraform_remote_state\.cross-stack-reference-input-dev-data\.outputs\.cross-stack-output-aws_db_instanceDatabasemaster_user_secret0secret_arn\}'/,
      );
      expect(script).toContain('ExecStartPre=/opt/app/prepare');
    });

    it('passes the datasource URL (TLS required) as a variable, and the credentials as a read-only config tree on tmpfs', () => {
      expect(script).toMatch(
        /SPRING_DATASOURCE_URL=jdbc:mysql:\/\/\$\{data\.terraform_remote_state\.cross-stack-reference-input-dev-data\.outputs\.[^}]+\}:3306\/app\?sslMode=REQUIRED/,
      );
      expect(script).toContain('SPRING_CONFIG_IMPORT=configtree:/run/secrets/');
      expect(script).toContain(
        '("spring.datasource.username", secret["username"]), ("spring.datasource.password", secret["password"])',
      );
      expect(script).toContain('-v /run/app/secrets:/run/secrets:ro');
      // Nothing of the secret in the container's environment: one env file, of non-secret variables.
      expect(script).toContain('--env-file /opt/app/app.env -v');
      expect(script).not.toContain('secret.env');
      expect(script).not.toMatch(/SPRING_DATASOURCE_(USERNAME|PASSWORD)/);
    });

    it('counts the app as started once it answers its liveness path, within the start timeout', () => {
      expect(script).toContain(
        "until curl -fsS -o /dev/null --max-time 5 'http://127.0.0.1:8080/actuator/health/liveness'; do sleep 2; done",
      );
      expect(script).toContain('ExecStartPost=/opt/app/wait-ready');
    });

    it('logs to CloudWatch without ever blocking the app: non-blocking, with a bounded buffer', () => {
      expect(script).toContain(
        '--log-driver awslogs --log-opt awslogs-region=ap-northeast-2 --log-opt awslogs-group=${aws_cloudwatch_log_group.AppLogGroup.name} --log-opt mode=non-blocking --log-opt max-buffer-size=4m',
      );
    });

    it('restarts the app on a rotated password in its own turn, out of the target group, while the others serve', () => {
      expect(script).toContain('open("/run/app/secret.version", "w")');
      expect(script).toContain("--query '[VersionId,CreatedDate]'");
      // Not while booting: the app reads the current version when it first starts.
      expect(script).toContain('[ -n "$running" ] || exit 0');
      expect(script).toContain('turn=$(( since / 300 ))');
      expect(script).toContain('[ $(( since % 300 )) -lt 240 ] || exit 0');
      expect(script).toMatch(
        /deregister-targets[\s\S]*wait target-deregistered[\s\S]*systemctl restart app\.service[\s\S]*register\n[\s\S]*wait target-in-service/,
      );
      expect(script).toContain('OnUnitActiveSec=60');
      expect(script).toContain('systemctl enable --now app.service app-rotate-credentials.timer');
    });
    it('runs the configured image on the app port, restarting on failure', () => {
      expect(script).toContain(`-p 8080:8080`);
      expect(script).toContain(`'${environments.dev.app.image}'`);
      expect(script).toContain('Restart=on-failure');
    });

    it('logs in to ECR with the instance role for an ECR image, and not for a public one', () => {
      expect(script).toContain(
        'aws ecr get-login-password --region ap-northeast-2 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com',
      );
      expect(userData(tierStack('app', { app: { image: 'ghcr.io/acme/api:1.0.0' } }))).not.toContain('docker login');
    });

    it('holds no secret: the password is fetched on the instance, never written into the template', () => {
      // The one place the password appears is the line that writes it from the secret, on the instance.
      expect(script.match(/secret\["password"\]/g)).toHaveLength(1);
      expect(script).not.toMatch(/PASSWORD/);
      expect(script).toContain('("spring.datasource.password", secret["password"])');
      expect(resources(dev, LaunchTemplate.tfResourceType).AppLaunchTemplate.user_data).toBe(
        '${base64encode(local.app_user_data)}',
      );
    });

    it('quotes the liveness path for the shell, whatever it holds', () => {
      expect(shellQuote("/it's")).toBe("'/it'\\''s'");
    });

    it('escapes Terraform template syntax in literal text, and leaves references alone', () => {
      expect(terraformTemplate`echo ${'${HOME}'} %{x}`).toBe('echo $${HOME} %%{x}');
      expect(escapeTemplateLiterals('a ${TfToken[TOKEN.12]} ${b}')).toBe('a ${TfToken[TOKEN.12]} $${b}');
      expect(
        renderUserData({
          region: 'r',
          image: 'i',
          port: 1,
          secretArn: 's',
          databaseAddress: 'h',
          databasePort: 2,
          databaseName: 'd',
          engine: DatabaseEngine.MYSQL,
          logGroupName: 'g',
          healthCheckPath: '/h',
          targetGroupArn: 't',
          groupName: 'g',
          environment: { GREETING: 'hi ${name}' },
        }),
      ).toContain('GREETING=hi $${name}');
    });

    it('builds JDBC URLs that require TLS for both engines', () => {
      expect(jdbcUrl(DatabaseEngine.POSTGRES, 'db.local', 5432, 'app')).toBe(
        'jdbc:postgresql://db.local:5432/app?sslmode=require',
      );
      expect(jdbcUrl(DatabaseEngine.MYSQL, 'db.local', 3306, 'app')).toBe(
        'jdbc:mysql://db.local:3306/app?sslMode=REQUIRED',
      );
    });
  });

  describe('instance role', () => {
    it("may take the instance out of its own target group and back, and see the others' health", () => {
      const statements = instancePolicy(dev).Statement;
      expect(statements.find((s) => s.Sid === 'LeaveAndRejoinTheTargetGroup')).toMatchObject({
        Action: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
        Resource: ['${aws_lb_target_group.AppTargetGroup.arn}'],
      });
      expect(statements.find((s) => s.Sid === 'SeeWhetherTheOthersServe')).toMatchObject({
        Action: ['elasticloadbalancing:DescribeTargetHealth', 'autoscaling:DescribeAutoScalingGroups'],
        Resource: ['*'],
      });
    });

    it('may read the database secret and nothing more of Secrets Manager', () => {
      const statement = instancePolicy(dev).Statement.find((s) => s.Sid === 'ReadTheDatabaseSecret');
      expect(statement).toEqual({
        Sid: 'ReadTheDatabaseSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [expect.stringContaining('master_user_secret0secret_arn')],
      });
      const secretActions = instancePolicy(dev)
        .Statement.flatMap((s) => s.Action)
        .filter((a) => a.startsWith('secretsmanager:'));
      expect(secretActions).toEqual(['secretsmanager:GetSecretValue']);
    });

    it('may pull from the one ECR repository of the image', () => {
      const pull = instancePolicy(dev).Statement.find((s) => s.Sid === 'PullTheAppImage');
      expect(pull?.Resource).toEqual(['arn:aws:ecr:ap-northeast-2:123456789012:repository/devloop-api']);
    });

    it('reaches Session Manager with a policy of its own instead of AmazonSSMManagedInstanceCore, within the workload boundary', () => {
      expect(resources(dev, 'aws_iam_role_policy_attachment')).toEqual({});
      const sessionManager = JSON.parse(String(resources(dev, 'aws_iam_role_policy').AppSessionManagerPolicy.policy));
      const actions = sessionManager.Statement.flatMap((s: { Action: string[] }) => s.Action);
      expect(actions).toContain('ssm:UpdateInstanceInformation');
      expect(actions.filter((a: string) => a.startsWith('ssm:'))).toEqual(['ssm:UpdateInstanceInformation']);
      expect(
        sessionManager.Statement.find((s: { Sid: string }) => s.Sid === 'StreamSessionsToTheSessionLogGroup').Resource,
      ).toEqual([expect.stringMatching(/cross-stack-output-aws_cloudwatch_log_groupSessionLogGrouparn\}:\*$/)]);
      expect(resources(dev, 'aws_iam_role').AppInstanceRole.permissions_boundary).toMatch(
        /cross-stack-output-aws_iam_policyWorkloadBoundaryarn/,
      );
    });

    it('has no ECR permissions for an image outside ECR', () => {
      const sids = instancePolicy(tierStack('app', { app: { image: 'ghcr.io/acme/api:1.0.0' } })).Statement.map(
        (s) => s.Sid,
      );
      expect(sids).toEqual([
        'ReadTheDatabaseSecret',
        'WriteTheAppLogs',
        'LeaveAndRejoinTheTargetGroup',
        'SeeWhetherTheOthersServe',
      ]);
    });
  });

  describe('egress', () => {
    const egress = (stack: EnvironmentStacks['app']) =>
      Object.keys(resources(stack, 'aws_vpc_security_group_egress_rule')).sort();

    it('without interface endpoints (dev): HTTPS to the internet, through the NAT gateway', () => {
      expect(egress(dev)).toEqual(['AppHttpsToInternet', 'AppToDatabase', 'BastionSshToApp', 'LoadBalancerToApp']);
    });

    it("with them (prod): HTTPS to the endpoints and to S3's prefix list, never to the internet", () => {
      expect(egress(prod)).toEqual([
        'AppHttpsToEndpoints',
        'AppHttpsToS3',
        'AppToDatabase',
        'BastionSshToApp',
        'LoadBalancerToApp',
      ]);
      expect(resources(prod, 'aws_vpc_security_group_egress_rule').AppHttpsToS3).toMatchObject({
        prefix_list_id: expect.stringContaining('cross-stack-output-aws_vpc_endpointS3GatewayEndpointprefix_list_id'),
        from_port: 443,
        to_port: 443,
      });
    });

    it('with them and app.internetEgress: the internet too, for a registry outside ECR', () => {
      expect(
        egress(tierStack('app', { app: { image: 'ghcr.io/acme/api:1.0.0', internetEgress: true } }, 'prod')),
      ).toContain('AppHttpsToInternet');
    });

    it('without a bastion: no SSH to the app instances', () => {
      const none = tierStack('app', {
        access: { mode: AccessMode.SESSION_MANAGER_ONLY, adminCidrs: undefined, sshKey: undefined },
      });
      expect(egress(none)).toEqual(['AppHttpsToInternet', 'AppToDatabase', 'LoadBalancerToApp']);
      expect(Object.keys(resources(none, 'aws_vpc_security_group_ingress_rule'))).not.toContain('AppSshFromBastion');
    });
  });

  describe('web ACL', () => {
    it("protects the production load balancer with AWS's managed rule groups, logging to aws-waf-logs-...", () => {
      const acl = resources(prod, 'aws_wafv2_web_acl').WebAcl;
      expect(acl).toMatchObject({ scope: 'REGIONAL', default_action: { allow: {} } });
      expect(
        (acl.rule as { name: string; statement: unknown; override_action: unknown }[]).map((r) => [
          r.name,
          r.statement,
          r.override_action,
        ]),
      ).toEqual(
        [
          'AWSManagedRulesAmazonIpReputationList',
          'AWSManagedRulesKnownBadInputsRuleSet',
          'AWSManagedRulesCommonRuleSet',
        ].map((name) => [name, { managed_rule_group_statement: { name, vendor_name: 'AWS' } }, { none: {} }]),
      );
      expect(resources(prod, 'aws_wafv2_web_acl_association').WebAclAssociation).toEqual({
        resource_arn: '${aws_lb.LoadBalancer.arn}',
        web_acl_arn: '${aws_wafv2_web_acl.WebAcl.arn}',
      });
      expect(resources(prod, 'aws_cloudwatch_log_group').WebAclLogGroup.name).toBe('aws-waf-logs-devloop-prod-alb');
      expect(resources(prod, 'aws_wafv2_web_acl_logging_configuration').WebAclLogging).toMatchObject({
        log_destination_configs: ['${aws_cloudwatch_log_group.WebAclLogGroup.arn}'],
        redacted_fields: [{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }],
      });
    });

    it('is off in development unless asked for; the load balancer then carries the ELB-WAF waiver', () => {
      expect(resources(dev, 'aws_wafv2_web_acl')).toEqual({});
      // Waivers are written into the JSON by the policy aspect, which runs when a whole environment is synthesized.
      const waived = (name: string) =>
        JSON.stringify(synthEnvironment(name).get(`${name}-app`, 'aws_lb.LoadBalancer')?.config['//'] ?? {});
      expect(waived('dev')).toContain('ELB-WAF');
      expect(waived('prod')).not.toContain('ELB-WAF');
      expect(Object.keys(resources(tierStack('app', { app: { webAcl: true } }), 'aws_wafv2_web_acl'))).toEqual([
        'WebAcl',
      ]);
    });
  });

  it('outputs the load balancer DNS name and the app URL', () => {
    const outputs = synthJson(prod).output ?? {};
    expect(outputs.load_balancer_dns_name.value).toBe('${aws_lb.LoadBalancer.dns_name}');
    expect(outputs.app_url.value).toBe('https://${aws_lb.LoadBalancer.dns_name}');
  });
});
