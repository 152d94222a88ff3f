// The metadata token cannot leave the instance: a PUT response hop limit above 1 lets containers reach it.
import type { PolicyRule } from '../../rule';
import { asNumber, block, isExpression } from '../values';

export const imdsHopLimit: PolicyRule = {
  id: 'EC2-IMDS-HOP-LIMIT',
  title:
    'Instances and launch templates do not raise the metadata PUT response hop limit above 1 (http_put_response_hop_limit = 1 when set)',
  publicIds: { checkov: ['CKV_AWS_341'], fsbp: ['AutoScaling.4'] },
  appliesTo: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'],
  check(resource) {
    // As checkov: no metadata_options block, or no hop limit in it, leaves AWS's default of 1.
    const limit = block(resource.config.metadata_options)?.http_put_response_hop_limit;
    if (limit === undefined || limit === null || isExpression(limit)) return undefined;
    if (asNumber(limit) === 1) return undefined;
    return `lets the metadata token travel ${String(limit)} network hops (metadata_options.http_put_response_hop_limit = ${String(limit)}), so containers and forwarded traffic can reach the instance role's credentials. Fix: set metadata_options { http_put_response_hop_limit = 1 }.`;
  },
};
