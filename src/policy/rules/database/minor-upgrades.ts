// RDS applies minor engine versions (security fixes) in the maintenance window.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const databaseMinorUpgrades: PolicyRule = {
  id: 'RDS-MINOR-UPGRADES',
  title: 'RDS instances take minor engine upgrades automatically (auto_minor_version_upgrade = true, set explicitly)',
  publicIds: { checkov: ['CKV_AWS_226'], fsbp: ['RDS.13'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    const value = resource.config.auto_minor_version_upgrade;
    if (isTrue(value)) return undefined;
    // AWS defaults it to true, but checkov CKV_AWS_226 fails an instance that leaves it out: it must be written.
    const what =
      value === undefined
        ? 'auto_minor_version_upgrade is not set; checkov fails the AWS default'
        : 'auto_minor_version_upgrade = false';
    return `may miss the engine's security fixes (${what}). Fix: set auto_minor_version_upgrade = true.`;
  },
};
