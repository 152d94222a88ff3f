// Instances outside Auto Scaling groups cannot be terminated by one mistaken API call or click.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const ec2TerminationProtection: PolicyRule = {
  id: 'EC2-TERMINATION-PROTECTION',
  title:
    'Instances not launched by an Auto Scaling group (every aws_instance) have termination protection (disable_api_termination = true)',
  publicIds: { cdkNag: ['AwsSolutions-EC29'] },
  // An aws_instance is never in an Auto Scaling group: groups launch their own instances from a template.
  appliesTo: ['aws_instance'],
  check(resource) {
    if (isTrue(resource.config.disable_api_termination)) return undefined;
    return 'can be terminated by a single API call (disable_api_termination is not true). Fix: set disable_api_termination = true (to replace or destroy the instance later, first apply disable_api_termination = false).';
  },
};
