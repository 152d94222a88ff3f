// Database rules: each with a compliant and a non-compliant case.
import { databaseRules } from '../../../src/policy/rules/database';
import { databaseBackups } from '../../../src/policy/rules/database/backups';
import { databaseCaCertificate } from '../../../src/policy/rules/database/ca-certificate';
import { databaseCopyTags } from '../../../src/policy/rules/database/copy-tags';
import { databaseCustomAdminName } from '../../../src/policy/rules/database/custom-admin-name';
import { databaseDeletionProtection } from '../../../src/policy/rules/database/deletion-protection';
import { databaseEncrypted } from '../../../src/policy/rules/database/encrypted';
import { databaseEnhancedMonitoring } from '../../../src/policy/rules/database/enhanced-monitoring';
import { databaseFinalSnapshot } from '../../../src/policy/rules/database/final-snapshot';
import { databaseIamAuth } from '../../../src/policy/rules/database/iam-auth';
import { databaseLogExports } from '../../../src/policy/rules/database/log-exports';
import { databaseManagedPassword } from '../../../src/policy/rules/database/managed-password';
import { databaseMinorUpgrades } from '../../../src/policy/rules/database/minor-upgrades';
import { databaseMultiAz } from '../../../src/policy/rules/database/multi-az';
import { databaseNonDefaultPort } from '../../../src/policy/rules/database/non-default-port';
import { databaseNotPublic } from '../../../src/policy/rules/database/not-public';
import { databasePerformanceInsights } from '../../../src/policy/rules/database/performance-insights';
import { databasePerformanceInsightsKms } from '../../../src/policy/rules/database/performance-insights-kms';
import { databasePreventDestroy } from '../../../src/policy/rules/database/prevent-destroy';
import { databaseTlsEnforced } from '../../../src/policy/rules/database/tls-enforced';
import type { PolicyRule } from '../../../src/policy/rule';
import { envOf, verdict } from '../../helpers/policy';

/** One `aws_db_instance.db` with `config`, checked by `rule`. */
function check(rule: PolicyRule, config: Record<string, unknown>): string | undefined {
  return verdict(rule, envOf({ 'aws_db_instance.db': config }), 'aws_db_instance.db');
}

describe('databaseRules', () => {
  it('lists every database rule once', () => {
    expect(new Set(databaseRules.map((rule) => rule.id)).size).toBe(19);
    expect(databaseRules.every((rule) => rule.appliesTo.includes('aws_db_instance'))).toBe(true);
  });
});

describe('RDS-ENCRYPTED', () => {
  it('passes true and "true"', () => {
    expect(check(databaseEncrypted, { storage_encrypted: true })).toBeUndefined();
    expect(check(databaseEncrypted, { storage_encrypted: 'true' })).toBeUndefined();
  });

  it('fails false and unset', () => {
    expect(check(databaseEncrypted, { storage_encrypted: false })).toMatch(/Fix: set storage_encrypted = true/);
    expect(check(databaseEncrypted, {})).toMatch(/Fix:/);
  });
});

describe('RDS-NOT-PUBLIC', () => {
  it('passes false and unset', () => {
    expect(check(databaseNotPublic, { publicly_accessible: false })).toBeUndefined();
    expect(check(databaseNotPublic, {})).toBeUndefined();
  });

  it('fails true and "true"', () => {
    expect(check(databaseNotPublic, { publicly_accessible: true })).toMatch(/Fix: set publicly_accessible = false/);
    expect(check(databaseNotPublic, { publicly_accessible: 'true' })).toMatch(/Fix:/);
  });
});

describe('RDS-BACKUPS', () => {
  it('passes 7 days or more (number or string), and a read replica', () => {
    expect(check(databaseBackups, { backup_retention_period: 7 })).toBeUndefined();
    expect(check(databaseBackups, { backup_retention_period: '14' })).toBeUndefined();
    expect(check(databaseBackups, { replicate_source_db: '${aws_db_instance.primary.identifier}' })).toBeUndefined();
  });

  it('fails fewer days, 0, and the unset 1-day default', () => {
    expect(check(databaseBackups, { backup_retention_period: 3 })).toMatch(/= 3.*Fix: set backup_retention_period = 7/);
    expect(check(databaseBackups, { backup_retention_period: 0 })).toMatch(/Fix:/);
    expect(check(databaseBackups, {})).toMatch(/keeps 1 day.*Fix:/);
  });
});

