// Session Manager's preferences encrypt every session with a KMS key and log it to an encrypted destination, so a
// shell on an instance leaves a record and its keystrokes never travel under TLS alone.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

interface SessionInputs {
  readonly kmsKeyId?: unknown;
  readonly cloudWatchLogGroupName?: unknown;
  readonly cloudWatchEncryptionEnabled?: unknown;
  readonly s3BucketName?: unknown;
  readonly s3EncryptionEnabled?: unknown;
}

const filled = (value: unknown) => typeof value === 'string' && value.trim() !== '';

export const ssmSessionEncryptedAndLogged: PolicyRule = {
  id: 'SSM-SESSION-ENCRYPTED-LOGGED',
  title:
    'Session Manager preferences (Session documents) encrypt session data with a KMS key and log to an encrypted destination',
  publicIds: { checkov: ['CKV_AWS_112', 'CKV_AWS_113'] },
  appliesTo: ['aws_ssm_document'],
  check(resource) {
    if (resource.config.document_type !== 'Session') return undefined;
    let content: { sessionType?: unknown; inputs?: SessionInputs };
    try {
      content = JSON.parse(String(resource.config.content)) as typeof content;
    } catch {
      return 'has content that is not JSON, so its preferences cannot be checked. Fix: write the document in JSON (document_format = "JSON").';
    }
    if (content.sessionType !== 'Standard_Stream') return undefined;
    const inputs = content.inputs ?? {};
    const problems: string[] = [];
    if (!filled(inputs.kmsKeyId)) problems.push('session data is protected by TLS only (inputs.kmsKeyId is empty)');
    const cloudWatch = filled(inputs.cloudWatchLogGroupName) && isTrue(inputs.cloudWatchEncryptionEnabled);
    const s3 = filled(inputs.s3BucketName) && isTrue(inputs.s3EncryptionEnabled);
    if (!cloudWatch && !s3)
      problems.push(
        'sessions are not logged to an encrypted destination (no cloudWatchLogGroupName with cloudWatchEncryptionEnabled, nor s3BucketName with s3EncryptionEnabled)',
      );
    if (problems.length === 0) return undefined;
    return `${problems.join('; ')}. Fix: set inputs.kmsKeyId to a KMS key the instances may decrypt with, and inputs.cloudWatchLogGroupName to a log group with a KMS key, with cloudWatchEncryptionEnabled = true.`;
  },
};
