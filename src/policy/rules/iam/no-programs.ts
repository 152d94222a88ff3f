// Nothing in a stack runs a program or fetches a URL besides the AWS provider: a merged `external` data source or
// `local-exec` provisioner would run with the plan or deploy role's credentials.
import type { PolicyRule } from '../../rule';

export const noPrograms: PolicyRule = {
  id: 'TF-NO-PROGRAMS',
  title: 'No external or http data sources and no provisioners: CI runs nothing but Terraform and the AWS provider',
  // No public rule set checks this; the project's own.
  publicIds: {},
  appliesTo: ['data.external', 'data.http', 'provisioner.local-exec', 'provisioner.remote-exec', 'provisioner.file'],
  check(resource) {
    const what = resource.type.startsWith('data.')
      ? `is a ${resource.type.slice('data.'.length)} data source, which runs a program or fetches a URL at every plan`
      : `is a ${resource.type.slice('provisioner.'.length)} provisioner, which runs commands at apply`;
    return `${what}, with the CI role's AWS credentials in its environment (a pull request's plan included). Fix: do it with a resource or data source of the AWS provider, or outside Terraform in a reviewed script of its own.`;
  },
};