describe('RDS-MULTI-AZ', () => {
  it('passes true and "true"', () => {
    expect(check(databaseMultiAz, { multi_az: true })).toBeUndefined();
    expect(check(databaseMultiAz, { multi_az: 'true' })).toBeUndefined();
  });

  it('fails false and unset', () => {
    expect(check(databaseMultiAz, { multi_az: false })).toMatch(/Fix: set multi_az = true/);
    expect(check(databaseMultiAz, {})).toMatch(/Fix:/);
  });
});

describe('RDS-DELETION-PROTECTION', () => {
  it('passes true and "true"', () => {
    expect(check(databaseDeletionProtection, { deletion_protection: true })).toBeUndefined();
    expect(check(databaseDeletionProtection, { deletion_protection: 'true' })).toBeUndefined();
  });

  it('fails false and unset', () => {
    expect(check(databaseDeletionProtection, { deletion_protection: false })).toMatch(
      /Fix: set deletion_protection = true/,
    );
    expect(check(databaseDeletionProtection, {})).toMatch(/Fix:/);
  });
});

describe('RDS-FINAL-SNAPSHOT', () => {
  it('passes a named final snapshot that is not skipped', () => {
    expect(
      check(databaseFinalSnapshot, { skip_final_snapshot: false, final_snapshot_identifier: 'db-final' }),
    ).toBeUndefined();
    expect(check(databaseFinalSnapshot, { final_snapshot_identifier: 'db-final' })).toBeUndefined();
  });

  it('fails a skipped snapshot ("true" too) and a missing identifier', () => {
    expect(
      check(databaseFinalSnapshot, { skip_final_snapshot: 'true', final_snapshot_identifier: 'db-final' }),
    ).toMatch(/skip_final_snapshot = true.*Fix:/);
    expect(check(databaseFinalSnapshot, { skip_final_snapshot: false })).toMatch(
      /final_snapshot_identifier is not set.*Fix:/,
    );
  });
});

describe('RDS-PREVENT-DESTROY', () => {
  it('passes lifecycle.prevent_destroy true, as an object or a list', () => {
    expect(check(databasePreventDestroy, { lifecycle: { prevent_destroy: true } })).toBeUndefined();
    expect(check(databasePreventDestroy, { lifecycle: [{ prevent_destroy: 'true' }] })).toBeUndefined();
  });

  it('fails false and no lifecycle block', () => {
    expect(check(databasePreventDestroy, { lifecycle: { prevent_destroy: false } })).toMatch(
      /Fix: set lifecycle \{ prevent_destroy = true \}/,
    );
    expect(check(databasePreventDestroy, {})).toMatch(/Fix:/);
  });
});

describe('RDS-IAM-AUTH', () => {
  it('passes MySQL with IAM auth, and engines RDS offers no IAM auth for', () => {
    expect(check(databaseIamAuth, { engine: 'mysql', iam_database_authentication_enabled: 'true' })).toBeUndefined();
    expect(check(databaseIamAuth, { engine: 'oracle-ee' })).toBeUndefined();
  });

  it('fails PostgreSQL and MariaDB without it', () => {
    expect(check(databaseIamAuth, { engine: 'postgres', iam_database_authentication_enabled: false })).toMatch(
      /Fix: set iam_database_authentication_enabled = true/,
    );
    expect(check(databaseIamAuth, { engine: 'mariadb' })).toMatch(/Fix:/);
  });
});

describe('RDS-ENHANCED-MONITORING', () => {
  it('passes an interval with a role (number or string)', () => {
    expect(
      check(databaseEnhancedMonitoring, { monitoring_interval: 60, monitoring_role_arn: '${aws_iam_role.m.arn}' }),
    ).toBeUndefined();
    expect(
      check(databaseEnhancedMonitoring, { monitoring_interval: '15', monitoring_role_arn: 'arn:aws:iam::1:role/m' }),
    ).toBeUndefined();
  });

  it('fails 0, unset, an interval RDS does not accept, and a missing role', () => {
    expect(check(databaseEnhancedMonitoring, { monitoring_interval: 0, monitoring_role_arn: 'arn' })).toMatch(
      /0 or not set.*Fix:/,
    );
    expect(check(databaseEnhancedMonitoring, {})).toMatch(/Fix: set monitoring_interval = 60/);
    expect(check(databaseEnhancedMonitoring, { monitoring_interval: 20, monitoring_role_arn: 'arn' })).toMatch(
      /= 20.*Fix:/,
    );
    expect(check(databaseEnhancedMonitoring, { monitoring_interval: 60 })).toMatch(
      /monitoring_role_arn is not set.*Fix:/,
    );
  });
});

