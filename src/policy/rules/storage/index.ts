// Storage rules.
import type { PolicyRule } from '../../rule';
import { s3AccessLogs } from './s3-access-logs';
import { s3Encryption } from './s3-encryption';
import { s3EventNotifications } from './s3-event-notifications';
import { s3KmsEncryption } from './s3-kms-encryption';
import { s3Lifecycle } from './s3-lifecycle';
import { s3ObjectLock } from './s3-object-lock';
import { s3OwnerEnforced } from './s3-owner-enforced';
import { s3PreventDestroy } from './s3-prevent-destroy';
import { s3PublicAccessBlock } from './s3-public-access-block';
import { s3Replication } from './s3-replication';
import { s3TlsOnly } from './s3-tls-only';
import { s3Versioning } from './s3-versioning';

export const storageRules: readonly PolicyRule[] = [
  s3Versioning,
  s3Encryption,
  s3KmsEncryption,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3OwnerEnforced,
  s3Lifecycle,
  s3AccessLogs,
  s3Replication,
  s3EventNotifications,
  s3ObjectLock,
  s3PreventDestroy,
];
