// A symmetric KMS key rotates its key material every year, so a leaked or broken generation protects less data.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const kmsKeyRotation: PolicyRule = {
  id: 'KMS-KEY-ROTATION',
  title: 'Symmetric KMS keys rotate their key material automatically (enable_key_rotation = true)',
  publicIds: { checkov: ['CKV_AWS_7'], cdkNag: ['AwsSolutions-KMS5'], fsbp: ['KMS.4'] },
  appliesTo: ['aws_kms_key'],
  check(resource) {
    const spec = resource.config.customer_master_key_spec;
    // KMS rotates only symmetric encryption keys; asymmetric and HMAC keys cannot be rotated automatically.
    if (typeof spec === 'string' && spec !== 'SYMMETRIC_DEFAULT') return undefined;
    if (isTrue(resource.config.enable_key_rotation)) return undefined;
    return 'keeps the same key material for ever (enable_key_rotation is not true). Fix: set enable_key_rotation = true; KMS keeps the old generations, so existing data stays readable.';
  },
};
