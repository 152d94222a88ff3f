// Database rules.
import type { PolicyRule } from '../../rule';
import { databaseBackups } from './backups';
import { databaseCaCertificate } from './ca-certificate';
import { databaseCopyTags } from './copy-tags';
import { databaseCustomAdminName } from './custom-admin-name';
import { databaseDeletionProtection } from './deletion-protection';
import { databaseEncrypted } from './encrypted';
import { databaseEnhancedMonitoring } from './enhanced-monitoring';
import { databaseFinalSnapshot } from './final-snapshot';
import { databaseIamAuth } from './iam-auth';
import { databaseLogExports } from './log-exports';
import { databaseManagedPassword } from './managed-password';
import { databaseMinorUpgrades } from './minor-upgrades';
import { databaseMultiAz } from './multi-az';
import { databaseNonDefaultPort } from './non-default-port';
import { databaseNotPublic } from './not-public';
import { databasePerformanceInsights } from './performance-insights';
import { databasePerformanceInsightsKms } from './performance-insights-kms';
import { databasePreventDestroy } from './prevent-destroy';
import { databaseTlsEnforced } from './tls-enforced';

export const databaseRules: readonly PolicyRule[] = [
  databaseEncrypted,
  databaseNotPublic,
  databaseBackups,
  databaseMultiAz,
  databaseDeletionProtection,
  databaseFinalSnapshot,
  databasePreventDestroy,
  databaseIamAuth,
  databaseEnhancedMonitoring,
  databaseLogExports,
  databaseMinorUpgrades,
  databaseCopyTags,
  databasePerformanceInsights,
  databasePerformanceInsightsKms,
  databaseTlsEnforced,
  databaseCaCertificate,
  databaseNonDefaultPort,
  databaseCustomAdminName,
  databaseManagedPassword,
];
