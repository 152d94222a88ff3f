// The base of every tier's stack: its name, the AWS provider with the environment's tags, and its state backend.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Annotations, LocalBackend, S3Backend, TerraformElement, TerraformStack } from 'cdktf';
import type { Construct, Node } from 'constructs';
import { formatProblem, type ConfigProblem } from '../config/errors';
import type { EnvironmentContext, Tier } from '../config/resolved';

/** Where a stack keeps its state. */
export enum StateBackend {
  /** The environment's S3 bucket, key `<keyPrefix>/<tier>.tfstate`, encrypted with the state's KMS key, with S3-native locking. */
  S3 = 's3',
  /** A file next to the project: only for the stack that creates the bucket, before the bucket exists. */
  LOCAL = 'local',
}

export interface EnvironmentStackProps {
  /** The environment the stack belongs to, from `resolveEnvironment(...).context`. */
  readonly environment: EnvironmentContext;
}

/** `<env>-<tier>`: the stack name, which `cdktf deploy 'dev-*'` selects by. */
export function stackName(environment: string, tier: Tier): string {
  return `${environment}-${tier}`;
}

/** `<keyPrefix>/<tier>.tfstate` */
export function stateKey(environment: EnvironmentContext, tier: Tier): string {
  return `${environment.backend.keyPrefix}/${tier}.tfstate`;
}

/**
 * The alias of the KMS key that encrypts the environment's state, created by the state stack. A backend block takes
 * literal values only, and the key's ID is known only once it exists; its alias is known now, and S3 resolves it
 * in the caller's account when it encrypts.
 */
export function stateKeyAlias(environment: EnvironmentContext): string {
  return `alias/${environment.project}-${environment.name}-tfstate`;
}

export abstract class EnvironmentStack extends TerraformStack {
  readonly environment: EnvironmentContext;
  readonly tier: Tier;

  /**
   * @param backend where the stack's state lives
   * @param region the provider's region, when the stack's resources live outside the environment's region
   */
  protected constructor(
    scope: Construct,
    tier: Tier,
    props: EnvironmentStackProps,
    backend = StateBackend.S3,
    region?: string,
  ) {
    super(scope, stackName(props.environment.name, tier));
    this.environment = props.environment;
    this.tier = tier;
    new AwsProvider(this, 'aws', {
      region: region ?? props.environment.region,
      defaultTags: [{ tags: { ...props.environment.tags, Tier: tier } }],
    });
    if (backend === StateBackend.S3) {
      new S3Backend(this, {
        bucket: props.environment.backend.bucket,
        key: stateKey(props.environment, tier),
        region: props.environment.backend.region,
        encrypt: true,
        // The state's own key, not the bucket's SSE-S3/aws/s3 default: reading state then needs kms:Decrypt on it,
        // which only the environment's roles have, and its key policy keeps it from being deleted.
        kmsKeyId: stateKeyAlias(props.environment),
      });
      // S3-native locking (Terraform >= 1.10) replaces the DynamoDB lock table; CDKTF 0.21's S3Backend predates it.
      this.addOverride('terraform.backend.s3.use_lockfile', true);
    } else {
      // Relative to the stack's directory, cdktf.out/stacks/<stack>: the file sits in the project root,
      // out of reach of `cdktf synth`, which rewrites cdktf.out.
      new LocalBackend(this, { path: `../../../terraform.${this.node.id}.tfstate` });
    }
  }

  /** `<project>-<env>-<suffix>`: the Name tag and AWS-side name of the stack's resources. */
  resourceName(suffix: string): string {
    return `${this.environment.project}-${this.environment.name}-${suffix}`;
  }

  /** The environment stack that `construct` is part of. */
  static containing(construct: Construct): EnvironmentStack {
    const stack = construct.node.scopes.find((scope): scope is EnvironmentStack => scope instanceof EnvironmentStack);
    if (!stack) throw new Error(`${construct.node.path} is not inside an environment stack`);
    return stack;
  }

  private readonly flatIds = new Map<string, Node>();

  /**
   * A resource grouped in components (see Component) gets its own construct ID as its Terraform name, as if it sat
   * directly in the stack: components organize the code, not the addresses, so a refactor into or out of one
   * replaces nothing. Two such resources with one ID would merge in the JSON; that is refused here.
   */
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const between = node.scopes.slice(node.scopes.indexOf(this) + 1, -1);
    const grouped =
      between.length > 0 &&
      between.every((scope) => (scope.constructor as { isComponent?: unknown }).isComponent !== undefined);
    if (!grouped) return super.allocateLogicalId(element);
    const holder = this.flatIds.get(node.id);
    if (holder && holder !== node)
      throw new Error(`two resources named ${node.id} in ${this.node.id}: ${holder.path} and ${node.path}`);
    this.flatIds.set(node.id, node);
    return node.id;
  }

  /** Shows soft configuration problems (example values, risky choices) when the stack is synthesized. */
  annotateWarnings(warnings: readonly ConfigProblem[]): void {
    for (const warning of warnings)
      Annotations.of(this).addWarning(`[${this.environment.name}] ${formatProblem(warning)}`);
  }
}
