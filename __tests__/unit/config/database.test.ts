// The database section: engine and version, port, protection by kind.
import { environments } from '../../../src/config/environments';
import { resolveEnvironment } from '../../../src/config/resolve';
import { DatabaseEngine, DatabaseProtection, EnvironmentKind } from '../../../src/config/settings';
import { expectRefused, MINIMAL_SETTINGS, resolveOk } from '../../helpers/config';

const prod = environments.prod;

describe('defaults', () => {
  it('pick the engine defaults: MySQL 8.4 on 3306, PostgreSQL 16 on 5432', () => {
    const mysql = resolveEnvironment('test', { ...MINIMAL_SETTINGS, kind: EnvironmentKind.DEVELOPMENT });
    expect([
      mysql.database.engine,
      mysql.database.engineVersion,
      mysql.database.port,
      mysql.database.parameterGroupFamily,
    ]).toEqual([DatabaseEngine.MYSQL, '8.4', 3306, 'mysql8.4']);
    const postgres = resolveEnvironment('test', {
      ...MINIMAL_SETTINGS,
      kind: EnvironmentKind.DEVELOPMENT,
      database: { engine: DatabaseEngine.POSTGRES },
    });
    expect([postgres.database.engineVersion, postgres.database.port, postgres.database.parameterGroupFamily]).toEqual([
      '16',
      5432,
      'postgres16',
    ]);
  });
});

describe('Enhanced Monitoring', () => {
  it('samples every 60 seconds in either kind, or at an interval RDS accepts', () => {
    expect([
      resolveOk().database.monitoringIntervalSeconds,
      resolveOk({}, prod, 'prod').database.monitoringIntervalSeconds,
    ]).toEqual([60, 60]);
    expect(resolveOk({ database: { monitoringIntervalSeconds: 1 } }).database.monitoringIntervalSeconds).toBe(1);
  });

  it.each([[0], [20], [120]])('refuses an interval of %d, with the ones RDS accepts', (monitoringIntervalSeconds) => {
    expectRefused(
      { database: { monitoringIntervalSeconds } },
      'database.monitoringIntervalSeconds',
      /unknown value\. Fix: use one of 1, 5, 10, 15, 30, 60\./,
    );
  });
});

describe('bad database settings are refused, naming the setting, the value and the fix', () => {
  it.each([[0], [70000]])('a database port of %d', (port) => {
    expectRefused({ database: { port } }, 'database.port', /must be (at least 1|at most 65535)/);
  });

  it('a database port RDS refuses', () => {
    expectRefused({ database: { port: 80 } }, 'database.port', /1150 to 65535/);
  });

  it('an unknown database engine', () => {
    expectRefused({ database: { engine: 'oracle' } }, 'database.engine', /one of "mysql", "postgres"/);
  });

  it('an engine version without a parameter group family', () => {
    expectRefused({ database: { engineVersion: '5.7' } }, 'database.engineVersion', /"8\.0", "8\.4"/);
  });

  it('a disposable database in production', () => {
    expectRefused(
      { database: { protection: DatabaseProtection.DISPOSABLE } },
      'database.protection',
      /careless `cdktf destroy`/,
      prod,
    );
  });
});

describe('soft problems are warnings, not errors', () => {
  it('MySQL 8.0, past RDS standard support', () => {
    const config = resolveOk({ database: { engineVersion: '8.0' } });
    expect(config.warnings.find((w) => w.setting === 'database.engineVersion')?.message).toMatch(/Extended Support/);
  });
});
