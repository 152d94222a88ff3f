// Instances and launch templates require IMDSv2 session tokens, which defeat SSRF-style credential theft.
import type { PolicyRule } from '../../rule';
import { block } from '../values';

export const imdsv2Required: PolicyRule = {
  id: 'EC2-IMDSV2',
  title: 'Instances and launch templates require IMDSv2 (http_tokens = "required")',
  publicIds: { checkov: ['CKV_AWS_79'], fsbp: ['EC2.8', 'EC2.170', 'AutoScaling.3'] },
  appliesTo: ['aws_instance', 'aws_launch_template'],
  check(resource) {
    const options = block(resource.config.metadata_options);
    if (options?.http_endpoint === 'disabled') return undefined;
    if (options?.http_tokens === 'required') return undefined;
    return 'allows IMDSv1 (metadata_options.http_tokens is not "required"). Fix: set metadata_options { http_tokens = "required" }.';
  },
};
