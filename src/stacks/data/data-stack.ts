// The data tier: RDS in the private subnets, TLS enforced, its master password kept by RDS in Secrets Manager.
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { Tier, type DatabaseConfig } from '../../config/resolved';
import { DatabaseEngine, DatabaseProtection } from '../../config/settings';
import { waive } from '../../policy/waivers';
import type { CiOutputs } from '../ci/ci-stack';
import { EnvironmentStack, type EnvironmentStackProps } from '../environment-stack';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { accountAdministersKey, onlyBreakGlassDestroysKey, serviceTrustPolicy } from '../../constructs/iam';
import { logGroup } from '../../constructs/log-group';
import type { NetworkOutputs } from '../network/network-stack';
import { closedSecurityGroup } from '../../constructs/security-rules';

export interface DataStackProps extends EnvironmentStackProps {
  /** The resolved database settings (`resolveEnvironment(...).database`): engine, size, protection, multi-AZ. */
  readonly database: DatabaseConfig;
  readonly network: NetworkOutputs;
  /** The CI identity: the boundary the monitoring role carries. */
  readonly identity: CiOutputs;
}

/** What the data tier gives the app tier. */
export interface DataOutputs {
  /** The database's group. It has no rules here: the app tier adds the one that lets the app in. */
  readonly securityGroupId: string;
  /** The DB instance identifier: the dimension of its CloudWatch metrics and the source of its events. */
  readonly identifier: string;
  /** Host name of the instance (no port). */
  readonly address: string;
  readonly port: number;
  readonly engine: DatabaseEngine;
  readonly databaseName: string;
  /** The RDS-managed secret holding `{"username": ..., "password": ...}`. */
  readonly secretArn: string;
}

/** Per engine: the parameters that force TLS and feed the exported logs, and the logs to export. */
const ENGINE_SETTINGS: Readonly<
  Record<
    DatabaseEngine,
    { readonly parameters: readonly { name: string; value: string }[]; readonly logs: readonly string[] }
  >
> = {
  [DatabaseEngine.MYSQL]: {
    parameters: [
      { name: 'require_secure_transport', value: '1' },
      { name: 'slow_query_log', value: '1' },
      { name: 'long_query_time', value: '2' },
      // CloudWatch export reads the log files, not the log tables.
      { name: 'log_output', value: 'FILE' },
    ],
    logs: ['error', 'slowquery'],
  },
  [DatabaseEngine.POSTGRES]: {
    parameters: [
      { name: 'rds.force_ssl', value: '1' },
      { name: 'log_min_duration_statement', value: '2000' },
    ],
    logs: ['postgresql', 'upgrade'],
  },
};

/** The aliases of the database's keys (`<identifier>` is `<project>-<env>-db`). */
export function databaseKeyAliases(identifier: string): { storage: string; performanceInsights: string } {
  return { storage: `alias/${identifier}-storage`, performanceInsights: `alias/${identifier}` };
}

/** RDS for MySQL has no Performance Insights on the micro and small burstable classes. */
export function supportsPerformanceInsights(engine: DatabaseEngine, instanceClass: string): boolean {
  return engine !== DatabaseEngine.MYSQL || !/^db\.t\d+g?\.(micro|small)$/.test(instanceClass);
}

export class DataStack extends EnvironmentStack {
  readonly config: DatabaseConfig;
  /** The account ID, read once (the monitoring role's trust, the guarded keys' policies). */
  private account?: string;

  private accountId(): string {
    this.account ??= new DataAwsCallerIdentity(this, 'Account').accountId;
    return this.account;
  }
  readonly outputs: DataOutputs;

