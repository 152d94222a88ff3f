// An alarm that notifies nobody changes colour on a dashboard nobody is watching when it matters.
import type { PolicyRule } from '../../rule';
import { stringList } from '../values';

export const alarmActions: PolicyRule = {
  id: 'CLOUDWATCH-ALARM-ACTIONS',
  title: 'CloudWatch alarms notify someone when they fire (alarm_actions set, actions enabled)',
  publicIds: { fsbp: ['CloudWatch.15'] },
  appliesTo: ['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm'],
  check(resource) {
    const { config } = resource;
    if (config.actions_enabled === false || config.actions_enabled === 'false') {
      return 'has its actions turned off (actions_enabled = false), so it tells nobody when it fires. Fix: remove actions_enabled, or delete the alarm.';
    }
    if (stringList(config.alarm_actions).length === 0) {
      return "tells nobody when it fires (alarm_actions is empty). Fix: set alarm_actions (and ok_actions) to the environment's alert topic.";
    }
    return undefined;
  },
};
