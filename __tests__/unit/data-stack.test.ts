// DataStack: RDS in the private subnets, encrypted, TLS enforced, its password kept by RDS, protected in prod.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { EnvironmentStacks } from '../../src/app';
import { environments } from '../../src/config/environments';
import { DatabaseEngine, EnvironmentLifecycle } from '../../src/config/settings';
import { supportsPerformanceInsights } from '../../src/stacks/data/data-stack';
import { settingsWith } from '../helpers/config';
import { resources, synth, synthEnvironment, synthJson, tierStack } from '../helpers/synth';

function database(stack: EnvironmentStacks['data']): Record<string, unknown> {
  return resources(stack, DbInstance.tfResourceType).Database;
}

describe('DataStack', () => {
  const dev = tierStack('data');
  const prod = tierStack('data', {}, 'prod');

  it('places the database in a subnet group over both private subnets', () => {
    expect(synth(dev)).toHaveResourceWithProperties(DbSubnetGroup, {
      subnet_ids: [
        expect.stringContaining('cross-stack-output-aws_subnetPrivateSubnetAid'),
        expect.stringContaining('cross-stack-output-aws_subnetPrivateSubnetBid'),
      ],
    });
  });

  it('runs MySQL 8.4 on db.t3.micro by default, encrypted, not public', () => {
    expect(database(dev)).toMatchObject({
      engine: 'mysql',
      engine_version: '8.4',
      instance_class: 'db.t3.micro',
      storage_encrypted: true,
      publicly_accessible: false,
      port: 3306,
    });
  });

  it('lets RDS keep the master password in Secrets Manager: no password anywhere in the configuration', () => {
    const instance = database(dev);
    expect(instance.manage_master_user_password).toBe(true);
    expect(instance.password).toBeUndefined();
    expect(JSON.stringify(synthJson(dev))).not.toMatch(/"password"\s*:/);
  });

  it('keeps 7 days of backups, upgrades minor versions, copies tags to snapshots, exports logs', () => {
    expect(database(dev)).toMatchObject({
      backup_retention_period: 7,
      auto_minor_version_upgrade: true,
      copy_tags_to_snapshot: true,
      enabled_cloudwatch_logs_exports: ['error', 'slowquery'],
    });
  });

  it('samples Enhanced Monitoring every 60 seconds, or as often as database.monitoringIntervalSeconds says', () => {
    expect(database(dev).monitoring_interval).toBe(60);
    // Synthesized as `cdktf synth` does: the policy pack passes at the shortest interval too.
    const env = synthEnvironment('dev', settingsWith({ database: { monitoringIntervalSeconds: 1 } }, environments.dev));
    expect(env.get('dev-data', 'aws_db_instance.Database')?.config).toMatchObject({
      monitoring_interval: 1,
      monitoring_role_arn: expect.stringContaining('aws_iam_role.DatabaseMonitoringRole'),
    });
  });

  it("creates the exported logs' groups itself, with a retention", () => {
    const groups = Object.values(resources(dev, CloudwatchLogGroup.tfResourceType)).map((g) => [
      g.name,
      g.retention_in_days,
    ]);
    expect(groups).toEqual([
      ['/aws/rds/instance/devloop-dev-db/error', 30],
      ['/aws/rds/instance/devloop-dev-db/slowquery', 30],
    ]);
  });

  it('enforces TLS with the parameter group: require_secure_transport for MySQL', () => {
    expect(synth(dev)).toHaveResourceWithProperties(DbParameterGroup, {
      family: 'mysql8.4',
      parameter: expect.arrayContaining([{ name: 'require_secure_transport', value: '1', apply_method: 'immediate' }]),
    });
    expect(database(dev).parameter_group_name).toBe('${aws_db_parameter_group.DatabaseParameterGroup.name}');
  });

  it('and rds.force_ssl for PostgreSQL, which also changes the port, family and logs', () => {
    const postgres = tierStack('data', { database: { engine: DatabaseEngine.POSTGRES } });
    expect(synth(postgres)).toHaveResourceWithProperties(DbParameterGroup, {
      family: 'postgres16',
      parameter: expect.arrayContaining([{ name: 'rds.force_ssl', value: '1', apply_method: 'immediate' }]),
    });
    expect(database(postgres)).toMatchObject({
      engine: 'postgres',
      engine_version: '16',
      port: 5432,
      enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
    });
  });

  it('has a security group with no rules of its own (the app stack adds the one from the app)', () => {
    const json = synthJson(dev);
    expect(json.resource?.aws_vpc_security_group_ingress_rule).toBeUndefined();
    expect(json.resource?.aws_vpc_security_group_egress_rule).toBeUndefined();
    expect(json.resource?.aws_security_group?.DatabaseSecurityGroup.ingress).toBeUndefined();
  });

  describe('protection by environment', () => {
    it('dev: single-AZ, no deletion protection, no final snapshot, destroyable', () => {
      expect(database(dev)).toMatchObject({ multi_az: false, deletion_protection: false, skip_final_snapshot: true });
      expect(database(dev).lifecycle).toEqual({ prevent_destroy: false, ignore_changes: ['kms_key_id'] });
    });

    it('prod: multi-AZ, deletion protection, a final snapshot, and Terraform refuses to destroy it', () => {
      expect(database(prod)).toMatchObject({
        multi_az: true,
        deletion_protection: true,
        skip_final_snapshot: false,
        final_snapshot_identifier: 'devloop-prod-db-final',
        delete_automated_backups: false,
        backup_retention_period: 14,
      });
      expect(database(prod).lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['kms_key_id'] });
    });

    it('prod decommissioning: deletion protection and prevent_destroy lifted, the final snapshot kept', () => {
      const leaving = tierStack('data', { lifecycle: EnvironmentLifecycle.DECOMMISSIONING }, 'prod');
      expect(database(leaving)).toMatchObject({
        deletion_protection: false,
        skip_final_snapshot: false,
        final_snapshot_identifier: 'devloop-prod-db-final',
      });
      expect(database(leaving).lifecycle).toEqual({ prevent_destroy: false, ignore_changes: ['kms_key_id'] });
    });
  });

  it('day 2: a change of database.port updates the group in place (no port in its description, which AWS cannot change)', () => {
    const described = (stack: EnvironmentStacks['data']) =>
      resources(stack, 'aws_security_group').DatabaseSecurityGroup.description;
    expect(described(tierStack('data', { database: { port: 3307 } }))).toBe(described(dev));
    expect(described(dev)).not.toMatch(/\d{4}/);
  });

  it('day 2: a deliberate major-version upgrade is allowed (RDS refuses it otherwise)', () => {
    expect(database(dev).allow_major_version_upgrade).toBe(true);
  });

  it('outputs the endpoint and the secret ARN, never the secret', () => {
    const outputs = synthJson(dev).output ?? {};
    expect(outputs.database_endpoint.value).toBe('${aws_db_instance.Database.endpoint}');
    expect(outputs.database_secret_arn.value).toBe('${aws_db_instance.Database.master_user_secret[0].secret_arn}');
  });

  describe('Performance Insights, wherever the engine and class offer it, under a key of its own', () => {
    /** The data stack of an environment synthesized as `cdktf synth` does: the policy pack must pass. */
    function synthesizedData(patch: Parameters<typeof settingsWith>[0], name = 'dev') {
      const env = synthEnvironment(name, settingsWith(patch, environments[name]));
      return {
        database: env.get(`${name}-data`, 'aws_db_instance.Database')?.config ?? {},
        // The database's storage key is there in every environment (see "storage encryption" below); the monitoring
        // stack has a key of its own, for the alert topic.
        keys: env.resources.filter((r) => r.type === KmsKey.tfResourceType && r.name.startsWith('PerformanceInsights')),
        aliases: env.resources.filter(
          (r) => r.type === KmsAlias.tfResourceType && r.name.startsWith('PerformanceInsights'),
        ),
      };
    }

    it.each([
      ['PostgreSQL in dev', { database: { engine: DatabaseEngine.POSTGRES } }, 'dev'],
      ['MySQL on db.t3.medium in dev', { database: { instanceClass: 'db.t3.medium' } }, 'dev'],
      ['PostgreSQL in prod', { database: { engine: DatabaseEngine.POSTGRES } }, 'prod'],
      ['MySQL on db.m7g.large in prod', { database: { instanceClass: 'db.m7g.large' } }, 'prod'],
    ])('%s synthesizes, with Performance Insights encrypted by a customer-managed key', (_, patch, name) => {
      const { database, keys, aliases } = synthesizedData(patch, name);
      expect(database).toMatchObject({
        performance_insights_enabled: true,
        performance_insights_retention_period: 7,
        performance_insights_kms_key_id: '${aws_kms_key.PerformanceInsightsKey.arn}',
      });
      expect(keys.map((k) => [k.stack, k.address])).toEqual([[`${name}-data`, 'aws_kms_key.PerformanceInsightsKey']]);
      expect(keys[0].config).toMatchObject({
        enable_key_rotation: true,
        deletion_window_in_days: 30,
        description: `Performance Insights of the database devloop-${name}-db: load by query, including SQL text`,
      });
      if (name === 'prod') {
        // Protected data: only the break-glass role may delete, disable or re-policy the key, whatever IAM says.
        expect(JSON.parse(String(keys[0].config.policy)).Statement[1]).toEqual({
          Sid: 'OnlyBreakGlassDisablesOrDeletes',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:PutKeyPolicy'],
          Resource: '*',
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': environments.prod.backend.breakGlassRoleArn } },
        });
        expect(keys[0].config.bypass_policy_lockout_safety_check).toBe(true);
      } else {
        // AWS's default key policy, which delegates to IAM in the account.
        expect(keys[0].config.policy).toBeUndefined();
      }
      expect(aliases.map((a) => [a.address, a.config.name, a.config.target_key_id])).toEqual([
        [
          'aws_kms_alias.PerformanceInsightsKeyAlias',
          `alias/devloop-${name}-db`,
          '${aws_kms_key.PerformanceInsightsKey.key_id}',
        ],
      ]);
    });

    it('guards the key as the database is: prevent_destroy in prod, lifted when decommissioning and in dev', () => {
      const postgres = { database: { engine: DatabaseEngine.POSTGRES } };
      expect(synthesizedData(postgres, 'prod').keys[0].config.lifecycle).toEqual({ prevent_destroy: true });
      expect(
        synthesizedData({ ...postgres, lifecycle: EnvironmentLifecycle.DECOMMISSIONING }, 'prod').keys[0].config
          .lifecycle,
      ).toEqual({ prevent_destroy: false });
      expect(synthesizedData(postgres, 'dev').keys[0].config.lifecycle).toEqual({ prevent_destroy: false });
    });

    it.each([
      ['dev (db.t3.micro)', 'dev'],
      ['prod (db.t3.small)', 'prod'],
    ])('%s: MySQL without Performance Insights gets no key', (_, name) => {
      const { database, keys, aliases } = synthesizedData({}, name);
      expect(database.performance_insights_enabled).toBe(false);
      expect(database.performance_insights_kms_key_id).toBeUndefined();
      expect([keys, aliases]).toEqual([[], []]);
    });
  });

  describe('storage encryption under a key of the environment', () => {
    it('encrypts a new database with its own key, not aws/rds, so snapshots can be shared with a backup account', () => {
      expect(database(prod)).toMatchObject({ storage_encrypted: true, kms_key_id: '${aws_kms_key.DatabaseKey.arn}' });
      expect(resources(prod, KmsKey.tfResourceType).DatabaseKey).toMatchObject({
        enable_key_rotation: true,
        deletion_window_in_days: 30,
        lifecycle: { prevent_destroy: true },
      });
      expect(resources(prod, KmsAlias.tfResourceType).DatabaseKeyAlias).toEqual({
        name: 'alias/devloop-prod-db-storage',
        target_key_id: '${aws_kms_key.DatabaseKey.key_id}',
      });
    });

    it('never replaces an existing database for it: kms_key_id is ignored after creation', () => {
      // RDS cannot re-encrypt an instance: a new kms_key_id forces a new database. An environment deployed before the
      // key existed keeps aws/rds until it is moved by snapshot, copy and restore (docs/day-2.md).
      for (const stack of [dev, prod])
        expect(database(stack).lifecycle).toMatchObject({ ignore_changes: ['kms_key_id'] });
    });

    it("guards the key as the database is: a disposable database's key may go with it", () => {
      expect(resources(dev, KmsKey.tfResourceType).DatabaseKey.lifecycle).toEqual({ prevent_destroy: false });
      expect(
        resources(tierStack('data', { lifecycle: EnvironmentLifecycle.DECOMMISSIONING }, 'prod'), KmsKey.tfResourceType)
          .DatabaseKey.lifecycle,
      ).toEqual({ prevent_destroy: false });
    });
  });

  it("gives the monitoring role the CI stack's workload boundary", () => {
    expect(resources(dev, 'aws_iam_role').DatabaseMonitoringRole.permissions_boundary).toMatch(
      /cross-stack-output-aws_iam_policyWorkloadBoundaryarn/,
    );
  });

  it.each([
    [DatabaseEngine.MYSQL, 'db.t3.micro', false],
    [DatabaseEngine.MYSQL, 'db.t4g.small', false],
    [DatabaseEngine.MYSQL, 'db.t3.medium', true],
    [DatabaseEngine.POSTGRES, 'db.t3.micro', true],
  ])('Performance Insights for %s on %s: %s', (engine, instanceClass, expected) => {
    expect(supportsPerformanceInsights(engine, instanceClass)).toBe(expected);
  });
});
