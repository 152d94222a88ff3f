// The production deploy role cannot destroy the data or its audit trail (issue "every call a deploy makes"):
// simulated against the synthesized prod policies and key policies with @cloud-copilot/iam-simulate. The
// break-glass role, an administrator, is let through by the key policies; the deploy role is stopped by its own
// policies and by the key policies alike. dev's disposable data stays the deploy role's to destroy.
import { environments } from '../../src/config/environments';
import type { EnvironmentJson } from '../../src/policy/terraform-json';
import { settingsWith } from '../helpers/config';
import { ACCOUNT, decide, policyOf, resolveReferences, type Principal, type Request } from '../helpers/iam';
import { synthEnvironment } from '../helpers/synth';

const REGION = 'ap-northeast-2';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const session = (name: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/ci-1`;

function synthesized(name: 'dev' | 'prod') {
  const settings = settingsWith(
    { backend: { breakGlassRoleArn: role(`devloop-${name}-state-break-glass`) } },
    environments[name],
  );
  const env: EnvironmentJson = synthEnvironment(name, settings);
  const policy = (stack: string, address: string) => policyOf(env, `${name}-${stack}`, address, 'policy', REGION);
  const parts = Object.keys(env.stacks[`${name}-ci`].resource?.aws_iam_policy ?? {}).filter((id) =>
    id.startsWith('DeployPolicy_'),
  );
  const deploy: Principal = {
    arn: session(`devloop-${name}-ci-deploy`),
    roleArn: role(`devloop-${name}-ci-deploy`),
    identityPolicies: parts.map((part) => policy('ci', `aws_iam_policy.${part}`)),
  };
  const breakGlass: Principal = {
    arn: session(`devloop-${name}-state-break-glass`),
    roleArn: role(`devloop-${name}-state-break-glass`),
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
  };
  const keyArn = (stack: string, id: string) =>
    resolveReferences(`\${aws_kms_key.${id}.arn}`, env, `${name}-${stack}`, REGION);
  return { env, policy, deploy, breakGlass, parts, keyArn };
}

const prod = synthesized('prod');
const dev = synthesized('dev');
const inRegion = { 'aws:RequestedRegion': REGION };
const aliases = (alias: string) => ({ ...inRegion, 'kms:ResourceAliases': [alias] });
const db = `arn:aws:rds:${REGION}:${ACCOUNT}:db:devloop-prod-db`;
const sessionLogs = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/devloop/session-manager`;
const sessionDocument = `arn:aws:ssm:${REGION}:${ACCOUNT}:document/SSM-SessionManagerRunShell`;
const storageKey = prod.keyArn('data', 'DatabaseKey');
const sessionKey = prod.keyArn('access', 'SessionLogKey');
const keyPolicies: Record<string, object> = {
  [storageKey]: prod.policy('data', 'aws_kms_key.DatabaseKey'),
  [sessionKey]: prod.policy('access', 'aws_kms_key.SessionLogKey'),
};

describe('the production deploy role cannot destroy the data or its audit trail', () => {
  it('carries the guards as a policy of their own, which dev (disposable data) has not', () => {
    expect(prod.parts).toContain('DeployPolicy_guards');
    expect(dev.parts).not.toContain('DeployPolicy_guards');
  });

  it.each<[string, Request]>([
    ['delete the database', { action: 'rds:DeleteDBInstance', resource: db, context: inRegion }],
    [
      'delete the database under another name (after a rename)',
      { action: 'rds:DeleteDBInstance', resource: `arn:aws:rds:${REGION}:${ACCOUNT}:db:renamed`, context: inRegion },
    ],
    [
      'delete a snapshot',
      {
        action: 'rds:DeleteDBSnapshot',
        resource: `arn:aws:rds:${REGION}:${ACCOUNT}:snapshot:devloop-prod-db-final`,
        context: inRegion,
      },
    ],
    [
      'delete automated backups',
      {
        action: 'rds:DeleteDBInstanceAutomatedBackup',
        resource: `arn:aws:rds:${REGION}:${ACCOUNT}:auto-backup:ab-0123456789abcdefghijklmnopqrstu01234567`,
        context: inRegion,
      },
    ],
    [
      "schedule the storage key's deletion",
      { action: 'kms:ScheduleKeyDeletion', resource: storageKey, context: aliases('alias/devloop-prod-db-storage') },
    ],
    [
      "rewrite the storage key's policy",
      { action: 'kms:PutKeyPolicy', resource: storageKey, context: aliases('alias/devloop-prod-db-storage') },
    ],
    [
      'disable the session key',
      { action: 'kms:DisableKey', resource: sessionKey, context: aliases('alias/devloop-session-manager') },
    ],
    [
      "re-point the storage key's alias (to delete the key without it)",
      { action: 'kms:UpdateAlias', resource: storageKey, context: aliases('alias/devloop-prod-db-storage') },
    ],
    ['delete the session logs', { action: 'logs:DeleteLogGroup', resource: sessionLogs }],
    ['delete a session log stream', { action: 'logs:DeleteLogStream', resource: `${sessionLogs}:log-stream:admin-1` }],
    ['rewrite the session preferences', { action: 'ssm:UpdateDocument', resource: sessionDocument }],
    ['delete the session preferences', { action: 'ssm:DeleteDocument', resource: sessionDocument }],
    [
      "change the break-glass role's trust",
      { action: 'iam:UpdateAssumeRolePolicy', resource: role('devloop-prod-state-break-glass') },
    ],
    [
      'attach a policy to the break-glass role',
      {
        action: 'iam:AttachRolePolicy',
        resource: role('devloop-prod-state-break-glass'),
        context: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/devloop-prod-workload-boundary` },
      },
    ],
  ])('is explicitly denied to %s', async (_, request) => {
    expect(await decide(prod.deploy, request, keyPolicies[request.resource])).toBe('ExplicitlyDenied');
  });

  it.each<[string, Request]>([
    ["schedule the storage key's deletion", { action: 'kms:ScheduleKeyDeletion', resource: storageKey }],
    ["rewrite the session key's policy", { action: 'kms:PutKeyPolicy', resource: sessionKey }],
  ])('the key policy alone denies an administrator to %s, and lets the break-glass role', async (_, request) => {
    const administrator: Principal = { ...prod.breakGlass, arn: session('Admin'), roleArn: role('Admin') };
    const context = {
      ...inRegion,
      'kms:ResourceAliases': [request.resource === storageKey ? 'alias/devloop-prod-db-storage' : 'alias/x'],
    };
    expect(await decide(administrator, { ...request, context }, keyPolicies[request.resource])).toBe(
      'ExplicitlyDenied',
    );
    expect(await decide(prod.breakGlass, { ...request, context }, keyPolicies[request.resource])).toBe('Allowed');
  });

  it.each<[string, Request]>([
    ['tag its roles', { action: 'iam:TagRole', resource: role('devloop-prod-app') }],
    ['untag its roles', { action: 'iam:UntagRole', resource: role('devloop-prod-app') }],
    ['change the database (a day-2 change)', { action: 'rds:ModifyDBInstance', resource: db, context: inRegion }],
    ['snapshot the database', { action: 'rds:CreateDBSnapshot', resource: db, context: inRegion }],
    [
      'use the storage key for RDS',
      {
        action: 'kms:CreateGrant',
        resource: storageKey,
        context: { ...aliases('alias/devloop-prod-db-storage'), 'kms:GrantIsForAWSResource': 'true' },
      },
    ],
  ])('may still %s', async (_, request) => {
    expect(await decide(prod.deploy, request, keyPolicies[request.resource])).toBe('Allowed');
  });

  it('dev: the deploy role may still destroy the disposable database and its key', async () => {
    const devKey = dev.keyArn('data', 'DatabaseKey');
    expect(
      await decide(dev.deploy, {
        action: 'rds:DeleteDBInstance',
        resource: `arn:aws:rds:${REGION}:${ACCOUNT}:db:devloop-dev-db`,
        context: inRegion,
      }),
    ).toBe('Allowed');
    // AWS's default key policy: the account's IAM policies decide.
    const defaultKeyPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      ],
    };
    expect(
      await decide(
        dev.deploy,
        { action: 'kms:ScheduleKeyDeletion', resource: devKey, context: aliases('alias/devloop-dev-db-storage') },
        defaultKeyPolicy,
      ),
    ).toBe('Allowed');
  });
});

describe('service roles trust their service only on behalf of this account (confused deputy)', () => {
  it.each([
    [
      'network',
      'aws_iam_role.FlowLogRole',
      'vpc-flow-logs.amazonaws.com',
      `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/*`,
    ],
    [
      'data',
      'aws_iam_role.DatabaseMonitoringRole',
      'monitoring.rds.amazonaws.com',
      `arn:aws:rds:${REGION}:${ACCOUNT}:db:devloop-prod-db`,
    ],
  ])('%s %s', (stack, address, service, sourceArn) => {
    const trust = policyOf(prod.env, `prod-${stack}`, address, 'assume_role_policy', REGION) as {
      Statement: { Principal: unknown; Condition: unknown }[];
    };
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: service },
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': sourceArn } },
      }),
    ]);
  });
});
