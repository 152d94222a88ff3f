// The AWS provider holds no literal credentials: they would sit in the synthesized JSON, the repository and the state.
import type { PolicyRule } from '../../rule';
import { isExpression } from '../values';

const CREDENTIALS = ['access_key', 'secret_key', 'token'] as const;

export const providerNoCredentials: PolicyRule = {
  id: 'PROVIDER-NO-CREDENTIALS',
  title: 'The aws provider sets no literal access_key, secret_key or token',
  publicIds: { checkov: ['CKV_AWS_41'] },
  appliesTo: ['provider.aws'],
  check(resource) {
    const literal = CREDENTIALS.filter((key) => {
      const value = resource.config[key];
      return typeof value === 'string' && value.trim() !== '' && !isExpression(value);
    });
    if (literal.length === 0) return undefined;
    return `sets ${literal.join(', ')} as literal values, which end up in the synthesized JSON and in version control. Fix: remove ${literal.join(', ')} from the provider and let it read credentials from the environment (AWS_PROFILE, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, SSO, an instance or CI role), or use assume_role { role_arn = "..." }.`;
  },
};
