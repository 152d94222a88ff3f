// Network rules.
import type { PolicyRule } from '../../rule';

export const networkRules: readonly PolicyRule[] = [];
