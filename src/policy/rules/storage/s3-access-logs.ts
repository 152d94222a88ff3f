// Buckets log every request (server access logging) to a log bucket, for audits and incident investigation.
import type { PolicyRule } from '../../rule';
import { block, resourcesConfiguring } from '../values';

export const s3AccessLogs: PolicyRule = {
  id: 'S3-ACCESS-LOGS',
  title: 'S3 buckets have server access logging (an aws_s3_bucket_logging with a target_bucket)',
  publicIds: { checkov: ['CKV_AWS_18'], cdkNag: ['AwsSolutions-S1'], fsbp: ['S3.9'] },
  appliesTo: ['aws_s3_bucket'],
  check(resource, { env }) {
    const inline = block(resource.config.logging)?.target_bucket; // the deprecated inline block
    if (typeof inline === 'string' && inline !== '') return undefined;
    const logging = resourcesConfiguring(env, resource, ['aws_s3_bucket_logging'], 'bucket');
    if (logging.some((l) => typeof l.config.target_bucket === 'string' && l.config.target_bucket !== ''))
      return undefined;
    return `has no aws_s3_bucket_logging, so requests to it leave no access log. Fix: add an aws_s3_bucket_logging with bucket = ${resource.address}.id, target_bucket = a separate log bucket and target_prefix = "<bucket>/".`;
  },
};
