// Session Manager's preferences for the account and region: every session's data encrypted with a key of its own on
// top of TLS, and streamed to a log group encrypted with the same key. AWS reads them from one document, `SSM-SessionManagerRunShell`, which a session without another
// document uses: creating it is what turns logging on for every `aws ssm start-session`.
import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';
import type { Construct } from 'constructs';
import { logGroup } from '../../constructs/log-group';
import { accountAdministersKey, onlyBreakGlassDestroysKey } from '../../constructs/iam';

/** The document Session Manager reads its preferences from, one per account and region. */
export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';

/** The session log group of a project: account-wide, as the preferences are (`/<project>/session-manager`). */
export function sessionLogGroupName(project: string): string {
  return `/${project}/session-manager`;
}

/** The alias of the key of the sessions' data and logs: the instance roles may decrypt with it, and nothing else. */
export function sessionKeyAlias(project: string): string {
  return `alias/${project}-session-manager`;
}

export interface SessionManagerPreferencesProps {
  readonly project: string;
  readonly region: string;
  readonly account: string;
  /** Sessions are an audit record: a year by default. */
  readonly retentionInDays: number;
  /** In a protected environment, the one role that may delete, disable or re-policy the session key. */
  readonly breakGlassRoleArn?: string;
  readonly tags: Record<string, string>;
}

/** The key, the log group and the preferences document. Returns the log group. */
export function sessionManagerPreferences(scope: Construct, props: SessionManagerPreferencesProps): CloudwatchLogGroup {
  const name = sessionLogGroupName(props.project);
  const groupArn = `arn:aws:logs:${props.region}:${props.account}:log-group:${name}`;
  const key = new KmsKey(scope, 'SessionLogKey', {
    description: `Session Manager sessions of project ${props.project}: their data, and their logs in ${name}`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        accountAdministersKey(props.account),
        {
          // CloudWatch Logs encrypts and decrypts this one log group's events; nothing else may use the key through it.
          Sid: 'CloudWatchLogsUsesItForTheSessionLogGroup',
          Effect: 'Allow',
          Principal: { Service: `logs.${props.region}.amazonaws.com` },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': groupArn } },
        },
        ...(props.breakGlassRoleArn ? [onlyBreakGlassDestroysKey(props.breakGlassRoleArn)] : []),
      ],
    }),
    // Its creator, the deploy role, may not change the policy afterwards (the guard above): KMS's lockout check
    // would refuse to create it otherwise.
    ...(props.breakGlassRoleArn ? { bypassPolicyLockoutSafetyCheck: true } : {}),
    tags: { ...props.tags, Name: `${props.project}-session-manager` },
  });
  new KmsAlias(scope, 'SessionLogKeyAlias', { name: sessionKeyAlias(props.project), targetKeyId: key.keyId });
  const group = logGroup(scope, 'SessionLogGroup', {
    name,
    retentionInDays: props.retentionInDays,
    kmsKeyId: key.arn,
    tags: { ...props.tags, Name: `${props.project}-session-manager` },
  });
  new SsmDocument(scope, 'SessionManagerPreferences', {
    name: SESSION_PREFERENCES_DOCUMENT,
    documentType: 'Session',
    documentFormat: 'JSON',
    content: JSON.stringify({
      schemaVersion: '1.0',
      description:
        'Session Manager preferences: every session encrypted with a KMS key and streamed to an encrypted log group',
      sessionType: 'Standard_Stream',
      inputs: {
        s3BucketName: '',
        s3KeyPrefix: '',
        s3EncryptionEnabled: true,
        cloudWatchLogGroupName: name,
        // The agent refuses to log to a group without a KMS key, so a replaced group cannot silently drop encryption.
        cloudWatchEncryptionEnabled: true,
        // Streamed as typed, not uploaded at the end: a session cut off, or an instance terminated mid-session, is
        // logged up to that moment.
        cloudWatchStreamingEnabled: true,
        idleSessionTimeout: '20',
        maxSessionDuration: '',
        // Session data encrypted end to end with this key, inside TLS: whoever starts a session needs
        // kms:GenerateDataKey on it, the instance kms:Decrypt (its role's policy).
        kmsKeyId: key.arn,
        runAsEnabled: false,
        runAsDefaultUser: '',
        shellProfile: { windows: '', linux: '' },
      },
    }),
    tags: { ...props.tags, Name: SESSION_PREFERENCES_DOCUMENT },
    // The group first: a session starting in between would find no group to log to.
    dependsOn: [group],
  });
  return group;
}
