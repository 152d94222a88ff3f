// The master password is not written in the configuration: RDS keeps it in Secrets Manager, or it comes from a reference.
import type { PolicyRule } from '../../rule';
import { isExpression, isTrue } from '../values';

export const databaseManagedPassword: PolicyRule = {
  id: 'RDS-MANAGED-PASSWORD',
  title:
    'RDS master passwords are managed by RDS (manage_master_user_password = true) or come from a reference, never a literal',
  publicIds: {},
  appliesTo: ['aws_db_instance'],
  check(resource) {
    if (isTrue(resource.config.manage_master_user_password)) return undefined;
    const literal = (['password', 'password_wo'] as const).find((attribute) => {
      const value = resource.config[attribute];
      return typeof value === 'string' && value !== '' && !isExpression(value);
    });
    if (!literal) return undefined;
    return `has its master password written in the configuration, so it sits in the source, the synthesized JSON, the plan and the state (${literal} is a literal string). Fix: remove ${literal} and set manage_master_user_password = true, so RDS generates and rotates it in Secrets Manager.`;
  },
};
