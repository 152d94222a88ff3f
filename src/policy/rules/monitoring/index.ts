// Monitoring rules: alarms that notify, alert topics that are encrypted.
import type { PolicyRule } from '../../rule';
import { alarmActions } from './alarm-actions';
import { snsEncrypted } from './sns-encrypted';

export const monitoringRules: readonly PolicyRule[] = [alarmActions, snsEncrypted];
