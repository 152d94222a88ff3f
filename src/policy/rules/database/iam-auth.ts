// Database users can sign in with short-lived IAM tokens instead of long-lived passwords.
import type { PolicyRule } from '../../rule';
import { databaseEngineFamily, isTrue } from '../values';

/** The engines RDS offers IAM database authentication for. */
const SUPPORTED = ['mysql', 'mariadb', 'postgres'];

export const databaseIamAuth: PolicyRule = {
  id: 'RDS-IAM-AUTH',
  title: 'RDS MySQL, MariaDB and PostgreSQL instances enable IAM database authentication',
  publicIds: { checkov: ['CKV_AWS_161'], fsbp: ['RDS.10'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    const engine = databaseEngineFamily(resource.config.engine);
    if (!engine || !SUPPORTED.includes(engine)) return undefined;
    if (isTrue(resource.config.iam_database_authentication_enabled)) return undefined;
    return 'accepts database passwords only, no IAM authentication tokens (iam_database_authentication_enabled is not true). Fix: set iam_database_authentication_enabled = true and grant rds-db:connect to the roles that connect.';
  },
};
