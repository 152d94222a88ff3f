// The master user has a name of its own, not the engine default an attacker tries first.
import type { PolicyRule } from '../../rule';

/** The default master user names Security Hub RDS.25 (AWS Config rds-instance-default-admin-check) rejects. */
const DEFAULT_NAMES = ['admin', 'postgres'];

export const databaseCustomAdminName: PolicyRule = {
  id: 'RDS-CUSTOM-ADMIN-NAME',
  title: 'RDS instances do not use a default master user name ("admin", "postgres")',
  publicIds: { fsbp: ['RDS.25'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    const username = resource.config.username;
    if (typeof username !== 'string' || !DEFAULT_NAMES.includes(username.toLowerCase())) return undefined;
    return `uses a default master user name, half of the credentials an attacker has to guess (username = "${username}"). Fix: set username to a name of your own, for example "<project>_admin"; changing it replaces the instance.`;
  },
};
