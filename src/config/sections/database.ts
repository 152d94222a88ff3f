// The database section: the RDS instance, its engine, size, backups and protection. Its input type, schema,
// resolved type, defaults and resolver.
import * as z from 'zod/mini';
import {
  DB_INSTANCE_CLASS_PATTERN,
  ENHANCED_MONITORING_INTERVALS,
  type EnhancedMonitoringInterval,
} from '../aws-rules';
import { type ByKind, EnvironmentKind, EnvironmentLifecycle } from '../enums';
import type { ProblemList } from '../errors';
import { type InSync, integer, port } from '../schema-helpers';
import type { EnvironmentContext } from './context';

/** The RDS database engine. */
export enum DatabaseEngine {
  MYSQL = 'mysql',
  POSTGRES = 'postgres',
}

/** What stands between a careless change and the loss of the database. */
export enum DatabaseProtection {
  /**
   * RDS deletion protection on, a final snapshot on delete, and Terraform's `prevent_destroy`,
   * so neither `cdktf destroy` nor a change that forces a replacement can remove the instance.
   */
  PROTECTED = 'protected',
  /** None of the above: `cdktf destroy` deletes the database and its automated backups. */
  DISPOSABLE = 'disposable',
}

/** The RDS database. */
export interface DatabaseSettings {
  /** @default DatabaseEngine.MYSQL */
  readonly engine?: DatabaseEngine;
  /**
   * Major version; RDS applies minor versions automatically. MySQL 8.0 is accepted, with a warning: it left
   * RDS standard support on 2026-07-31 and now costs Extended Support fees.
   * @default - '8.4' for MySQL (the LTS release), '16' for PostgreSQL
   */
  readonly engineVersion?: string;
  /**
   * The instance class. Performance Insights is turned on wherever the engine and class offer it (every class but
   * MySQL's micro and small burstable ones), encrypted with a KMS key the data stack creates for it
   * (`alias/<project>-<env>-db`); RDS cannot move Performance Insights to another key later.
   * @cost db.t3.micro: {rdsT3Micro}, db.t3.small: {rdsT3Small} (`multiAz` doubles it); the Performance Insights key,
   * where it is on: {kmsKey}
   * @default 'db.t3.micro'
   */
  readonly instanceClass?: string;
  /**
   * The storage the instance starts with, in GiB; storage autoscaling grows it up to `maxAllocatedStorageGiB`.
   * @cost gp3, {rdsGp3Storage} (`multiAz` doubles it)
   * @default 20
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Upper bound for storage autoscaling; equal to `allocatedStorageGiB` turns autoscaling off.
   * @default - 100, or `allocatedStorageGiB` when that is larger
   */
  readonly maxAllocatedStorageGiB?: number;
  /** Name of the database created in the instance. @default 'app' */
  readonly databaseName?: string;
  /** The master user; its password is generated and kept by RDS in Secrets Manager. @default 'app' */
  readonly masterUsername?: string;
  /**
   * The port the database listens on; only the app instances may reach it.
   * @default - 3306 for MySQL, 5432 for PostgreSQL
   */
  readonly port?: number;
  /**
   * Days of automated backups, 7 to 35.
   * @cost backup storage up to the database's size is free; beyond it, billed by the GiB-month
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * A standby in the second AZ with automatic failover.
   * @cost doubles the instance's and the storage's price
   * @default - true in production, false in development
   */
  readonly multiAz?: boolean;
  /**
   * Guards against deleting the database by accident. Production refuses `DISPOSABLE`.
   * @default - `DatabaseProtection.PROTECTED` in production, `DatabaseProtection.DISPOSABLE` in development
   */
  readonly protection?: DatabaseProtection;
  /**
   * How often Enhanced Monitoring samples the database host's OS metrics (CPU, memory, I/O per process), in
   * seconds. Shorter shows the spikes a minute's average hides, when a slow query or a noisy neighbour is hunted.
   * @cost the samples go to CloudWatch Logs (`RDSOSMetrics`), {logsIngestion}: a 1-second interval ingests 60
   * times what the default does
   * @default 60
   */
  readonly monitoringIntervalSeconds?: EnhancedMonitoringInterval;
}

export const DATABASE_DEFAULTS = {
  engine: DatabaseEngine.MYSQL,
  instanceClass: 'db.t3.micro',
  allocatedStorageGiB: 20,
  /** The autoscaling bound, unless the allocated storage is larger. */
  maxAllocatedStorageGiB: 100,
  databaseName: 'app',
  masterUsername: 'app',
  backupRetentionDays: 7,
  monitoringIntervalSeconds: 60,
  multiAz: { [EnvironmentKind.PRODUCTION]: true, [EnvironmentKind.DEVELOPMENT]: false } satisfies ByKind<boolean>,
  protection: {
    [EnvironmentKind.PRODUCTION]: DatabaseProtection.PROTECTED,
    [EnvironmentKind.DEVELOPMENT]: DatabaseProtection.DISPOSABLE,
  } satisfies ByKind<DatabaseProtection>,
} as const;

