// IAM rules.
import type { PolicyRule } from '../../rule';

export const iamRules: readonly PolicyRule[] = [];
