// Compute rules: instances, launch templates, Auto Scaling groups, Elastic IPs.
import type { PolicyRule } from '../../rule';
import { imdsv2Required } from './imdsv2-required';

export const computeRules: readonly PolicyRule[] = [imdsv2Required];
