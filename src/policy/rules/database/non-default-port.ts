// The database listens on a port other than its engine's well-known one, out of the way of blind scans.
import type { PolicyRule } from '../../rule';
import { asNumber, databaseEngineFamily, type DatabaseEngineFamily } from '../values';

/** The default port of each engine family (the port RDS uses when `port` is not set). */
const DEFAULT_PORTS: Partial<Record<DatabaseEngineFamily, number>> = {
  mysql: 3306,
  mariadb: 3306,
  postgres: 5432,
  oracle: 1521,
  sqlserver: 1433,
};

export const databaseNonDefaultPort: PolicyRule = {
  id: 'RDS-NON-DEFAULT-PORT',
  title:
    "RDS instances do not listen on their engine's default port (3306 MySQL/MariaDB, 5432 PostgreSQL, 1521 Oracle, 1433 SQL Server)",
  publicIds: { cdkNag: ['AwsSolutions-RDS11'], fsbp: ['RDS.23'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    const family = databaseEngineFamily(resource.config.engine);
    const defaultPort = family ? DEFAULT_PORTS[family] : undefined;
    if (defaultPort === undefined) return undefined;
    const port = resource.config.port === undefined ? defaultPort : asNumber(resource.config.port);
    if (port !== defaultPort) return undefined;
    const current = resource.config.port === undefined ? `port is not set, so it is ${defaultPort}` : `port = ${port}`;
    return `listens on the ${family} default port that automated scans try first (${current}). Fix: set port to another value (for example ${defaultPort + 1}), and the same port in the security group rules and the clients' connection settings.`;
  },
};
