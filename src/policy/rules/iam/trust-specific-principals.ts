// Role trust policies name who may assume the role: no "*" principal, no whole account without an sts:ExternalId.
import type { PolicyRule } from '../../rule';
import { policyStatements, stringList } from '../values';

/** A whole account as checkov's CKV_AWS_61 reads it: a bare account ID or `arn:aws:iam::<id>:root`. */
const WHOLE_ACCOUNT = /^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:root)/;

/** Whether a Condition requires sts:ExternalId under any operator (the third-party pattern CKV_AWS_61 allows). */
function requiresExternalId(statement: Record<string, unknown>): boolean {
  const condition = statement.Condition;
  if (!condition || typeof condition !== 'object') return false;
  return Object.values(condition).some((test) => !!test && typeof test === 'object' && 'sts:ExternalId' in test);
}

export const trustSpecificPrincipals: PolicyRule = {
  id: 'IAM-TRUST-SPECIFIC-PRINCIPALS',
  title: 'Role trust policies name specific principals: no "*", no whole account without sts:ExternalId',
  publicIds: { checkov: ['CKV_AWS_60', 'CKV_AWS_61'] },
  appliesTo: ['aws_iam_role'],
  check(resource) {
    const statements = policyStatements(resource.config.assume_role_policy);
    if (!statements) {
      return 'has an assume_role_policy that is not literal JSON, so its principals cannot be checked. Fix: write assume_role_policy as a literal JSON document (serviceTrustPolicy() in src/constructs/iam.ts).';
    }
    const problems: string[] = [];
    statements.forEach((statement, index) => {
      if (statement.Effect === 'Deny') return;
      const name = typeof statement.Sid === 'string' ? `statement "${statement.Sid}"` : `statement ${index + 1}`;
      const principal = statement.Principal;
      if (principal === '*') {
        problems.push(`${name} trusts Principal "*" (anyone)`);
        return;
      }
      if (!principal || typeof principal !== 'object') return;
      const aws = stringList((principal as Record<string, unknown>).AWS);
      if (aws.includes('*')) {
        problems.push(`${name} trusts Principal {"AWS": "*"} (any AWS principal)`);
        return;
      }
      const assumeRole = stringList(statement.Action).includes('sts:AssumeRole');
      if (assumeRole && requiresExternalId(statement)) return;
      const accounts = aws.filter((arn) => WHOLE_ACCOUNT.test(arn));
      if (accounts.length > 0)
        problems.push(`${name} trusts the whole account ${accounts.join(', ')} without an sts:ExternalId condition`);
    });
    if (problems.length === 0) return undefined;
    return `${problems.join('; ')}. Fix: name the exact principals in assume_role_policy (Principal {"Service": "..."} or role/user ARNs in Principal.AWS); for a third-party account, add Action "sts:AssumeRole" with Condition {"StringEquals": {"sts:ExternalId": "..."}}.`;
  },
};
