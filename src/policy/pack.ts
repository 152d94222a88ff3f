// The policy pack: every rule, by area. Each rule is one file under rules/<area>/, named after what it checks.
import type { PolicyRule } from './rule';
import { computeRules } from './rules/compute';
import { databaseRules } from './rules/database';
import { iamRules } from './rules/iam';
import { kmsRules } from './rules/kms';
import { monitoringRules } from './rules/monitoring';
import { loadBalancingRules } from './rules/loadbalancing';
import { networkRules } from './rules/network';
import { storageRules } from './rules/storage';

export const POLICY_PACK: readonly PolicyRule[] = [
  ...networkRules,
  ...computeRules,
  ...loadBalancingRules,
  ...databaseRules,
  ...iamRules,
  ...kmsRules,
  ...storageRules,
  ...monitoringRules,
];
