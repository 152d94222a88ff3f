// The IAM policies of the synthesized stacks, evaluated by an IAM simulator (@cloud-copilot/iam-simulate): who may
// assume the CI roles, what the plan and deploy roles may do to the state and the environment, and what the instance
// roles may do. Each policy is read from the Terraform JSON, with its references replaced by plausible ARNs.
import { environments } from '../../src/config/environments';
import { resolveEnvironment } from '../../src/config/resolve';
import type { EnvironmentJson } from '../../src/policy/terraform-json';
import { settingsWith } from '../helpers/config';
import {
  ACCOUNT,
  assumable,
  decide,
  policyOf,
  resolveReferences,
  type Claims,
  type Principal,
  type Request,
} from '../helpers/iam';
import { synthEnvironment } from '../helpers/synth';

const NAME = 'dev';
// dev as shipped, with its break-glass role in the account the simulation puts everything in.
const settings = settingsWith(
  { backend: { breakGlassRoleArn: `arn:aws:iam::${ACCOUNT}:role/devloop-dev-state-break-glass` } },
  environments[NAME],
);
const config = resolveEnvironment(NAME, settings);
const region = config.context.region;
const repository = config.ci.repository;
const { bucket, keyPrefix, breakGlassRoleArn } = config.context.backend;
const env: EnvironmentJson = synthEnvironment(NAME, settings);

