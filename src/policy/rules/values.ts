// Small readers for rule authors: Terraform JSON holds booleans and numbers as values or strings, blocks as
// objects or one-element lists, and references as `${...}` strings.
import type { EnvironmentJson, ResourceView } from '../terraform-json';
import { blocks, policyDocument } from '../terraform-json';

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
  const match =
    /^\$\{((?:data\.terraform_remote_state\.[A-Za-z0-9-]+\.outputs\.[A-Za-z0-9_.-]+)|(?:[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z0-9_]+))/.exec(
      expression,
    );
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

/**
 * Whether a launch template is used, and only by `aws_instance` resources (`launch_template.id` / `.name`).
 * Arguments an instance sets override its template's, so an instance-level setting such a template leaves out
 * is checked on the instances instead; a template an Auto Scaling group (or nothing) launches from must carry
 * the setting itself.
 */
export function launchedOnlyByInstances(env: EnvironmentJson, template: ResourceView): boolean {
  const users = referrers(env, template);
  return users.length > 0 && users.every((user) => user.type === 'aws_instance');
}

/**
 * The statements of a JSON policy document held in a string attribute (`Statement` as a list or a single
 * object), or undefined when the attribute is not literal JSON (a `${...}` expression, a data source's `json`).
 */
export function policyStatements(value: unknown): Record<string, unknown>[] | undefined {
  const document = policyDocument(value);
  if (!document || typeof document !== 'object') return undefined;
  return blocks(document.Statement);
}

/**
 * The resources of `types` whose `attribute` designates `target`: a reference to it (`${aws_s3_bucket.X.id}` or
 * `.bucket`, also through a remote-state output), or the same literal value `target` holds in that attribute
 * (a bucket's literal name). For the separate resources configuring another one, as `aws_s3_bucket_versioning`
 * does its bucket; unlike `referrers()`, a mere mention elsewhere (a logging `target_bucket`) does not count.
 */
export function resourcesConfiguring(
  env: EnvironmentJson,
  target: ResourceView,
  types: readonly string[],
  attribute: string,
): ResourceView[] {
  const own = target.config[attribute];
  return env.resources.filter((candidate) => {
    if (candidate === target || !types.includes(candidate.type)) return false;
    const value = candidate.config[attribute];
    const pointed = referenced(env, candidate, value);
    if (pointed) return pointed.stack === target.stack && pointed.address === target.address;
    return typeof value === 'string' && !isExpression(value) && value !== '' && value === own;
  });
}

/** The type of an `aws_lb` / `aws_alb`: its `load_balancer_type`, "application" when absent (the provider default). */
export function loadBalancerType(config: Readonly<Record<string, unknown>>): string {
  const type = config.load_balancer_type;
  return typeof type === 'string' && type !== '' ? type : 'application';
}

/** RDS engine families, as the rules tell them apart. */
export type DatabaseEngineFamily = 'mysql' | 'mariadb' | 'postgres' | 'oracle' | 'sqlserver' | 'db2';

/**
 * The family of an RDS `engine` ("mysql", "oracle-ee", "sqlserver-se", "custom-oracle-ee") or of a parameter
 * group `family` ("mysql8.4", "postgres16"); undefined for Aurora and anything else, or a non-literal value.
 */
export function databaseEngineFamily(value: unknown): DatabaseEngineFamily | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.toLowerCase().replace(/^custom-/, '');
  return (['mysql', 'mariadb', 'postgres', 'oracle', 'sqlserver', 'db2'] as const).find((engine) =>
    name.startsWith(engine),
  );
}
