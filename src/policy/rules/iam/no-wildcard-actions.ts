// IAM policies grant named actions: no Allow statement with Action "*" or "<service>:*", nor an Allow with NotAction.
import type { PolicyRule } from '../../rule';
import { policyStatements, stringList } from '../values';

/** `*`, or every action of a service (`s3:*`, `iam:*`). */
function isWildcardAction(action: string): boolean {
  return action === '*' || /^[^:${}]+:\*$/.test(action);
}

export const noWildcardActions: PolicyRule = {
  id: 'IAM-NO-WILDCARD-ACTIONS',
  title: 'IAM policies allow named actions only: no Action "*" or "<service>:*", no Allow with NotAction',
  publicIds: {
    checkov: ['CKV_AWS_62', 'CKV_AWS_63', 'CKV2_AWS_40'],
    cdkNag: ['AwsSolutions-IAM5'],
    fsbp: ['IAM.1', 'IAM.21'],
  },
  appliesTo: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'],
  check(resource) {
    const statements = policyStatements(resource.config.policy);
    if (!statements) {
      return 'has a policy that is not literal JSON, so its actions cannot be checked. Fix: write policy as a literal JSON document (policyDocument() in src/constructs/iam.ts).';
    }
    const problems: string[] = [];
    statements.forEach((statement, index) => {
      if (statement.Effect === 'Deny') return;
      const name = typeof statement.Sid === 'string' ? `statement "${statement.Sid}"` : `statement ${index + 1}`;
      const wildcards = stringList(statement.Action).filter(isWildcardAction);
      if (wildcards.length > 0) problems.push(`${name} allows Action ${wildcards.map((a) => `"${a}"`).join(', ')}`);
      if (statement.NotAction !== undefined) problems.push(`${name} allows every action but its NotAction`);
    });
    if (problems.length === 0) return undefined;
    return `${problems.join('; ')}. Fix: list the specific actions the principal needs in Action (e.g. "s3:GetObject", not "s3:*").`;
  },
};
