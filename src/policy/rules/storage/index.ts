// Storage rules.
import type { PolicyRule } from '../../rule';

export const storageRules: readonly PolicyRule[] = [];
