// IAM rules.
import type { PolicyRule } from '../../rule';
import { noAwsManagedPolicies } from './no-aws-managed-policies';
import { noPrograms } from './no-programs';
import { noUserPolicies } from './no-user-policies';
import { noWildcardActions } from './no-wildcard-actions';
import { providerNoCredentials } from './provider-no-credentials';
import { scopedResources } from './scoped-resources';
import { trustInAccount } from './trust-in-account';
import { trustSpecificPrincipals } from './trust-specific-principals';

export const iamRules: readonly PolicyRule[] = [
  noWildcardActions,
  scopedResources,
  noAwsManagedPolicies,
  trustSpecificPrincipals,
  trustInAccount,
  noUserPolicies,
  providerNoCredentials,
  noPrograms,
];
