// Role trust policies trust only the environment's own account: its roles, users and identity providers, or AWS
// services. The deploy role may rewrite any of the environment's roles' trust (IAM has no condition key on a trust
// policy's principals), so this rule is what keeps a role assumable from another account out of the stacks.
import type { PolicyRule } from '../../rule';
import { policyStatements, stringList } from '../values';

/** The account ID as Terraform computes it: the only account an ARN in a trust may name. */
const OWN_ACCOUNT = /\$\{data\.aws_caller_identity\.[A-Za-z0-9_-]+\.account_id\}/;
/** A reference to a principal or identity provider the same configuration manages. */
const OWN_PRINCIPAL =
  /^\$\{(aws_iam_role|aws_iam_user|aws_iam_openid_connect_provider|aws_iam_saml_provider)\.[A-Za-z0-9_-]+\.arn\}$/;

/** Whether one Principal.AWS or Principal.Federated entry is of the environment's own account. */
function inAccount(principal: string): boolean {
  return OWN_PRINCIPAL.test(principal) || (principal.startsWith('arn:') && OWN_ACCOUNT.test(principal));
}

export const trustInAccount: PolicyRule = {
  id: 'IAM-TRUST-IN-ACCOUNT',
  title:
    "Role trust policies trust only the environment's own account (its roles, users, identity providers) or AWS services",
  // No public rule set checks this; the project's own (checkov's CKV_AWS_60/61 only refuse "*" and whole accounts).
  publicIds: {},
  appliesTo: ['aws_iam_role'],
  check(resource) {
    const statements = policyStatements(resource.config.assume_role_policy);
    // IAM-TRUST-SPECIFIC-PRINCIPALS already refuses a trust that is not literal JSON.
    if (!statements) return undefined;
    const outside: string[] = [];
    for (const statement of statements) {
      if (statement.Effect === 'Deny' || !statement.Principal || typeof statement.Principal !== 'object') continue;
      const principal = statement.Principal as Record<string, unknown>;
      for (const key of ['AWS', 'Federated'])
        outside.push(...stringList(principal[key]).filter((entry) => entry !== '*' && !inAccount(entry)));
    }
    if (outside.length === 0) return undefined;
    return `trusts ${outside.map((p) => `"${p}"`).join(', ')}, which is not a principal of this environment's own account, so whoever controls it can assume the role. Fix: trust a role, user or identity provider this configuration manages (its \${aws_iam_role.x.arn}) or an ARN built from \${data.aws_caller_identity.<name>.account_id}; give another account access through a role of its own that this account's policies govern, not through a trust from here.`;
  },
};
