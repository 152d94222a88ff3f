// Database rules.
import type { PolicyRule } from '../../rule';

export const databaseRules: readonly PolicyRule[] = [];
