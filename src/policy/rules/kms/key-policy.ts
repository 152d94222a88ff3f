// A KMS key states who may use it in its own key policy, which IAM policies elsewhere cannot widen.
import type { PolicyRule } from '../../rule';

export const kmsKeyPolicy: PolicyRule = {
  id: 'KMS-KEY-POLICY',
  title: 'KMS keys carry an explicit key policy (policy is set)',
  publicIds: { checkov: ['CKV2_AWS_64'] },
  appliesTo: ['aws_kms_key'],
  check(resource) {
    const policy = resource.config.policy;
    if (typeof policy === 'string' && policy.trim() !== '') return undefined;
    return "has no key policy of its own, so AWS's default one lets any IAM policy of the account grant the key (policy is not set). Fix: set policy to a key policy naming the principals that may administer and use the key, keeping one administrator so the key cannot be orphaned.";
  },
};