const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const session = (name: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/ci-1`;
const policy = (stack: string, address: string, attribute = 'policy') =>
  policyOf(env, `${NAME}-${stack}`, address, attribute, region);
const providerArn = resolveReferences(
  '${aws_iam_openid_connect_provider.GitHubOidcProvider.arn}',
  env,
  `${NAME}-ci`,
  region,
);
const boundary = policy('ci', 'aws_iam_policy.WorkloadBoundary');

// ---- CI trust --------------------------------------------------------------------------------------------------------

const workflow = (repo: string, ref: string) => `${repo}/.github/workflows/infrastructure.yml@${ref}`;
/** The IDs GitHub puts in every token of the repository. */
const ids = { repository_id: config.ci.repositoryId, repository_owner_id: config.ci.repositoryOwnerId };

/** The token of the deploy job: the infrastructure workflow on main, in the GitHub environment `dev`. */
const deployToken: Claims = {
  aud: 'sts.amazonaws.com',
  ...ids,
  sub: `repo:${repository}:environment:${NAME}`,
  repository,
  environment: NAME,
  ref: 'refs/heads/main',
  job_workflow_ref: workflow(repository, 'refs/heads/main'),
};

/** The token of a pull request's plan job (refs/pull/<n>/merge). */
const pullRequestToken: Claims = {
  aud: 'sts.amazonaws.com',
  ...ids,
  sub: `repo:${repository}:pull_request`,
  repository,
  ref: 'refs/pull/7/merge',
  job_workflow_ref: workflow(repository, 'refs/pull/7/merge'),
};

/** A fork of the repository: same name, another owner; its own runs carry its own name. */
const fork = `someone-else/${repository.split('/')[1]}`;
const inRepository = (token: Claims, repo: string): Claims => ({
  ...token,
  sub: token.sub.replace(repository, repo),
  repository: repo,
  job_workflow_ref: token.job_workflow_ref.replace(repository, repo),
});

describe('the deploy role trusts the infrastructure workflow of the protected branch, in its environment, only', () => {
  const trust = policy('ci', 'aws_iam_role.DeployRole', 'assume_role_policy');
  const assume = (claims: Claims) => assumable(trust, role(`devloop-${NAME}-ci-deploy`), providerArn, claims);

  it('accepts the deploy job', async () => {
    expect(await assume(deployToken)).toBe('Allowed');
  });

  it.each([
    [
      'another branch, in the same environment',
      { ...deployToken, ref: 'refs/heads/feature', job_workflow_ref: workflow(repository, 'refs/heads/feature') },
    ],
    ['another repository', inRepository(deployToken, 'acme/other')],
    ['a fork', inRepository(deployToken, fork)],
    ['a pull request', pullRequestToken],
    [
      'a pull request that names the environment',
      { ...pullRequestToken, sub: `repo:${repository}:environment:${NAME}`, environment: NAME },
    ],
    ['another environment (prod)', { ...deployToken, sub: `repo:${repository}:environment:prod`, environment: 'prod' }],
    [
      'another workflow file on the protected branch',
      { ...deployToken, job_workflow_ref: `${repository}/.github/workflows/release.yml@refs/heads/main` },
    ],
    [
      'a tag named like the branch',
      { ...deployToken, ref: 'refs/tags/main', job_workflow_ref: workflow(repository, 'refs/tags/main') },
    ],
    ['another audience', { ...deployToken, aud: 'https://github.com/acme' }],
    [
      'a repository re-created under the same name (another repository_id)',
      { ...deployToken, repository_id: '999999999' },
    ],
    [
      'the same name under an owner who took it over (another repository_owner_id)',
      { ...deployToken, repository_owner_id: '999999998' },
    ],
  ])('refuses a token of %s', async (_, claims) => {
    expect(await assume(claims)).toBe('ImplicitlyDenied');
  });
});

describe("the plan role trusts the repository's own pull requests, and the plan before a deploy", () => {
  const trust = policy('ci', 'aws_iam_role.PlanRole', 'assume_role_policy');
  const assume = (claims: Claims) => assumable(trust, role(`devloop-${NAME}-ci-plan`), providerArn, claims);
  const pushToken: Claims = {
    aud: 'sts.amazonaws.com',
    ...ids,
    sub: `repo:${repository}:ref:refs/heads/main`,
    repository,
    ref: 'refs/heads/main',
    job_workflow_ref: workflow(repository, 'refs/heads/main'),
  };

  it('accepts a pull request of the repository, and a push to the protected branch', async () => {
    expect(await assume(pullRequestToken)).toBe('Allowed');
    expect(await assume(pushToken)).toBe('Allowed');
  });

  it.each([
    ['a pull request of another repository', inRepository(pullRequestToken, 'acme/other')],
    ["a fork's own run", inRepository(pullRequestToken, fork)],
    [
      'a push to another branch',
      {
        ...pushToken,
        sub: `repo:${repository}:ref:refs/heads/feature`,
        ref: 'refs/heads/feature',
        job_workflow_ref: workflow(repository, 'refs/heads/feature'),
      },
    ],
    [
      'another workflow of a pull request',
      { ...pullRequestToken, job_workflow_ref: `${repository}/.github/workflows/lint.yml@refs/pull/7/merge` },
    ],
    ['a pull request of a re-created repository of the same name', { ...pullRequestToken, repository_id: '999999999' }],
  ])('refuses %s', async (_, claims) => {
    expect(await assume(claims)).toBe('ImplicitlyDenied');
  });

  it("production's plan role refuses pull requests (their own copy of the workflow could read prod's state), and accepts the plan before a deploy", async () => {
    const prodSettings = settingsWith(
      { backend: { breakGlassRoleArn: `arn:aws:iam::${ACCOUNT}:role/devloop-prod-state-break-glass` } },
      environments.prod,
    );
    const prodEnv = synthEnvironment('prod', prodSettings);
    const prodTrust = policyOf(prodEnv, 'prod-ci', 'aws_iam_role.PlanRole', 'assume_role_policy', region);
    const prodAssume = (claims: Claims) => assumable(prodTrust, role('devloop-prod-ci-plan'), providerArn, claims);
    expect(await prodAssume(pullRequestToken)).toBe('ImplicitlyDenied');
    expect(await prodAssume(pushToken)).toBe('Allowed');
  });
});

// ---- CI permissions --------------------------------------------------------------------------------------------------

const stateObject = (tier: string, suffix = '') => `arn:aws:s3:::${bucket}/${keyPrefix}/${tier}.tfstate${suffix}`;
// The ARN the helper gives every aws_kms_key.
const stateKeyArn = resolveReferences(
  '${aws_kms_key.StateKey.arn}',
  env,
  `${NAME}-state`,
  config.context.backend.region,
);
const stateKeyAlias = { 'kms:ResourceAliases': [`alias/devloop-${NAME}-tfstate`] };
const inRegion = (r = region) => ({ 'aws:RequestedRegion': r });
const bucketPolicy = policy('state', 'aws_s3_bucket_policy.StateBucketPolicy');
const stateKeyPolicy = policy('state', 'aws_kms_key.StateKey');
/** The resource policy AWS evaluates with a request: the bucket's for the state bucket, the key's for the state key. */
const resourcePolicyOf = (request: Request) =>
  request.resource.startsWith(`arn:aws:s3:::${bucket}`)
    ? bucketPolicy
    : request.resource === stateKeyArn
      ? stateKeyPolicy
      : undefined;
const secretArn = resolveReferences(
  '${aws_db_instance.Database.master_user_secret[0].secret_arn}',
  env,
  `${NAME}-data`,
  region,
);

describe('the plan role reads, and only reads', () => {
  const plan: Principal = {
    arn: session(`devloop-${NAME}-ci-plan`),
    roleArn: role(`devloop-${NAME}-ci-plan`),
    identityPolicies: [policy('ci', 'aws_iam_role_policy.PlanRolePolicy')],
  };
  const may = (request: Request) => decide(plan, request, resourcePolicyOf(request));

  it.each<[string, Request]>([
    ['read the state of a stack', { action: 's3:GetObject', resource: stateObject('network') }],
    ['list the state bucket', { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}` }],
    ['decrypt with the state key', { action: 'kms:Decrypt', resource: stateKeyArn, context: stateKeyAlias }],
    [
      "describe the VPCs of the environment's region",
      { action: 'ec2:DescribeVpcs', resource: '*', context: inRegion() },
    ],
    ['read a role of the environment', { action: 'iam:GetRole', resource: role(`devloop-${NAME}-app`) }],
    [
      "read the deploy role's policies (planning the CI stack)",
      { action: 'iam:GetPolicyVersion', resource: `arn:aws:iam::${ACCOUNT}:policy/devloop-${NAME}-ci-deploy-state` },
    ],
  ])('may %s', async (_, request) => {
    expect(await may(request)).toBe('Allowed');
  });

  it.each<[string, Request]>([
    ['write state', { action: 's3:PutObject', resource: stateObject('network') }],
    [
      'take the state lock (pull request plans run with -lock=false)',
      { action: 's3:PutObject', resource: stateObject('network', '.tflock') },
    ],
    ['delete a state version', { action: 's3:DeleteObjectVersion', resource: stateObject('network') }],
    [
      'decrypt with another key',
      { action: 'kms:Decrypt', resource: stateKeyArn, context: { 'kms:ResourceAliases': ['alias/other'] } },
    ],
    ['read the database password', { action: 'secretsmanager:GetSecretValue', resource: secretArn }],
    ['describe another region', { action: 'ec2:DescribeVpcs', resource: '*', context: inRegion('us-east-1') }],
    ['create a role', { action: 'iam:CreateRole', resource: role(`devloop-${NAME}-x`) }],
    [
      'read log events',
      {
        action: 'logs:GetLogEvents',
        resource: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/devloop/${NAME}/app:log-stream:i-1`,
      },
    ],
  ])('may not %s', async (_, request) => {
    expect(await may(request)).not.toBe('Allowed');
  });
});

describe("the deploy role changes the environment, not the state's history nor its own identity", () => {
  const deployPolicies = ['state', 'network', 'services', 'identity'].map((part) =>
    policy('ci', `aws_iam_policy.DeployPolicy_${part}`),
  );
  const deploy: Principal = {
    arn: session(`devloop-${NAME}-ci-deploy`),
    roleArn: role(`devloop-${NAME}-ci-deploy`),
    identityPolicies: deployPolicies,
  };
  const may = (request: Request) => decide(deploy, request, resourcePolicyOf(request));
  const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/devloop-${NAME}-workload-boundary`;

  it.each<[string, Request]>([
    ['write the state of a stack it deploys', { action: 's3:PutObject', resource: stateObject('app') }],
    ['take and release its lock', { action: 's3:PutObject', resource: stateObject('app', '.tflock') }],
    ['release the lock (a delete marker)', { action: 's3:DeleteObject', resource: stateObject('app', '.tflock') }],
    ["read the upstream stacks' state", { action: 's3:GetObject', resource: stateObject('ci') }],
    ['encrypt with the state key', { action: 'kms:GenerateDataKey', resource: stateKeyArn, context: stateKeyAlias }],
    [
      "create a VPC in the environment's region",
      {
        action: 'ec2:CreateVpc',
        resource: `arn:aws:ec2:${region}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`,
        context: inRegion(),
      },
    ],
    [
      'create a role of the environment with the workload boundary',
      {
        action: 'iam:CreateRole',
        resource: role(`devloop-${NAME}-app`),
        context: { 'iam:PermissionsBoundary': boundaryArn },
      },
    ],
    [
      'create the alert topic',
      {
        action: 'sns:CreateTopic',
        resource: `arn:aws:sns:${region}:${ACCOUNT}:devloop-${NAME}-alerts`,
        context: inRegion(),
      },
    ],
    [
      'create an alarm',
      {
        action: 'cloudwatch:PutMetricAlarm',
        resource: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:devloop-${NAME}-app-5xx-rate`,
        context: inRegion(),
      },
    ],
    [
      "subscribe the alert topic to the database's events",
      {
        action: 'rds:CreateEventSubscription',
        resource: `arn:aws:rds:${region}:${ACCOUNT}:es:devloop-${NAME}-db-events`,
        context: inRegion(),
      },
    ],
    [
      'create the rule for failed refreshes',
      {
        action: 'events:PutRule',
        resource: `arn:aws:events:${region}:${ACCOUNT}:rule/devloop-${NAME}-refresh-failed`,
        context: inRegion(),
      },
    ],
    [
      'pass a role of the environment to EC2',
      {
        action: 'iam:PassRole',
        resource: role(`devloop-${NAME}-app`),
        context: { 'iam:PassedToService': 'ec2.amazonaws.com' },
      },
    ],
  ])('may %s', async (_, request) => {
    expect(await may(request)).toBe('Allowed');
  });

  it.each<[string, Request]>([
    ['delete a state version', { action: 's3:DeleteObjectVersion', resource: stateObject('network') }],
    [
      'suspend versioning of the state bucket',
      { action: 's3:PutBucketVersioning', resource: `arn:aws:s3:::${bucket}` },
    ],
    [
      "shorten the state's history (lifecycle)",
      { action: 's3:PutLifecycleConfiguration', resource: `arn:aws:s3:::${bucket}` },
    ],
    ['replace the bucket policy', { action: 's3:PutBucketPolicy', resource: `arn:aws:s3:::${bucket}` }],
    [
      "schedule the state key's deletion",
      { action: 'kms:ScheduleKeyDeletion', resource: stateKeyArn, context: { ...stateKeyAlias, ...inRegion() } },
    ],
  ])('is explicitly denied to %s', async (_, request) => {
    expect(await may(request)).toBe('ExplicitlyDenied');
  });

  it.each<[string, Request]>([
    ["write the state stack's state", { action: 's3:PutObject', resource: stateObject('state') }],
    ["write the CI stack's state", { action: 's3:PutObject', resource: stateObject('ci') }],
    [
      'create a role without the workload boundary',
      { action: 'iam:CreateRole', resource: role(`devloop-${NAME}-app`) },
    ],
    [
      'create a role outside the environment',
      { action: 'iam:CreateRole', resource: role('admin'), context: { 'iam:PermissionsBoundary': boundaryArn } },
    ],
    [
      'pass a role to another service',
      {
        action: 'iam:PassRole',
        resource: role(`devloop-${NAME}-app`),
        context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
      },
    ],
    ['read the database password', { action: 'secretsmanager:GetSecretValue', resource: secretArn }],
    [
      'create a VPC in another region',
      {
        action: 'ec2:CreateVpc',
        resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/vpc-0123456789abcdef0`,
        context: inRegion('us-east-1'),
      },
    ],
  ])('may not %s', async (_, request) => {
    expect(await may(request)).not.toBe('Allowed');
  });

  it.each<[string, Request]>([
    [
      'widen its own policies',
      {
        action: 'iam:PutRolePolicy',
        resource: role(`devloop-${NAME}-ci-deploy`),
        context: { 'iam:PermissionsBoundary': boundaryArn },
      },
    ],
    [
      'change its own trust',
      {
        action: 'iam:UpdateAssumeRolePolicy',
        resource: role(`devloop-${NAME}-ci-deploy`),
        context: { 'iam:PermissionsBoundary': boundaryArn },
      },
    ],
    [
      'change the plan role',
      {
        action: 'iam:AttachRolePolicy',
        resource: role(`devloop-${NAME}-ci-plan`),
        context: { 'iam:PermissionsBoundary': boundaryArn },
      },
    ],
    ['rewrite the workload boundary', { action: 'iam:CreatePolicyVersion', resource: boundaryArn }],
    ["lift a role's boundary", { action: 'iam:DeleteRolePermissionsBoundary', resource: role(`devloop-${NAME}-app`) }],
  ])('is explicitly denied to %s', async (_, request) => {
    expect(await may(request)).toBe('ExplicitlyDenied');
  });
});

describe('the state bucket policy', () => {
  // Principals whose own policies allow everything: only the bucket policy stands between them and the state.
  const administrator = (name: string): Principal => ({
    arn: session(name),
    roleArn: role(name),
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
  });
  const breakGlass: Principal = {
    ...administrator('x'),
    arn: `${breakGlassRoleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/incident`,
    roleArn: breakGlassRoleArn,
  };

  it.each(['s3:DeleteObjectVersion', 's3:PutBucketVersioning', 's3:PutLifecycleConfiguration', 's3:PutBucketPolicy'])(
    'denies %s to an administrator, and allows it to the break-glass role',
    async (action) => {
      const resource = action === 's3:DeleteObjectVersion' ? stateObject('network') : `arn:aws:s3:::${bucket}`;
      expect(await decide(administrator('OrganizationAccountAccessRole'), { action, resource }, bucketPolicy)).toBe(
        'ExplicitlyDenied',
      );
      expect(await decide(breakGlass, { action, resource }, bucketPolicy)).toBe('Allowed');
    },
  );

  it("denies every request without TLS, the break-glass role's too", async () => {
    expect(
      await decide(
        breakGlass,
        { action: 's3:GetObject', resource: stateObject('network'), context: { 'aws:SecureTransport': 'false' } },
        bucketPolicy,
      ),
    ).toBe('ExplicitlyDenied');
  });
});

// ---- Instance roles --------------------------------------------------------------------------------------------------

const instance = `arn:aws:ec2:${region}:${ACCOUNT}:instance/i-0123456789abcdef0`;
const sessionKeyArn = `arn:aws:kms:${region}:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
const sessionKeyPolicy = policy('access', 'aws_kms_key.SessionLogKey');
const sessionLogs = `arn:aws:logs:${region}:${ACCOUNT}:log-group:/devloop/session-manager`;
const image = config.app.image.ecr!;
const sessionManagerNeeds: [string, Request][] = [
  ['register with Systems Manager', { action: 'ssm:UpdateInstanceInformation', resource: instance }],
  ['open the session channels', { action: 'ssmmessages:CreateControlChannel', resource: '*' }],
  ['open the session data channel', { action: 'ssmmessages:OpenDataChannel', resource: '*' }],
  ["poll the agent's messages", { action: 'ec2messages:GetMessages', resource: '*' }],
  [
    'decrypt session data with the session key',
    {
      action: 'kms:Decrypt',
      resource: sessionKeyArn,
      context: { 'kms:ResourceAliases': ['alias/devloop-session-manager'] },
    },
  ],
  [
    'stream a session to the session log group',
    { action: 'logs:PutLogEvents', resource: `${sessionLogs}:log-stream:admin-0123` },
  ],
  [
    'create its session log stream',
    { action: 'logs:CreateLogStream', resource: `${sessionLogs}:log-stream:admin-0123` },
  ],
  ['check that the session log group is encrypted', { action: 'logs:DescribeLogGroups', resource: '*' }],
];
const neverNeeded: [string, Request][] = [
  [
    'read a parameter of its environment',
    { action: 'ssm:GetParameter', resource: `arn:aws:ssm:${region}:${ACCOUNT}:parameter/devloop/${NAME}/anything` },
  ],
  [
    'read a parameter elsewhere',
    { action: 'ssm:GetParameters', resource: `arn:aws:ssm:${region}:${ACCOUNT}:parameter/other/secret` },
  ],
  ['run a command on another instance', { action: 'ssm:SendCommand', resource: instance }],
  ['read an S3 object', { action: 's3:GetObject', resource: 'arn:aws:s3:::devloop-data/report.csv' }],
  ['read the state', { action: 's3:GetObject', resource: stateObject('data') }],
  ['create a role', { action: 'iam:CreateRole', resource: role('escalate') }],
  ['pass a role', { action: 'iam:PassRole', resource: role(`devloop-${NAME}-app`) }],
  [
    'write the flow logs',
    {
      action: 'logs:PutLogEvents',
      resource: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/devloop/${NAME}/vpc-flow-logs:log-stream:x`,
    },
  ],
  ['decrypt with the state key', { action: 'kms:Decrypt', resource: stateKeyArn, context: stateKeyAlias }],
];
/** A key's request is evaluated with its key policy, as KMS does. */
const keyPolicyOf = (request: Request) =>
  request.resource === sessionKeyArn ? sessionKeyPolicy : request.resource === stateKeyArn ? stateKeyPolicy : undefined;

