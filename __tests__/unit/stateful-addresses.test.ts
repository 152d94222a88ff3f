// Stateful resources keep their Terraform addresses and names: renaming a construct ID, or a name that forces
// replacement, would destroy and recreate them (losing data, or an address on someone's allow-list).
import { environments } from '../../src/config/environments';
import { DatabaseEngine } from '../../src/config/settings';
import { settingsWith } from '../helpers/config';
import { synthEnvironment } from '../helpers/synth';

/** Types whose replacement loses something: data, a public address, or history. */
const STATEFUL_TYPES = ['aws_db_instance', 'aws_eip', 'aws_s3_bucket', 'aws_cloudwatch_log_group', 'aws_kms_key'];
/** The attribute that names each one in AWS: changing it replaces the resource too. */
const NAME_ATTRIBUTE: Readonly<Record<string, string | undefined>> = {
  aws_db_instance: 'identifier',
  aws_s3_bucket: 'bucket',
  aws_cloudwatch_log_group: 'name',
  aws_eip: undefined,
  aws_kms_key: undefined,
};

function statefulResources(name: string, settings = environments[name]): Record<string, string | null> {
  const env = synthEnvironment(name, settings);
  return Object.fromEntries(
    env.resources
      .filter((resource) => STATEFUL_TYPES.includes(resource.type))
      .map((resource) => {
        const attribute = NAME_ATTRIBUTE[resource.type];
        // A bucket named by prefix gets its suffix from AWS; the prefix is what the code decides.
        const name = attribute && (resource.config[attribute] ?? resource.config[`${attribute}_prefix`]);
        return [`${resource.stack}:${resource.address}`, name === undefined || name === null ? null : String(name)];
      }),
  );
}

describe('pinned addresses of stateful resources', () => {
  it('dev', () => {
    expect(statefulResources('dev')).toEqual({
      'dev-state:aws_s3_bucket.StateBucket': environments.dev.backend.bucket,
      'dev-state:aws_kms_key.StateKey': null,
      'dev-network:aws_eip.NatEipA': null,
      'dev-network:aws_cloudwatch_log_group.FlowLogGroup': '/devloop/dev/vpc-flow-logs',
      'dev-access:aws_eip.BastionEip': null,
      'dev-access:aws_kms_key.SessionLogKey': null,
      'dev-access:aws_cloudwatch_log_group.SessionLogGroup': '/devloop/session-manager',
      'dev-data:aws_db_instance.Database': 'devloop-dev-db',
      'dev-data:aws_kms_key.DatabaseKey': null,
      'dev-data:aws_cloudwatch_log_group.DatabaseLogGroup_error': '/aws/rds/instance/devloop-dev-db/error',
      'dev-data:aws_cloudwatch_log_group.DatabaseLogGroup_slowquery': '/aws/rds/instance/devloop-dev-db/slowquery',
      'dev-monitoring:aws_kms_key.AlertKey': null,
      'dev-app:aws_cloudwatch_log_group.AppLogGroup': '/devloop/dev/app',
    });
  });

  it('prod', () => {
    expect(statefulResources('prod')).toEqual({
      'prod-state:aws_s3_bucket.StateBucket': environments.prod.backend.bucket,
      'prod-state:aws_kms_key.StateKey': null,
      'prod-network:aws_eip.NatEipA': null,
      'prod-network:aws_eip.NatEipB': null,
      'prod-network:aws_cloudwatch_log_group.FlowLogGroup': '/devloop/prod/vpc-flow-logs',
      'prod-access:aws_eip.BastionEip': null,
      'prod-access:aws_kms_key.SessionLogKey': null,
      'prod-access:aws_cloudwatch_log_group.SessionLogGroup': '/devloop/session-manager',
      'prod-data:aws_db_instance.Database': 'devloop-prod-db',
      'prod-data:aws_kms_key.DatabaseKey': null,
      'prod-data:aws_cloudwatch_log_group.DatabaseLogGroup_error': '/aws/rds/instance/devloop-prod-db/error',
      'prod-data:aws_cloudwatch_log_group.DatabaseLogGroup_slowquery': '/aws/rds/instance/devloop-prod-db/slowquery',
      'prod-monitoring:aws_kms_key.AlertKey': null,
      'prod-app:aws_cloudwatch_log_group.AppLogGroup': '/devloop/prod/app',
      'prod-app:aws_cloudwatch_log_group.WebAclLogGroup': 'aws-waf-logs-devloop-prod-alb',
      'prod-app:aws_s3_bucket.AccessLogBucket': 'devloop-prod-alb-logs-',
    });
  });

  it('a database with Performance Insights: its key, which RDS cannot swap for another once in use', () => {
    const postgres = settingsWith({ database: { engine: DatabaseEngine.POSTGRES } });
    expect(statefulResources('dev', postgres)).toMatchObject({ 'dev-data:aws_kms_key.PerformanceInsightsKey': null });
  });

  it('the state bucket and the prod database refuse `terraform destroy`', () => {
    const prod = synthEnvironment('prod');
    expect(prod.get('prod-data', 'aws_db_instance.Database')?.config.lifecycle).toEqual({
      prevent_destroy: true,
      ignore_changes: ['kms_key_id'],
    });
    expect(prod.get('prod-state', 'aws_s3_bucket.StateBucket')?.config.lifecycle).toEqual({ prevent_destroy: true });
    expect(prod.get('prod-data', 'aws_db_instance.Database')?.config).toMatchObject({
      skip_final_snapshot: false,
      final_snapshot_identifier: 'devloop-prod-db-final',
    });
  });

  it('turning interface endpoints and the web ACL on adds stateful resources and keeps every existing one as it is', () => {
    // dev with production's edge: the same stateful resources, under the same names, plus the web ACL's log group.
    const off = statefulResources('dev');
    const on = statefulResources('dev', settingsWith({ network: { interfaceEndpoints: true }, app: { webAcl: true } }));
    expect(on).toMatchObject(off);
    expect(Object.keys(on).filter((address) => !(address in off))).toEqual([
      'dev-app:aws_cloudwatch_log_group.WebAclLogGroup',
    ]);
  });

  it('the database keeps its key once created: a new kms_key_id would replace it', () => {
    const prod = synthEnvironment('prod');
    expect(prod.get('prod-data', 'aws_db_instance.Database')?.config).toMatchObject({
      kms_key_id: '${aws_kms_key.DatabaseKey.arn}',
      lifecycle: { ignore_changes: ['kms_key_id'] },
    });
  });
});