/**
 * Days the database's exported logs (errors, slow queries) are kept: a year for a protected database, whose data
 * matters; a month for a disposable one.
 */
export const DATABASE_LOG_RETENTION_DAYS: Readonly<Record<DatabaseProtection, number>> = {
  [DatabaseProtection.PROTECTED]: 365,
  [DatabaseProtection.DISPOSABLE]: 30,
};

/** Per engine: the default port and major version, and the major versions with their parameter group family. */
export const ENGINES: Readonly<
  Record<
    DatabaseEngine,
    { readonly port: number; readonly defaultVersion: string; readonly families: Readonly<Record<string, string>> }
  >
> = {
  [DatabaseEngine.MYSQL]: {
    port: 3306,
    // 8.4 is the LTS release; 8.0 left RDS standard support on 2026-07-31 (see END_OF_STANDARD_SUPPORT).
    defaultVersion: '8.4',
    families: { '8.0': 'mysql8.0', '8.4': 'mysql8.4' },
  },
  [DatabaseEngine.POSTGRES]: {
    port: 5432,
    defaultVersion: '16',
    families: { '14': 'postgres14', '15': 'postgres15', '16': 'postgres16', '17': 'postgres17' },
  },
};

export const databaseSchema = z.strictObject({
  engine: z.optional(z.enum(DatabaseEngine)),
  engineVersion: z.optional(z.string()),
  instanceClass: z.optional(z.string()),
  allocatedStorageGiB: z.optional(integer(20, 65536)),
  maxAllocatedStorageGiB: z.optional(integer(20, 65536)),
  databaseName: z.optional(z.string()),
  masterUsername: z.optional(z.string()),
  port: z.optional(port),
  backupRetentionDays: z.optional(integer(7, 35)),
  multiAz: z.optional(z.boolean()),
  protection: z.optional(z.enum(DatabaseProtection)),
  monitoringIntervalSeconds: z.optional(z.literal(ENHANCED_MONITORING_INTERVALS)),
});
true satisfies InSync<DatabaseSettings, typeof databaseSchema>;

export interface DatabaseConfig {
  readonly engine: DatabaseEngine;
  readonly engineVersion: string;
  /** The parameter group family, e.g. `mysql8.0`, `postgres16`. */
  readonly parameterGroupFamily: string;
  readonly instanceClass: string;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly port: number;
  readonly backupRetentionDays: number;
  readonly multiAz: boolean;
  readonly protection: DatabaseProtection;
  /**
   * RDS deletion protection and Terraform's `prevent_destroy`, on the database and its keys: a protected database
   * of an active environment. Decommissioning lifts them; a protected database still leaves its final snapshot.
   */
  readonly deletionProtection: boolean;
  /** Days its log groups keep the exported logs (`DATABASE_LOG_RETENTION_DAYS`). */
  readonly logRetentionDays: number;
  readonly monitoringIntervalSeconds: EnhancedMonitoringInterval;
}

/**
 * Major versions past the end of RDS standard support: RDS keeps them running under Extended Support, billed
 * per vCPU-hour on top of the instance. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html
 */
export const END_OF_STANDARD_SUPPORT: Readonly<Record<string, string>> = {
  'mysql8.0': '2026-07-31',
  postgres14: '2027-02-28',
};

/** The engine and its major version, checked: the version must have a parameter group family here. */
function resolveEngine(
  s: DatabaseSettings,
  problems: ProblemList,
): { engine: DatabaseEngine; spec: (typeof ENGINES)[DatabaseEngine]; engineVersion: string; family?: string } {
  const engine = s.engine ?? DATABASE_DEFAULTS.engine;
  const spec = ENGINES[engine];
  const engineVersion = s.engineVersion ?? spec.defaultVersion;
  const family = spec.families[engineVersion];
  if (!family) {
    problems.add(
      'engineVersion',
      engineVersion,
      `is not a ${engine} major version this project supports. Fix: use one of ${Object.keys(spec.families)
        .map((v) => `"${v}"`)
        .join(', ')} (RDS applies minor versions itself).`,
    );
  }
  const supportEnds = family ? END_OF_STANDARD_SUPPORT[family] : undefined;
  if (supportEnds) {
    problems.warn(
      'engineVersion',
      engineVersion,
      `${engine} ${engineVersion} leaves (or left) RDS standard support on ${supportEnds}; after that RDS bills Extended Support per vCPU-hour. Plan the upgrade to ${spec.defaultVersion}.`,
    );
  }
  return { engine, spec, engineVersion, family };
}

