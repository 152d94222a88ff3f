// Performance Insights records database load by query and wait, the evidence for diagnosing slowdowns.
import type { PolicyRule } from '../../rule';
import { databaseEngineFamily, isTrue } from '../values';

/** Classes on which RDS for MySQL and MariaDB offer no Performance Insights (checkov CKV_AWS_353 skips them). */
const MYSQL_CLASSES_WITHOUT = [
  'db.t2.micro',
  'db.t2.small',
  'db.t3.micro',
  'db.t3.small',
  'db.t4g.micro',
  'db.t4g.small',
];

export const databasePerformanceInsights: PolicyRule = {
  id: 'RDS-PERFORMANCE-INSIGHTS',
  title: 'RDS instances have Performance Insights enabled where the engine and class offer it',
  publicIds: { checkov: ['CKV_AWS_353'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    const { engine, instance_class: instanceClass } = resource.config;
    const family = databaseEngineFamily(engine);
    if (
      (family === 'mysql' || family === 'mariadb') &&
      typeof instanceClass === 'string' &&
      MYSQL_CLASSES_WITHOUT.includes(instanceClass)
    ) {
      return undefined;
    }
    if (family === 'db2') return undefined;
    if (isTrue(resource.config.performance_insights_enabled)) return undefined;
    return 'records no database load by query or wait event (performance_insights_enabled is not true). Fix: set performance_insights_enabled = true with performance_insights_kms_key_id set to a customer-managed KMS key.';
  },
};
