// Performance Insights data, which holds query text, is encrypted with a customer-managed KMS key.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const databasePerformanceInsightsKms: PolicyRule = {
  id: 'RDS-PERFORMANCE-INSIGHTS-KMS',
  title: 'RDS instances with Performance Insights encrypt it with a KMS key (performance_insights_kms_key_id)',
  publicIds: { checkov: ['CKV_AWS_354'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    if (!isTrue(resource.config.performance_insights_enabled)) return undefined;
    const key = resource.config.performance_insights_kms_key_id;
    if (typeof key === 'string' && key.trim() !== '') return undefined;
    return 'keeps Performance Insights data (which includes SQL text) under the AWS-managed key, outside your key policy (performance_insights_kms_key_id is not set). Fix: set performance_insights_kms_key_id to a customer-managed aws_kms_key ARN (it cannot change after creation).';
  },
};
