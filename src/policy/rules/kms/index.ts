// KMS rules.
import type { PolicyRule } from '../../rule';
import { kmsKeyPolicy } from './key-policy';
import { kmsKeyRotation } from './key-rotation';

export const kmsRules: readonly PolicyRule[] = [kmsKeyRotation, kmsKeyPolicy];
