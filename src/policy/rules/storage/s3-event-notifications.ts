// Buckets publish object events (to SNS, SQS, Lambda or EventBridge), so unexpected writes and deletes get noticed.
import type { PolicyRule } from '../../rule';
import { blocks, isTrue, resourcesConfiguring } from '../values';

export const s3EventNotifications: PolicyRule = {
  id: 'S3-EVENT-NOTIFICATIONS',
  title: 'S3 buckets have an aws_s3_bucket_notification with at least one destination',
  publicIds: { checkov: ['CKV2_AWS_62'], fsbp: ['S3.11'] },
  appliesTo: ['aws_s3_bucket'],
  check(resource, { env }) {
    const notifications = resourcesConfiguring(env, resource, ['aws_s3_bucket_notification'], 'bucket');
    const publishes = notifications.some(
      (n) =>
        isTrue(n.config.eventbridge) ||
        ['topic', 'queue', 'lambda_function'].some((kind) => blocks(n.config[kind]).length > 0),
    );
    if (publishes) return undefined;
    const found =
      notifications.length === 0
        ? 'has no aws_s3_bucket_notification'
        : 'has an aws_s3_bucket_notification with no destination';
    return `${found}, so writes and deletes of its objects go unnoticed. Fix: add an aws_s3_bucket_notification with bucket = ${resource.address}.id and eventbridge = true (or a topic, queue or lambda_function block).`;
  },
};