describe('RDS-LOG-EXPORTS', () => {
  it('passes a non-empty list', () => {
    expect(
      check(databaseLogExports, { engine: 'mysql', enabled_cloudwatch_logs_exports: ['error', 'slowquery'] }),
    ).toBeUndefined();
  });

  it("fails an empty or missing list, suggesting the engine's logs", () => {
    expect(check(databaseLogExports, { engine: 'postgres', enabled_cloudwatch_logs_exports: [] })).toMatch(
      /Fix: set enabled_cloudwatch_logs_exports = \["postgresql", "upgrade"\]/,
    );
    expect(check(databaseLogExports, { engine: 'mysql' })).toMatch(/"slowquery"\]\./);
  });
});

describe('RDS-MINOR-UPGRADES', () => {
  it('passes true and "true"', () => {
    expect(check(databaseMinorUpgrades, { auto_minor_version_upgrade: true })).toBeUndefined();
    expect(check(databaseMinorUpgrades, { auto_minor_version_upgrade: 'true' })).toBeUndefined();
  });

  it('fails false, and unset (checkov fails the implicit default)', () => {
    expect(check(databaseMinorUpgrades, { auto_minor_version_upgrade: false })).toMatch(
      /Fix: set auto_minor_version_upgrade = true/,
    );
    expect(check(databaseMinorUpgrades, {})).toMatch(/not set.*Fix:/);
  });
});

describe('RDS-COPY-TAGS', () => {
  it('passes true and "true"', () => {
    expect(check(databaseCopyTags, { copy_tags_to_snapshot: true })).toBeUndefined();
    expect(check(databaseCopyTags, { copy_tags_to_snapshot: 'true' })).toBeUndefined();
  });

  it('fails false and unset', () => {
    expect(check(databaseCopyTags, { copy_tags_to_snapshot: false })).toMatch(/Fix: set copy_tags_to_snapshot = true/);
    expect(check(databaseCopyTags, {})).toMatch(/Fix:/);
  });
});

describe('RDS-PERFORMANCE-INSIGHTS', () => {
  it('passes an instance with it on, and MySQL on a class that has none', () => {
    expect(
      check(databasePerformanceInsights, { engine: 'postgres', performance_insights_enabled: 'true' }),
    ).toBeUndefined();
    expect(check(databasePerformanceInsights, { engine: 'mysql', instance_class: 'db.t3.micro' })).toBeUndefined();
  });

  it('fails it off where it is offered', () => {
    expect(
      check(databasePerformanceInsights, {
        engine: 'mysql',
        instance_class: 'db.m7g.large',
        performance_insights_enabled: false,
      }),
    ).toMatch(/Fix: set performance_insights_enabled = true/);
    expect(check(databasePerformanceInsights, { engine: 'postgres', instance_class: 'db.t3.micro' })).toMatch(/Fix:/);
  });
});

describe('RDS-PERFORMANCE-INSIGHTS-KMS', () => {
  it('passes Performance Insights with a key, and Performance Insights off', () => {
    expect(
      check(databasePerformanceInsightsKms, {
        performance_insights_enabled: true,
        performance_insights_kms_key_id: '${aws_kms_key.pi.arn}',
      }),
    ).toBeUndefined();
    expect(check(databasePerformanceInsightsKms, { performance_insights_enabled: false })).toBeUndefined();
  });

  it('fails Performance Insights on ("true" too) without a key', () => {
    expect(check(databasePerformanceInsightsKms, { performance_insights_enabled: 'true' })).toMatch(
      /Fix: set performance_insights_kms_key_id/,
    );
  });
});

