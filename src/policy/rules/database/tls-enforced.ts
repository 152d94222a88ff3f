// The database refuses unencrypted client connections: its parameter group makes TLS mandatory.
import type { PolicyRule } from '../../rule';
import { blocks, databaseEngineFamily, referenced, type DatabaseEngineFamily } from '../values';

/** The parameter that makes TLS mandatory, per engine family, and the values that turn it on (lower case). */
const REQUIRE_TLS: Partial<
  Record<DatabaseEngineFamily, { readonly name: string; readonly on: readonly string[]; readonly set: string }>
> = {
  mysql: { name: 'require_secure_transport', on: ['1', 'on'], set: '1' },
  mariadb: { name: 'require_secure_transport', on: ['1', 'on'], set: '1' },
  postgres: { name: 'rds.force_ssl', on: ['1'], set: '1' },
  sqlserver: { name: 'rds.force_ssl', on: ['1'], set: '1' },
  db2: { name: 'db2comm', on: ['ssl'], set: 'SSL' },
};

export const databaseTlsEnforced: PolicyRule = {
  id: 'RDS-TLS-ENFORCED',
  title: 'RDS instances use a parameter group that requires TLS (require_secure_transport, rds.force_ssl)',
  publicIds: { checkov: ['CKV2_AWS_69'] },
  appliesTo: ['aws_db_instance'],
  check(resource, { env }) {
    const group = referenced(env, resource, resource.config.parameter_group_name);
    const parameterGroup = group?.type === 'aws_db_parameter_group' ? group : undefined;
    const family = databaseEngineFamily(resource.config.engine) ?? databaseEngineFamily(parameterGroup?.config.family);
    const requirement = family ? REQUIRE_TLS[family] : undefined;
    if (!requirement) return undefined;
    const fix = `Fix: point parameter_group_name at an aws_db_parameter_group of this engine's family with parameter { name = "${requirement.name}", value = "${requirement.set}" }.`;
    if (!parameterGroup) {
      const what =
        resource.config.parameter_group_name === undefined
          ? 'no parameter_group_name, so the default group applies'
          : `parameter_group_name = ${JSON.stringify(resource.config.parameter_group_name)} is not an aws_db_parameter_group of this environment`;
      return `accepts unencrypted connections as far as the configuration shows (${what}, which does not set ${requirement.name}). ${fix}`;
    }
    const parameter = blocks(parameterGroup.config.parameter).find((entry) => entry.name === requirement.name);
    if (parameter && requirement.on.includes(String(parameter.value).toLowerCase())) return undefined;
    const current = parameter
      ? `${requirement.name} = ${JSON.stringify(parameter.value)}`
      : `${requirement.name} is not set`;
    return `accepts unencrypted connections (its parameter group ${parameterGroup.address}: ${current}). ${fix}`;
  },
};