  constructor(scope: Construct, props: DataStackProps) {
    super(scope, Tier.DATA, props);
    const config = props.database;
    this.config = config;
    const engineSettings = ENGINE_SETTINGS[config.engine];
    const identifier = this.resourceName('db');
    const isProtected = config.protection === DatabaseProtection.PROTECTED;
    // Decommissioning lifts what blocks a destroy; a protected database still leaves its final snapshot.
    const guarded = config.deletionProtection;

    const securityGroup = closedSecurityGroup(this, 'DatabaseSecurityGroup', {
      name: this.resourceName('db'),
      // No port in the description: AWS cannot change a description, so a port in it would replace the group
      // (and fail, since the database is attached to it) whenever database.port changes.
      description: 'Database: the database port from the app tier only (rule added by the app stack)',
      vpcId: props.network.vpcId,
    });
    const subnetGroup = new DbSubnetGroup(this, 'DatabaseSubnetGroup', {
      name: this.resourceName('db'),
      description: 'The private subnets of both AZs',
      subnetIds: props.network.privateSubnets.map((subnet) => subnet.id),
      tags: { Name: this.resourceName('db') },
    });
    // A name prefix and create-before-destroy, so an engine upgrade (new family) swaps groups without a gap.
    const parameterGroup = new DbParameterGroup(this, 'DatabaseParameterGroup', {
      namePrefix: `${this.resourceName('db')}-`,
      family: config.parameterGroupFamily,
      description: 'TLS required; slow statements logged',
      parameter: engineSettings.parameters.map((p) => ({ ...p, applyMethod: 'immediate' })),
      tags: { Name: this.resourceName('db') },
      lifecycle: { createBeforeDestroy: true },
    });
    const monitoringRole = new IamRole(this, 'DatabaseMonitoringRole', {
      name: this.resourceName('db-monitoring'),
      assumeRolePolicy: serviceTrustPolicy('monitoring.rds.amazonaws.com', {
        account: this.accountId(),
        arnPattern: `arn:aws:rds:${this.environment.region}:${this.accountId()}:db:${identifier}`,
      }),
      permissionsBoundary: props.identity.workloadBoundaryArn,
      tags: { Name: this.resourceName('db-monitoring') },
    });
    const monitoringPolicy = new IamRolePolicyAttachment(this, 'DatabaseMonitoringPolicy', {
      role: monitoringRole.name,
      policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
    });
    waive(
      monitoringPolicy,
      'IAM-NO-AWS-MANAGED-POLICIES',
      'AmazonRDSEnhancedMonitoringRole is the service-role policy AWS maintains for Enhanced Monitoring; it only lets RDS write the RDSOSMetrics log group.',
    );
    // RDS would create these groups itself on first export, with no expiry; owning them sets the retention.
    const logGroups = engineSettings.logs.map((log) =>
      logGroup(this, `DatabaseLogGroup_${log}`, {
        name: `/aws/rds/instance/${identifier}/${log}`,
        retentionInDays: config.logRetentionDays,
        tags: { Name: this.resourceName(`db-${log}`) },
      }),
    );
    const performanceInsights = supportsPerformanceInsights(config.engine, config.instanceClass);
    // Only where Performance Insights is on: a key is billed by the month (PRICES.kmsKey), and nothing else here
    // needs one.
    const performanceInsightsKey = performanceInsights ? this.performanceInsightsKey(identifier, guarded) : undefined;
    const storageKey = this.storageKey(identifier, guarded);

    const database = new DbInstance(this, 'Database', {
      identifier,
      engine: config.engine,
      engineVersion: config.engineVersion,
      instanceClass: config.instanceClass,
      allocatedStorage: config.allocatedStorageGiB,
      maxAllocatedStorage: config.maxAllocatedStorageGiB,
      storageType: 'gp3',
      storageEncrypted: true,
      // A key of the environment's, not aws/rds: snapshots encrypted with aws/rds cannot be shared with another
      // account (a backup account), and the key's use shows in CloudTrail. RDS cannot change the key of an existing
      // instance: kms_key_id forces a new database, so it is ignored after creation (below) and an existing
      // database keeps aws/rds until it is moved deliberately (docs/day-2.md "Move the database to its own key").
      kmsKeyId: storageKey.arn,
      dbName: config.databaseName,
      username: config.masterUsername,
      // RDS generates the password, keeps it in Secrets Manager and can rotate it; it never passes
      // through this code, the plan or the state.
      manageMasterUserPassword: true,
      port: config.port,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [securityGroup.id],
      parameterGroupName: parameterGroup.name,
      publiclyAccessible: false,
      multiAz: config.multiAz,
      caCertIdentifier: 'rds-ca-rsa2048-g1',
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: config.backupRetentionDays,
      backupWindow: '17:00-18:00',
      maintenanceWindow: 'sun:18:30-sun:19:30',
      autoMinorVersionUpgrade: true,
      // A major upgrade happens only when database.engineVersion is changed on purpose; without this, RDS refuses
      // that change at apply time. Plan it with a snapshot first (docs/day-2.md "Upgrade the database engine").
      allowMajorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      enabledCloudwatchLogsExports: [...engineSettings.logs],
      monitoringInterval: config.monitoringIntervalSeconds,
      monitoringRoleArn: monitoringRole.arn,
      performanceInsightsEnabled: performanceInsights,
      performanceInsightsRetentionPeriod: performanceInsights ? 7 : undefined,
      performanceInsightsKmsKeyId: performanceInsightsKey?.arn,
      deletionProtection: guarded,
      skipFinalSnapshot: !isProtected,
      finalSnapshotIdentifier: isProtected ? `${identifier}-final` : undefined,
      deleteAutomatedBackups: !isProtected,
      tags: { Name: identifier },
      dependsOn: logGroups,
      lifecycle: { preventDestroy: guarded, ignoreChanges: ['kms_key_id'] },
    });

    waive(
      database,
      'RDS-NON-DEFAULT-PORT',
      'A non-default port hides nothing from a scan inside the VPC, and the security group admits only the app tier; the engine default keeps clients and tools simple.',
    );
    if (!config.multiAz) {
      waive(
        database,
        'RDS-MULTI-AZ',
        'A single-AZ database (database.multiAz: false) halves its cost; this environment accepts the downtime of an AZ outage.',
      );
    }
    if (!isProtected) {
      const disposable =
        "This environment's database is disposable (database.protection: DISPOSABLE): `cdktf destroy` removes it with its data, by design.";
      for (const rule of ['RDS-DELETION-PROTECTION', 'RDS-FINAL-SNAPSHOT', 'RDS-PREVENT-DESTROY'])
        waive(database, rule, disposable);
    } else if (!guarded) {
      const decommissioning =
        'The environment is being decommissioned (lifecycle: DECOMMISSIONING), in a reviewed commit that precedes `cdktf destroy`; the final snapshot keeps the data.';
      for (const rule of ['RDS-DELETION-PROTECTION', 'RDS-PREVENT-DESTROY']) waive(database, rule, decommissioning);
    }

    this.outputs = {
      securityGroupId: securityGroup.id,
      identifier: database.identifier,
      address: database.address,
      port: config.port,
      engine: config.engine,
      databaseName: config.databaseName,
      secretArn: database.masterUserSecret.get(0).secretArn,
    };

    new TerraformOutput(this, 'database_endpoint', {
      value: database.endpoint,
      description: 'host:port of the database',
    });
    new TerraformOutput(this, 'database_secret_arn', {
      value: database.masterUserSecret.get(0).secretArn,
      description: 'The secret with the master credentials (read it with aws secretsmanager get-secret-value)',
    });
  }