describe('the app instances may do what their boot and Session Manager need, and nothing else', () => {
  const app: Principal = {
    arn: session(`devloop-${NAME}-app`),
    roleArn: role(`devloop-${NAME}-app`),
    identityPolicies: [
      policy('app', 'aws_iam_role_policy.AppInstancePolicy'),
      policy('app', 'aws_iam_role_policy.AppSessionManagerPolicy'),
    ],
    boundary,
  };
  const repository = (name: string) => `arn:aws:ecr:${image.region}:${image.accountId}:repository/${name}`;
  const targetGroup = env.get(`${NAME}-app`, 'aws_lb_target_group.AppTargetGroup')?.config ?? {};
  const appTargetGroup = `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:targetgroup/${String(targetGroup.name_prefix)}0123456789abcdef/0123456789abcdef`;

  it.each<[string, Request]>([
    ['read its database secret', { action: 'secretsmanager:GetSecretValue', resource: secretArn }],
    [
      'write its log group',
      {
        action: 'logs:PutLogEvents',
        resource: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/devloop/${NAME}/app:log-stream:i-0123`,
      },
    ],
    ['log in to ECR', { action: 'ecr:GetAuthorizationToken', resource: '*' }],
    ['pull its image', { action: 'ecr:BatchGetImage', resource: repository(image.repositoryName) }],
    ["pull its image's layers", { action: 'ecr:GetDownloadUrlForLayer', resource: repository(image.repositoryName) }],
    [
      'leave its target group for a credential restart',
      { action: 'elasticloadbalancing:DeregisterTargets', resource: appTargetGroup },
    ],
    ['rejoin its target group', { action: 'elasticloadbalancing:RegisterTargets', resource: appTargetGroup }],
    ['see whether the others serve', { action: 'elasticloadbalancing:DescribeTargetHealth', resource: '*' }],
    ['rank itself in its group', { action: 'autoscaling:DescribeAutoScalingGroups', resource: '*' }],
    ...sessionManagerNeeds,
  ])('may %s', async (_, request) => {
    expect(await decide(app, request, keyPolicyOf(request))).toBe('Allowed');
  });

  it.each<[string, Request]>([
    [
      'read another secret',
      {
        action: 'secretsmanager:GetSecretValue',
        resource: `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:prod/api-key-AbCdEf`,
      },
    ],
    ['pull from another ECR repository', { action: 'ecr:BatchGetImage', resource: repository('another-app') }],
    ['push to its own repository', { action: 'ecr:PutImage', resource: repository(image.repositoryName) }],
    [
      "take another target group's targets out",
      {
        action: 'elasticloadbalancing:DeregisterTargets',
        resource: `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:targetgroup/other/0123456789abcdef`,
      },
    ],
    ...neverNeeded,
  ])('may not %s', async (_, request) => {
    expect(await decide(app, request, keyPolicyOf(request))).not.toBe('Allowed');
  });
});

describe('the bastion may do what Session Manager needs, and nothing else', () => {
  const bastion: Principal = {
    arn: session(`devloop-${NAME}-bastion`),
    roleArn: role(`devloop-${NAME}-bastion`),
    identityPolicies: [policy('access', 'aws_iam_role_policy.BastionSessionManagerPolicy')],
    boundary,
  };

  it.each(sessionManagerNeeds)('may %s', async (_, request) => {
    expect(await decide(bastion, request, keyPolicyOf(request))).toBe('Allowed');
  });

  it.each<[string, Request]>([
    ['read the database secret', { action: 'secretsmanager:GetSecretValue', resource: secretArn }],
    [
      'pull images',
      { action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:${region}:${ACCOUNT}:repository/${image.repositoryName}` },
    ],
    ['log in to ECR', { action: 'ecr:GetAuthorizationToken', resource: '*' }],
    ...neverNeeded,
  ])('may not %s', async (_, request) => {
    expect(await decide(bastion, request, keyPolicyOf(request))).not.toBe('Allowed');
  });
});

describe('the workload boundary caps any role the deploy role creates', () => {
  const escalated: Principal = {
    arn: session(`devloop-${NAME}-app`),
    roleArn: role(`devloop-${NAME}-app`),
    // What a compromised pipeline could write into a role it manages.
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
    boundary,
  };

  it.each<[string, Request]>([
    ['create a user', { action: 'iam:CreateUser', resource: `arn:aws:iam::${ACCOUNT}:user/backdoor` }],
    [
      'read another secret',
      {
        action: 'secretsmanager:GetSecretValue',
        resource: `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:prod/api-key-AbCdEf`,
      },
    ],
    ['read S3', { action: 's3:GetObject', resource: 'arn:aws:s3:::any-bucket/any' }],
    [
      'run instances',
      { action: 'ec2:RunInstances', resource: `arn:aws:ec2:${region}:${ACCOUNT}:instance/i-0fedcba9876543210` },
    ],
  ])('a role granted "*" still may not %s', async (_, request) => {
    expect(await decide(escalated, request)).toBe('ImplicitlyDenied');
  });
});
