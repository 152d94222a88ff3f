// Deleting a database leaves a final snapshot behind, so its data outlives the instance.
import type { PolicyRule } from '../../rule';
import { isTrue } from '../values';

export const databaseFinalSnapshot: PolicyRule = {
  id: 'RDS-FINAL-SNAPSHOT',
  title:
    'RDS instances take a final snapshot when deleted (skip_final_snapshot not true, final_snapshot_identifier set)',
  publicIds: {},
  appliesTo: ['aws_db_instance'],
  check(resource) {
    const { skip_final_snapshot: skip, final_snapshot_identifier: identifier } = resource.config;
    const named = typeof identifier === 'string' && identifier.trim() !== '';
    if (!isTrue(skip) && named) return undefined;
    const fix = 'Fix: set skip_final_snapshot = false and final_snapshot_identifier = "<identifier>-final".';
    if (isTrue(skip))
      return `loses its data when deleted: no final snapshot is taken (skip_final_snapshot = true). ${fix}`;
    return `names no final snapshot (final_snapshot_identifier is not set), so a destroy errors out, and the usual way past that, skip_final_snapshot = true, loses the data. ${fix}`;
  },
};
