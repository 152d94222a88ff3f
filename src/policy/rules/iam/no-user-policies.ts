// IAM users get permissions through groups or roles, never a policy embedded in or attached to the user.
import type { PolicyRule } from '../../rule';
import { stringList } from '../values';

export const noUserPolicies: PolicyRule = {
  id: 'IAM-NO-USER-POLICIES',
  title: 'No policy is embedded in or attached to an IAM user: users get permissions from groups or roles',
  publicIds: { checkov: ['CKV_AWS_40'], fsbp: ['IAM.2'] },
  appliesTo: ['aws_iam_user_policy', 'aws_iam_user_policy_attachment', 'aws_iam_policy_attachment'],
  check(resource) {
    const fix =
      'Fix: attach the policy to an aws_iam_group the user belongs to (aws_iam_group_policy / aws_iam_group_policy_attachment), or to a role the user assumes.';
    if (resource.type === 'aws_iam_user_policy') {
      return `embeds a policy in IAM user ${String(resource.config.user)}. ${fix}`;
    }
    if (resource.type === 'aws_iam_user_policy_attachment') {
      return `attaches ${String(resource.config.policy_arn)} to IAM user ${String(resource.config.user)}. ${fix}`;
    }
    const users = stringList(resource.config.users);
    if (users.length === 0) return undefined;
    return `attaches ${String(resource.config.policy_arn)} to IAM users (users = ${users.join(', ')}). Fix: remove users and attach the policy through groups or roles instead.`;
  },
};
