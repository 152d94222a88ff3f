// Compute rules: each with a compliant and a non-compliant case.
import { imdsv2Required } from '../../../src/policy/rules/compute/imdsv2-required';
import { envOf, verdict } from '../../helpers/policy';

describe('EC2-IMDSV2', () => {
  it('passes an instance and a launch template that require tokens', () => {
    const env = envOf({
      'aws_instance.a': { metadata_options: { http_tokens: 'required' } },
      'aws_launch_template.b': { metadata_options: [{ http_tokens: 'required' }] },
    });
    expect(verdict(imdsv2Required, env, 'aws_instance.a')).toBeUndefined();
    expect(verdict(imdsv2Required, env, 'aws_launch_template.b')).toBeUndefined();
  });

  it('fails optional tokens and a missing block, naming the fix', () => {
    const env = envOf({ 'aws_instance.a': { metadata_options: { http_tokens: 'optional' } }, 'aws_launch_template.b': {} });
    expect(verdict(imdsv2Required, env, 'aws_instance.a')).toMatch(/Fix: set metadata_options/);
    expect(verdict(imdsv2Required, env, 'aws_launch_template.b')).toMatch(/IMDSv1/);
  });
});
