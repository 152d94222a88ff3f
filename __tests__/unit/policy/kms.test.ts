// KMS rules: each with a compliant and a non-compliant case.
import { kmsRules } from '../../../src/policy/rules/kms';
import { kmsKeyPolicy } from '../../../src/policy/rules/kms/key-policy';
import { kmsKeyRotation } from '../../../src/policy/rules/kms/key-rotation';
import type { PolicyRule } from '../../../src/policy/rule';
import { envOf, verdict } from '../../helpers/policy';

/** One `aws_kms_key.k` with `config`, checked by `rule`. */
function check(rule: PolicyRule, config: Record<string, unknown>): string | undefined {
  return verdict(rule, envOf({ 'aws_kms_key.k': config }), 'aws_kms_key.k');
}

describe('kmsRules', () => {
  it('lists every KMS rule once, each for keys', () => {
    expect(kmsRules.map((rule) => rule.id)).toEqual(['KMS-KEY-ROTATION', 'KMS-KEY-POLICY']);
    expect(kmsRules.every((rule) => rule.appliesTo.includes('aws_kms_key'))).toBe(true);
  });
});

describe('KMS-KEY-ROTATION', () => {
  it('passes rotation on, and asymmetric keys, which KMS cannot rotate', () => {
    expect(check(kmsKeyRotation, { enable_key_rotation: true })).toBeUndefined();
    expect(
      check(kmsKeyRotation, { enable_key_rotation: 'true', customer_master_key_spec: 'SYMMETRIC_DEFAULT' }),
    ).toBeUndefined();
    expect(check(kmsKeyRotation, { customer_master_key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY' })).toBeUndefined();
  });

  it('fails rotation off or unset on a symmetric key', () => {
    expect(check(kmsKeyRotation, { enable_key_rotation: false })).toMatch(/Fix: set enable_key_rotation = true/);
    expect(check(kmsKeyRotation, {})).toMatch(/Fix:/);
  });
});

describe('KMS-KEY-POLICY', () => {
  it('passes a key with its own policy', () => {
    expect(check(kmsKeyPolicy, { policy: '{"Version":"2012-10-17","Statement":[]}' })).toBeUndefined();
  });

  it('fails a key left on the default policy', () => {
    expect(check(kmsKeyPolicy, {})).toMatch(/Fix: set policy/);
    expect(check(kmsKeyPolicy, { policy: ' ' })).toMatch(/Fix:/);
  });
});