/** RDS refuses ports below 1150 for MySQL and PostgreSQL. */
export const MIN_RDS_PORT = 1150;
/** User names RDS keeps for itself. */
const RESERVED_USER_NAMES = ['rdsadmin', 'rdsrepladmin', 'rds_superuser', 'rdsproxyadmin'];

export function resolveDatabase(
  settings: DatabaseSettings | undefined,
  context: EnvironmentContext,
  problems: ProblemList,
): DatabaseConfig {
  const s = settings ?? {};
  const production = context.kind === EnvironmentKind.PRODUCTION;
  const { engine, spec, engineVersion, family } = resolveEngine(s, problems);
  const instanceClass = s.instanceClass ?? DATABASE_DEFAULTS.instanceClass;
  if (!DB_INSTANCE_CLASS_PATTERN.test(instanceClass)) {
    problems.add(
      'instanceClass',
      instanceClass,
      'is not an RDS instance class. Fix: use a class such as "db.t3.micro" or "db.m7g.large".',
    );
  }
  const allocatedStorageGiB = s.allocatedStorageGiB ?? DATABASE_DEFAULTS.allocatedStorageGiB;
  const maxAllocatedStorageGiB =
    s.maxAllocatedStorageGiB ?? Math.max(DATABASE_DEFAULTS.maxAllocatedStorageGiB, allocatedStorageGiB);
  if (maxAllocatedStorageGiB < allocatedStorageGiB) {
    problems.add(
      'maxAllocatedStorageGiB',
      maxAllocatedStorageGiB,
      `is below allocatedStorageGiB (${allocatedStorageGiB}). Fix: set it to ${allocatedStorageGiB} or more (equal turns storage autoscaling off).`,
    );
  }
  const databaseName = s.databaseName ?? DATABASE_DEFAULTS.databaseName;
  if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(databaseName)) {
    problems.add(
      'databaseName',
      databaseName,
      'must start with a letter and hold only letters, digits and "_", up to 63 characters. Fix: e.g. "app".',
    );
  }
  const masterUsername = s.masterUsername ?? DATABASE_DEFAULTS.masterUsername;
  if (
    !/^[A-Za-z][A-Za-z0-9_]{0,15}$/.test(masterUsername) ||
    RESERVED_USER_NAMES.includes(masterUsername.toLowerCase())
  ) {
    problems.add(
      'masterUsername',
      masterUsername,
      `must start with a letter, hold only letters, digits and "_", be at most 16 characters, and not be a reserved name (${RESERVED_USER_NAMES.join(', ')}). Fix: e.g. "app".`,
    );
  }
  const port = s.port ?? spec.port;
  if (port < MIN_RDS_PORT) {
    problems.add(
      'port',
      port,
      `RDS accepts ports ${MIN_RDS_PORT} to 65535 for ${engine}. Fix: use ${spec.port}, the engine's default.`,
    );
  }
  const multiAz = s.multiAz ?? DATABASE_DEFAULTS.multiAz[context.kind];
  if (production && !multiAz) {
    problems.warn(
      'multiAz',
      multiAz,
      'a single-AZ database in production: an AZ outage stops it until AWS restores the AZ.',
    );
  }
  const protection = s.protection ?? DATABASE_DEFAULTS.protection[context.kind];
  if (production && protection !== DatabaseProtection.PROTECTED) {
    problems.add(
      'protection',
      protection,
      'production data must survive a careless `cdktf destroy` or a change that replaces the instance. Fix: use DatabaseProtection.PROTECTED, or set kind: EnvironmentKind.DEVELOPMENT for a disposable environment.',
    );
  }
  return {
    engine,
    engineVersion,
    parameterGroupFamily: family ?? '',
    instanceClass,
    allocatedStorageGiB,
    maxAllocatedStorageGiB,
    databaseName,
    masterUsername,
    port,
    backupRetentionDays: s.backupRetentionDays ?? DATABASE_DEFAULTS.backupRetentionDays,
    multiAz,
    protection,
    deletionProtection:
      protection === DatabaseProtection.PROTECTED && context.lifecycle !== EnvironmentLifecycle.DECOMMISSIONING,
    logRetentionDays: DATABASE_LOG_RETENTION_DAYS[protection],
    monitoringIntervalSeconds: s.monitoringIntervalSeconds ?? DATABASE_DEFAULTS.monitoringIntervalSeconds,
  };
}
