// Resolves the database settings: engine and version, size, credentials' user name, protection by kind.
import { DB_INSTANCE_CLASS_PATTERN } from '../aws-rules';
import type { ProblemList } from '../errors';
import type { DatabaseConfig, EnvironmentContext } from '../resolved';
import { DatabaseEngine, DatabaseProtection, EnvironmentKind, type DatabaseSettings } from '../settings';

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

/**
 * Major versions past the end of RDS standard support: RDS keeps them running under Extended Support, billed
 * per vCPU-hour on top of the instance. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html
 */
export const END_OF_STANDARD_SUPPORT: Readonly<Record<string, string>> = {
  'mysql8.0': '2026-07-31',
  postgres14: '2027-02-28',
};

export const DEFAULT_DB_INSTANCE_CLASS = 'db.t3.micro';
/** RDS refuses ports below 1150 for MySQL and PostgreSQL. */
const MIN_RDS_PORT = 1150;
/** User names RDS keeps for itself. */
const RESERVED_USER_NAMES = ['rdsadmin', 'rdsrepladmin', 'rds_superuser', 'rdsproxyadmin'];

export function resolveDatabase(
  settings: DatabaseSettings | undefined,
  context: EnvironmentContext,
  problems: ProblemList,
): DatabaseConfig {
  const s = settings ?? {};
  const production = context.kind === EnvironmentKind.PRODUCTION;
  const engine = s.engine ?? DatabaseEngine.MYSQL;
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
  const instanceClass = s.instanceClass ?? DEFAULT_DB_INSTANCE_CLASS;
  if (!DB_INSTANCE_CLASS_PATTERN.test(instanceClass)) {
    problems.add(
      'instanceClass',
      instanceClass,
      'is not an RDS instance class. Fix: use a class such as "db.t3.micro" or "db.m7g.large".',
    );
  }
  const allocatedStorageGiB = s.allocatedStorageGiB ?? 20;
  const maxAllocatedStorageGiB = s.maxAllocatedStorageGiB ?? Math.max(100, allocatedStorageGiB);
  if (maxAllocatedStorageGiB < allocatedStorageGiB) {
    problems.add(
      'maxAllocatedStorageGiB',
      maxAllocatedStorageGiB,
      `is below allocatedStorageGiB (${allocatedStorageGiB}). Fix: set it to ${allocatedStorageGiB} or more (equal turns storage autoscaling off).`,
    );
  }
  const databaseName = s.databaseName ?? 'app';
  if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(databaseName)) {
    problems.add(
      'databaseName',
      databaseName,
      'must start with a letter and hold only letters, digits and "_", up to 63 characters. Fix: e.g. "app".',
    );
  }
  const masterUsername = s.masterUsername ?? 'app';
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
  const multiAz = s.multiAz ?? production;
  if (production && !multiAz) {
    problems.warn(
      'multiAz',
      multiAz,
      'a single-AZ database in production: an AZ outage stops it until AWS restores the AZ.',
    );
  }
  const protection = s.protection ?? (production ? DatabaseProtection.PROTECTED : DatabaseProtection.DISPOSABLE);
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
    backupRetentionDays: s.backupRetentionDays ?? 7,
    multiAz,
    protection,
  };
}
