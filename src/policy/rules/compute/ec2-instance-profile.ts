// Instances get AWS credentials from an IAM role (instance profile), never from keys copied onto them.
import type { PolicyRule } from '../../rule';
import { block, launchedOnlyByInstances } from '../values';

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

export const ec2InstanceProfile: PolicyRule = {
  id: 'EC2-INSTANCE-PROFILE',
  title: 'Instances and launch templates have an IAM instance profile (iam_instance_profile)',
  publicIds: { checkov: ['CKV2_AWS_41'] },
  appliesTo: ['aws_instance', 'aws_launch_template'],
  check(resource, { env }) {
    if (resource.type === 'aws_launch_template') {
      const profile = block(resource.config.iam_instance_profile);
      if (profile && (nonEmpty(profile.arn) || nonEmpty(profile.name))) return undefined;
      // A template only aws_instance resources launch from: their own iam_instance_profile decides, checked there.
      if (!profile && launchedOnlyByInstances(env, resource)) return undefined;
      return 'launches instances without an IAM role (no iam_instance_profile { arn or name }). Fix: set iam_instance_profile { arn = aws_iam_instance_profile.<name>.arn } with a role holding only what the instances need.';
    }
    if (nonEmpty(resource.config.iam_instance_profile)) return undefined;
    return 'has no IAM role (iam_instance_profile is not set), so software on it needs stored keys to call AWS. Fix: set iam_instance_profile to an aws_iam_instance_profile whose role holds only what the instance needs (e.g. AmazonSSMManagedInstanceCore).';
  },
};
