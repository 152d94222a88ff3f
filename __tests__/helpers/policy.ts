// Test helpers for policy rules: a small environment from resource configurations, and one rule's verdict.
import type { PolicyRule } from '../../src/policy/rule';
import { EnvironmentJson, type StackJson } from '../../src/policy/terraform-json';

/**
 * An environment from `{ 'type.name': config }` (in stack `test`) or `{ 'stack:type.name': config }`.
 * Provider blocks are written `{ 'provider.aws': config }`.
 */
export function envOf(resources: Record<string, Record<string, unknown>>): EnvironmentJson {
  const stacks: Record<
    string,
    StackJson & {
      resource: Record<string, Record<string, Record<string, unknown>>>;
      provider: Record<string, unknown[]>;
    }
  > = {};
  for (const [key, config] of Object.entries(resources)) {
    const [stack, address] = key.includes(':') ? key.split(':') : ['test', key];
    stacks[stack] ??= { resource: {}, provider: {} };
    const [type, name] = address.split('.');
    if (type === 'provider') {
      stacks[stack].provider[name] = [...(stacks[stack].provider[name] ?? []), config];
      continue;
    }
    stacks[stack].resource[type] = { ...(stacks[stack].resource[type] ?? {}), [name]: config };
  }
  return new EnvironmentJson(stacks);
}

/** The rule's failure message for one resource of `env`, or undefined when it passes. */
export function verdict(rule: PolicyRule, env: EnvironmentJson, address: string): string | undefined {
  const [stack, local] = address.includes(':') ? address.split(':') : ['test', address];
  const resource = env.get(stack, local);
  if (!resource) throw new Error(`no resource ${address} in the test environment`);
  if (!rule.appliesTo.includes(resource.type)) throw new Error(`${rule.id} does not apply to ${resource.type}`);
  return rule.check(resource, { env });
}
