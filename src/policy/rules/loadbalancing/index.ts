// Load balancing rules.
import type { PolicyRule } from '../../rule';

export const loadBalancingRules: readonly PolicyRule[] = [];
