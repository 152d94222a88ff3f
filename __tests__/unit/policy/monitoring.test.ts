// Monitoring rules: each with a compliant and a non-compliant case.
import { monitoringRules } from '../../../src/policy/rules/monitoring';
import { alarmActions } from '../../../src/policy/rules/monitoring/alarm-actions';
import { snsEncrypted } from '../../../src/policy/rules/monitoring/sns-encrypted';
import { envOf, verdict } from '../../helpers/policy';

describe('monitoringRules', () => {
  it('lists every monitoring rule once', () => {
    expect(monitoringRules.map((rule) => rule.id)).toEqual(['CLOUDWATCH-ALARM-ACTIONS', 'SNS-ENCRYPTED']);
  });
});

describe('SNS-ENCRYPTED', () => {
  const check = (config: Record<string, unknown>) =>
    verdict(snsEncrypted, envOf({ 'aws_sns_topic.t': config }), 'aws_sns_topic.t');

  it('passes a topic with a KMS key', () => {
    expect(check({ kms_master_key_id: '${aws_kms_key.AlertKey.arn}' })).toBeUndefined();
  });

  it('fails a topic without one', () => {
    expect(check({ name: 'alerts' })).toMatch(/Fix: set kms_master_key_id/);
    expect(check({ kms_master_key_id: '' })).toMatch(/Fix:/);
  });
});

describe('CLOUDWATCH-ALARM-ACTIONS', () => {
  const check = (config: Record<string, unknown>) =>
    verdict(alarmActions, envOf({ 'aws_cloudwatch_metric_alarm.a': config }), 'aws_cloudwatch_metric_alarm.a');

  it('passes an alarm that notifies a topic', () => {
    expect(check({ alarm_actions: ['${aws_sns_topic.AlertTopic.arn}'] })).toBeUndefined();
  });

  it('fails an alarm without actions, or with its actions off', () => {
    expect(check({})).toMatch(/tells nobody.*Fix: set alarm_actions/);
    expect(check({ alarm_actions: [] })).toMatch(/Fix:/);
    expect(check({ alarm_actions: ['arn:aws:sns:x'], actions_enabled: false })).toMatch(/actions turned off/);
  });
});
