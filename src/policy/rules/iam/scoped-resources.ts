// IAM policies name their resources: no Allow statement on Resource "*" (or NotResource) unless a Condition narrows it.
import type { PolicyRule } from '../../rule';
import { policyStatements, stringList } from '../values';

/** Whether a statement has a non-empty Condition block, as checkov's CKV_AWS_355 (cloudsplaining) counts one. */
function hasCondition(statement: Record<string, unknown>): boolean {
  const condition = statement.Condition;
  return !!condition && typeof condition === 'object' && Object.keys(condition).length > 0;
}

export const scopedResources: PolicyRule = {
  id: 'IAM-SCOPED-RESOURCES',
  title: 'IAM policies allow actions on named resources: no Resource "*" (or NotResource) without a Condition',
  publicIds: { checkov: ['CKV_AWS_355'], cdkNag: ['AwsSolutions-IAM5'] },
  appliesTo: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'],
  check(resource) {
    const statements = policyStatements(resource.config.policy);
    if (!statements) {
      return 'has a policy that is not literal JSON, so its resources cannot be checked. Fix: write policy as a literal JSON document (policyDocument() in src/constructs/iam.ts).';
    }
    const problems: string[] = [];
    statements.forEach((statement, index) => {
      if (statement.Effect === 'Deny' || hasCondition(statement)) return;
      const name = typeof statement.Sid === 'string' ? `statement "${statement.Sid}"` : `statement ${index + 1}`;
      const actions =
        statement.NotAction !== undefined
          ? `every action but ${stringList(statement.NotAction).join(', ')}`
          : stringList(statement.Action).join(', ') || 'its actions';
      if (stringList(statement.Resource).includes('*')) problems.push(`${name} allows ${actions} on Resource "*"`);
      else if (statement.NotResource !== undefined)
        problems.push(`${name} allows ${actions} on every resource but its NotResource`);
    });
    if (problems.length === 0) return undefined;
    return `${problems.join('; ')}, with no Condition. Fix: name the resource ARNs in Resource, or add a Condition that narrows the statement; an action that only accepts "*" (ecr:GetAuthorizationToken) needs a waiver.`;
  },
};
