// CloudWatch log groups are encrypted with a KMS key the account controls.
import type { PolicyRule } from '../../rule';

export const logsKms: PolicyRule = {
  id: 'LOGS-KMS',
  title: 'CloudWatch log groups are encrypted with a KMS key (kms_key_id is set)',
  publicIds: { checkov: ['CKV_AWS_158'] },
  appliesTo: ['aws_cloudwatch_log_group'],
  check(resource) {
    const key = resource.config.kms_key_id;
    if (typeof key === 'string' && key.trim() !== '') return undefined;
    return 'is not encrypted with a KMS key of the account (kms_key_id is not set). Fix: set kms_key_id to the ARN of a KMS key whose policy lets logs.<region>.amazonaws.com use it.';
  },
};
