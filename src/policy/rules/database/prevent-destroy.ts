// Terraform itself refuses any plan that would destroy or replace the database.
import type { PolicyRule } from '../../rule';
import { block, isTrue } from '../values';

export const databasePreventDestroy: PolicyRule = {
  id: 'RDS-PREVENT-DESTROY',
  title: 'RDS instances carry lifecycle { prevent_destroy = true }',
  publicIds: {},
  appliesTo: ['aws_db_instance'],
  check(resource) {
    if (isTrue(block(resource.config.lifecycle)?.prevent_destroy)) return undefined;
    return 'can be destroyed or replaced by a plan that changes an immutable attribute (lifecycle.prevent_destroy is not true). Fix: set lifecycle { prevent_destroy = true } (in CDKTF: lifecycle: { preventDestroy: true }).';
  },
};