  /**
   * The customer-managed key of the database's storage, backups and snapshots. A key in use by a database must
   * outlive it (its snapshots need it too), so it is guarded as the database is, and kept for 30 days after deletion.
   */
  private storageKey(identifier: string, guarded: boolean): KmsKey {
    return this.guardedKey('DatabaseKey', {
      description: `Storage, automated backups and snapshots of the database ${identifier}`,
      alias: databaseKeyAliases(identifier).storage,
      name: this.resourceName('db-storage'),
      guarded,
    });
  }

  /**
   * The customer-managed key for Performance Insights, whose data holds SQL text. RDS cannot move Performance
   * Insights to another key once it is on, so the key is guarded as the database is. RDS uses the key through grants
   * it makes for the principal that creates the instance (which needs kms:CreateGrant and kms:DescribeKey on it).
   */
  private performanceInsightsKey(identifier: string, guarded: boolean): KmsKey {
    return this.guardedKey('PerformanceInsightsKey', {
      description: `Performance Insights of the database ${identifier}: load by query, including SQL text`,
      alias: databaseKeyAliases(identifier).performanceInsights,
      name: this.resourceName('db-performance-insights'),
      guarded,
    });
  }

  /**
   * A rotating key with its alias (`<id>Alias`), kept 30 days after deletion and guarded as the database is. No
   * policy: AWS then gives it its default key policy, which lets the account's IAM policies grant its use, as they
   * grant everything else here; sharing snapshots with a backup account adds a statement for it (docs/day-2.md
   * "Move the database to its own key").
   */
  private guardedKey(
    id: string,
    props: { description: string; alias: string; name: string; guarded: boolean },
  ): KmsKey {
    // A protected database's keys: only the break-glass role may delete, disable or re-policy them, whatever the
    // deploy role's IAM policies say (which deny it as well). Kept through a decommission, which that role runs.
    const isProtected = this.config.protection === DatabaseProtection.PROTECTED;
    const account = this.accountId();
    const key = new KmsKey(this, id, {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      ...(isProtected
        ? {
            policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                accountAdministersKey(account),
                onlyBreakGlassDestroysKey(this.environment.backend.breakGlassRoleArn),
              ],
            }),
            bypassPolicyLockoutSafetyCheck: true,
          }
        : {}),
      tags: { Name: props.name },
      lifecycle: { preventDestroy: props.guarded },
    });
    if (!isProtected)
      waive(
        key,
        'KMS-KEY-POLICY',
        "The key keeps AWS's default key policy, which delegates to the account's IAM policies; a hand-written policy would duplicate them and can lock the account out of its own key.",
      );
    new KmsAlias(this, `${id}Alias`, { name: props.alias, targetKeyId: key.keyId });
    return key;
  }
}