describe('RDS-TLS-ENFORCED', () => {
  const mysqlGroup = (value: string) => ({
    family: 'mysql8.4',
    parameter: [
      { name: 'slow_query_log', value: '1' },
      { name: 'require_secure_transport', value },
    ],
  });

  it('passes instances whose referenced parameter group requires TLS (MySQL 1 or ON, PostgreSQL rds.force_ssl = 1)', () => {
    const env = envOf({
      'aws_db_parameter_group.mysql': mysqlGroup('1'),
      'aws_db_parameter_group.mysqlon': mysqlGroup('ON'),
      'aws_db_parameter_group.pg': { family: 'postgres16', parameter: { name: 'rds.force_ssl', value: 1 } },
      'aws_db_instance.a': { engine: 'mysql', parameter_group_name: '${aws_db_parameter_group.mysql.name}' },
      'aws_db_instance.b': { engine: 'mysql', parameter_group_name: '${aws_db_parameter_group.mysqlon.id}' },
      'aws_db_instance.c': { engine: 'postgres', parameter_group_name: '${aws_db_parameter_group.pg.name}' },
      'aws_db_instance.d': { engine: 'oracle-ee' },
    });
    for (const name of ['a', 'b', 'c', 'd'])
      expect(verdict(databaseTlsEnforced, env, `aws_db_instance.${name}`)).toBeUndefined();
  });

  it('fails a group that leaves TLS optional, a group without the parameter, a literal group name and no group', () => {
    const env = envOf({
      'aws_db_parameter_group.off': mysqlGroup('0'),
      'aws_db_parameter_group.pg': {
        family: 'postgres16',
        parameter: [{ name: 'log_min_duration_statement', value: '2000' }],
      },
      'aws_db_instance.a': { engine: 'mysql', parameter_group_name: '${aws_db_parameter_group.off.name}' },
      'aws_db_instance.b': { engine: 'postgres', parameter_group_name: '${aws_db_parameter_group.pg.name}' },
      'aws_db_instance.c': { engine: 'mariadb', parameter_group_name: 'default.mariadb10.11' },
      'aws_db_instance.d': { engine: 'postgres' },
    });
    expect(verdict(databaseTlsEnforced, env, 'aws_db_instance.a')).toMatch(
      /require_secure_transport = "0".*Fix: point parameter_group_name/,
    );
    expect(verdict(databaseTlsEnforced, env, 'aws_db_instance.b')).toMatch(/rds.force_ssl is not set.*Fix:/);
    expect(verdict(databaseTlsEnforced, env, 'aws_db_instance.c')).toMatch(/not an aws_db_parameter_group.*Fix:/);
    expect(verdict(databaseTlsEnforced, env, 'aws_db_instance.d')).toMatch(/no parameter_group_name.*Fix:/);
  });
});

describe('RDS-CA-CERTIFICATE', () => {
  it('passes a current RDS CA', () => {
    expect(check(databaseCaCertificate, { ca_cert_identifier: 'rds-ca-rsa2048-g1' })).toBeUndefined();
    expect(check(databaseCaCertificate, { ca_cert_identifier: 'rds-ca-ecc384-g1' })).toBeUndefined();
  });

  it('fails the retired rds-ca-2019 and an unset CA', () => {
    expect(check(databaseCaCertificate, { ca_cert_identifier: 'rds-ca-2019' })).toMatch(
      /rds-ca-2019.*Fix: set ca_cert_identifier/,
    );
    expect(check(databaseCaCertificate, {})).toMatch(/not set.*Fix:/);
  });
});

describe('RDS-NON-DEFAULT-PORT', () => {
  it('passes a port other than the engine default (number or string)', () => {
    expect(check(databaseNonDefaultPort, { engine: 'mysql', port: 3307 })).toBeUndefined();
    expect(check(databaseNonDefaultPort, { engine: 'postgres', port: '6432' })).toBeUndefined();
  });

  it('fails the default port, written or implied', () => {
    expect(check(databaseNonDefaultPort, { engine: 'mariadb', port: '3306' })).toMatch(/port = 3306.*Fix: set port/);
    expect(check(databaseNonDefaultPort, { engine: 'postgres' })).toMatch(/not set, so it is 5432.*Fix:/);
  });
});

describe('RDS-CUSTOM-ADMIN-NAME', () => {
  it('passes a name of its own, and a replica without one', () => {
    expect(check(databaseCustomAdminName, { engine: 'mysql', username: 'app' })).toBeUndefined();
    expect(check(databaseCustomAdminName, { replicate_source_db: 'primary' })).toBeUndefined();
  });

  it('fails "admin" and "postgres"', () => {
    expect(check(databaseCustomAdminName, { engine: 'mysql', username: 'admin' })).toMatch(/Fix: set username/);
    expect(check(databaseCustomAdminName, { engine: 'postgres', username: 'postgres' })).toMatch(/Fix:/);
  });
});

describe('RDS-MANAGED-PASSWORD', () => {
  it('passes an RDS-managed password ("true" too), a referenced password and no password', () => {
    expect(check(databaseManagedPassword, { manage_master_user_password: 'true' })).toBeUndefined();
    expect(check(databaseManagedPassword, { password: '${random_password.db.result}' })).toBeUndefined();
    expect(check(databaseManagedPassword, { replicate_source_db: 'primary' })).toBeUndefined();
  });

  it('fails a literal password or password_wo', () => {
    expect(check(databaseManagedPassword, { password: 'hunter2hunter2' })).toMatch(
      /Fix: remove password and set manage_master_user_password = true/,
    );
    expect(
      check(databaseManagedPassword, { password_wo: 'hunter2hunter2', manage_master_user_password: false }),
    ).toMatch(/password_wo.*Fix:/);
  });
});
