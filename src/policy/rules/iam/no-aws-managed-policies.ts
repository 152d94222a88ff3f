// Roles, users and groups carry customer managed or inline policies, not AWS managed ones that AWS can widen at will.
import type { PolicyRule } from '../../rule';
import { stringList } from '../values';

/** `arn:aws:iam::aws:policy/...` in any partition (also `arn:${data.aws_partition.x.partition}:iam::aws:policy/`). */
const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\//;

export const noAwsManagedPolicies: PolicyRule = {
  id: 'IAM-NO-AWS-MANAGED-POLICIES',
  title: 'No AWS managed policy (arn:aws:iam::aws:policy/...) is attached to a role, user or group',
  publicIds: { checkov: ['CKV_AWS_274', 'CKV2_AWS_56'], cdkNag: ['AwsSolutions-IAM4'] },
  appliesTo: [
    'aws_iam_role',
    'aws_iam_role_policy_attachment',
    'aws_iam_user_policy_attachment',
    'aws_iam_group_policy_attachment',
    'aws_iam_policy_attachment',
    'aws_iam_role_policy_attachments_exclusive',
  ],
  check(resource) {
    const attribute =
      resource.type === 'aws_iam_role'
        ? 'managed_policy_arns'
        : resource.type === 'aws_iam_role_policy_attachments_exclusive'
          ? 'policy_arns'
          : 'policy_arn';
    const managed = stringList(resource.config[attribute]).filter((arn) => AWS_MANAGED.test(arn));
    if (managed.length === 0) return undefined;
    const names = managed.map((arn) => arn.replace(AWS_MANAGED, '')).join(', ');
    return `attaches the AWS managed ${managed.length > 1 ? 'policies' : 'policy'} ${names} (${attribute}), whose permissions AWS defines and can widen, rarely scoped to this system's resources. Fix: replace ${attribute === 'policy_arn' ? 'it' : `it in ${attribute}`} with a customer managed aws_iam_policy, or an inline aws_iam_role_policy, granting only the actions and resources needed.`;
  },
};
