// Alerts name resources, addresses and errors of the environment: the topic keeps them encrypted at rest.
import type { PolicyRule } from '../../rule';

export const snsEncrypted: PolicyRule = {
  id: 'SNS-ENCRYPTED',
  title: 'SNS topics are encrypted at rest with a KMS key (kms_master_key_id is set)',
  publicIds: { checkov: ['CKV_AWS_26'], fsbp: ['SNS.1'] },
  appliesTo: ['aws_sns_topic'],
  check(resource) {
    const key = resource.config.kms_master_key_id;
    if (typeof key === 'string' && key.trim() !== '') return undefined;
    return 'stores its messages unencrypted (kms_master_key_id is not set). Fix: set kms_master_key_id to a customer managed key whose policy lets the publishers (cloudwatch.amazonaws.com, events.amazonaws.com, ...) use it; the AWS managed alias/aws/sns does not.';
  },
};
