// A read-only view of synthesized Terraform JSON: resources by address, and references followed between
// resources of a stack and, through CDKTF's cross-stack outputs, between stacks of an environment.

/** The parts of a stack's Terraform JSON the checks read. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { readonly value: unknown }>;
  readonly locals?: Record<string, unknown>;
  readonly provider?: Record<string, unknown>;
  readonly terraform?: Record<string, unknown>;
}

/** One resource: its stack, type, name, `type.name` address and its configuration. */
export interface ResourceView {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/** `stack:type.name`, unique across an environment. */
export function globalAddress(resource: { stack: string; address: string }): string {
  return `${resource.stack}:${resource.address}`;
}

const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)(?:\[[0-9]+\]\.[a-z0-9_]+)?\}$/;
const REMOTE_OUTPUT =
  /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9-]+)\.outputs\.([A-Za-z0-9_.-]+)\}$/;

/** The resources and cross-stack outputs of one environment's stacks. */
export class EnvironmentJson {
  private readonly byAddress = new Map<string, ResourceView>();

  constructor(readonly stacks: Readonly<Record<string, StackJson>>) {
    for (const [stack, json] of Object.entries(stacks)) {
      for (const resource of resourcesOf(stack, json)) this.byAddress.set(globalAddress(resource), resource);
    }
  }

  /** Every resource of every stack. */
  get resources(): ResourceView[] {
    return [...this.byAddress.values()];
  }

  ofType(type: string): ResourceView[] {
    return this.resources.filter((r) => r.type === type);
  }

  get(stack: string, address: string): ResourceView | undefined {
    return this.byAddress.get(`${stack}:${address}`);
  }

  /**
   * The resource an expression such as `${aws_security_group.App.id}` points at, seen from `stack`;
   * a remote-state output is followed to the resource in the stack that exports it.
   */
  referencedResource(stack: string, expression: unknown): ResourceView | undefined {
    if (typeof expression !== 'string') return undefined;
    const remote = REMOTE_OUTPUT.exec(expression);
    if (remote) {
      const [, upstream, output] = remote;
      return this.referencedResource(upstream, this.stacks[upstream]?.output?.[output]?.value);
    }
    const local = REFERENCE.exec(expression);
    return local ? this.get(stack, `${local[1]}.${local[2]}`) : undefined;
  }
}

/** Data sources that run a program or fetch a URL when Terraform plans: with the plan role's credentials. */
export const PROGRAM_DATA_SOURCES = ['external', 'http'] as const;

/**
 * What runs other code than the AWS provider's in a plan or apply: the data sources of PROGRAM_DATA_SOURCES, as
 * `data.<type>` pseudo-resources (`data.external.<name>`), and every provisioner of a resource, as
 * `provisioner.<kind>` pseudo-resources (`<type>.<name>.provisioner.local-exec`). Listed only where they exist.
 */
function programsOf(stack: string, json: StackJson, resources: readonly ResourceView[]): ResourceView[] {
  const data = Object.entries(json.data ?? {})
    .filter(([type]) => (PROGRAM_DATA_SOURCES as readonly string[]).includes(type))
    .flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, config]) => ({
        stack,
        type: `data.${type}`,
        name,
        address: `data.${type}.${name}`,
        config,
      })),
    );
  const provisioners = resources.flatMap((resource) =>
    [resource.config.provisioner ?? []].flat().flatMap((entry) =>
      Object.entries((entry ?? {}) as Record<string, unknown>).map(([kind, config]) => ({
        stack,
        type: `provisioner.${kind}`,
        name: resource.name,
        address: `${resource.address}.provisioner.${kind}`,
        config: (config ?? {}) as Record<string, unknown>,
      })),
    ),
  );
  return [...data, ...provisioners];
}

/**
 * The resources of one stack. Provider blocks are included as `provider.<name>` pseudo-resources (addressed
 * `provider.aws`, or `provider.aws.<alias>`), so rules about provider settings work like any other; so are the
 * data sources and provisioners that run programs (programsOf).
 */
export function resourcesOf(stack: string, json: StackJson): ResourceView[] {
  const resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, config]) => ({ stack, type, name, address: `${type}.${name}`, config })),
  );
  const providers = Object.entries(json.provider ?? {}).flatMap(([provider, configs]) =>
    (Array.isArray(configs) ? configs : [configs]).map((config: Record<string, unknown>) => {
      const alias = typeof config.alias === 'string' ? config.alias : undefined;
      const address = alias ? `provider.${provider}.${alias}` : `provider.${provider}`;
      return { stack, type: `provider.${provider}`, name: alias ?? provider, address, config };
    }),
  );
  return [...resources, ...providers, ...programsOf(stack, json, resources)];
}

/** A nested block as Terraform JSON holds it: an object, or a list of one object. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first && typeof first === 'object' ? (first as Record<string, unknown>) : undefined;
}

/** Every element of a repeated block (`ingress`, `tag_specifications`). */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object');
  const single = block(value);
  return single ? [single] : [];
}

/** A JSON policy document held in a string attribute, or undefined when it is not literal JSON. */
export function policyDocument(value: unknown): { Statement?: unknown } | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as { Statement?: unknown };
  } catch {
    return undefined;
  }
}
