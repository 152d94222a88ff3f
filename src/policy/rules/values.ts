// Small readers for rule authors: Terraform JSON holds booleans and numbers as values or strings, blocks as
// objects or one-element lists, and references as `${...}` strings.
import type { EnvironmentJson, ResourceView } from '../terraform-json';

export { block, blocks, policyDocument } from '../terraform-json';

/** `true` or `"true"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A number, or a numeric string; undefined otherwise. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

/** Whether a value is (or holds) a Terraform expression rather than a literal. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** Every `${...}` expression anywhere inside a value. */
export function expressionsIn(value: unknown): string[] {
  if (typeof value === 'string') return value.match(/\$\{[^}]+\}/g) ?? [];
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([key]) => key !== '//')
      .flatMap(([, inner]) => expressionsIn(inner));
  }
  return [];
}

/**
 * The resources that refer to `target` in their configuration (directly, or through a remote-state output),
 * optionally only of some types. Follows one hop: `aws_eip_association` -> `aws_eip`.
 */
export function referrers(env: EnvironmentJson, target: ResourceView, types?: readonly string[]): ResourceView[] {
  return env.resources.filter(
    (candidate) =>
      candidate !== target &&
      (!types || types.includes(candidate.type)) &&
      expressionsIn(candidate.config).some((expression) => {
        const referenced = env.referencedResource(candidate.stack, referenceOnly(expression));
        return referenced?.stack === target.stack && referenced.address === target.address;
      }),
  );
}

/** `${aws_x.y.attr}` out of `${aws_x.y.attr}` or an expression that starts with it. */
function referenceOnly(expression: string): string {
  const match = /^\$\{((?:data\.terraform_remote_state\.[A-Za-z0-9-]+\.outputs\.[A-Za-z0-9_.-]+)|(?:[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z0-9_]+))/.exec(expression);
  return match ? `\${${match[1]}}` : expression;
}

/** The resource an attribute of `resource` refers to, if it is a reference. */
export function referenced(env: EnvironmentJson, resource: ResourceView, value: unknown): ResourceView | undefined {
  return typeof value === 'string' ? env.referencedResource(resource.stack, referenceOnly(value)) : undefined;
}

/** The literal string values of a possibly-list attribute. */
export function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === undefined || value === null ? [] : [String(value)];
}
