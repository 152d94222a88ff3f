// Runs real Terraform on synthesized stacks without an AWS account. Many stacks (of many environments) go into
// one Terraform configuration, each stack a module of it, so that one `terraform validate` and one `terraform plan`
// cover them all: the 700 MB provider's schema is loaded once instead of once per stack and command. In each
// module an override file points the provider at the local emulator (which answers plan-time data sources) and
// each terraform_remote_state at a stub state holding the upstream stack's outputs.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emulatorProviderSettings } from '../../src/local-deploy/overrides';
import {
  describeFailure,
  diagnosticsOf,
  parseJsonLines,
  plannedChanges,
  TerraformDirectory,
  type Diagnostic,
  type PlannedChange,
  type TerraformSetup,
} from '../../src/local-deploy/terraform';

export {
  locateProviderMirror,
  locateTerraform,
  PROVIDER_VERSION,
  type TerraformSetup,
} from '../../src/local-deploy/terraform';

/** The synthesized Terraform JSON of a stack, as far as the harness reads it. */
interface StackJson {
  readonly output?: Record<string, { value: unknown }>;
  readonly data?: { terraform_remote_state?: Record<string, unknown> };
}

const ID_PREFIXES: Readonly<Record<string, string>> = {
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_security_group: 'sg',
  aws_instance: 'i',
  aws_nat_gateway: 'nat',
  aws_eip: 'eipalloc',
  aws_internet_gateway: 'igw',
};

/**
 * A plausible value for an output expression such as `${aws_subnet.PublicSubnetA.id}`, stable for the same
 * expression and different between expressions. Throws for an attribute it has no rule for, so a new
 * cross-stack reference gets a rule here instead of a silently wrong stub.
 */
export function fakeValue(expression: string, region: string): string {
  // The account, in an ARN an output builds from it (the session log group of an environment sharing an account).
  if (/^\$\{data\.aws_caller_identity\.[A-Za-z0-9_-]+\.account_id\}$/.test(expression)) return '111122223333';
  const match = /^\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(.+)\}$/.exec(expression);
  if (!match) throw new Error(`offline plan: cannot stub the output expression ${expression}`);
  const [, type, name, attribute] = match;
  const hex = createHash('sha256').update(expression).digest('hex');
  if (attribute === 'id') return `${ID_PREFIXES[type] ?? type.replace(/^aws_/, '')}-${hex.slice(0, 17)}`;
  if (/secret_arn$/.test(attribute))
    return `arn:aws:secretsmanager:${region}:111122223333:secret:rds!db-${hex.slice(0, 8)}-${hex.slice(8, 14)}`;
  // ARNs in the forms the attributes that take them validate: IAM's have no region, a log group's names the group.
  if (type === 'aws_iam_policy' && attribute === 'arn')
    return `arn:aws:iam::111122223333:policy/${name.toLowerCase()}-${hex.slice(0, 8)}`;
  if (type === 'aws_cloudwatch_log_group' && attribute === 'arn')
    return `arn:aws:logs:${region}:111122223333:log-group:/${name.toLowerCase()}/${hex.slice(0, 8)}`;
  if (attribute === 'arn')
    return `arn:aws:${type.replace(/^aws_/, '')}:${region}:111122223333:${name.toLowerCase()}/${hex.slice(0, 12)}`;
  if (attribute === 'prefix_list_id') return `pl-${hex.slice(0, 17)}`;
  if (attribute === 'address') return `${name.toLowerCase()}.${hex.slice(0, 12)}.${region}.rds.amazonaws.com`;
  if (attribute === 'endpoint') return `${name.toLowerCase()}.${hex.slice(0, 12)}.${region}.rds.amazonaws.com:3306`;
  if (attribute === 'public_ip') return `192.0.2.${parseInt(hex.slice(0, 2), 16) % 250}`;
  if (attribute === 'dns_name') return `${name.toLowerCase()}-${hex.slice(0, 8)}.${region}.elb.amazonaws.com`;
  if (attribute === 'name' || attribute === 'key_name' || attribute === 'bucket' || attribute === 'identifier')
    return `${name.toLowerCase()}-${hex.slice(0, 8)}`;
  throw new Error(`offline plan: no stub rule for attribute "${attribute}" in ${expression}; add one to fakeValue()`);
}

function fakeOutput(value: unknown, region: string): { value: unknown; type: unknown } {
  if (Array.isArray(value)) return { value: value.map((v) => fakeValue(String(v), region)), type: ['list', 'string'] };
  if (typeof value === 'string' && /^\$\{[^}]+\}$/.test(value))
    return { value: fakeValue(value, region), type: 'string' };
  if (typeof value === 'string' && value.includes('${')) {
    return { value: value.replace(/\$\{[^}]+\}/g, (inner) => fakeValue(inner, region)), type: 'string' };
  }
  return { value, type: typeof value === 'number' ? 'number' : 'string' };
}

/** A Terraform state file (format 4) with only outputs: what terraform_remote_state reads. */
export function stubState(stack: StackJson, region: string): string {
  const outputs = Object.fromEntries(
    Object.entries(stack.output ?? {}).map(([name, output]) => [name, fakeOutput(output.value, region)]),
  );
  return JSON.stringify(
    { version: 4, terraform_version: '1.11.0', serial: 1, lineage: 'offline-plan-stub', outputs, resources: [] },
    null,
    2,
  );
}

const REMOTE_STATE_PREFIX = 'cross-stack-reference-input-';

/**
 * The override file of a stack's module: remote states read from stub files, and the provider pointed at the local
 * emulator, which answers the plan's read-only data sources (the AMI lookup) without an AWS account. (The stack's
 * S3 backend is ignored in a module: only the root module's backend counts.)
 */
export function offlineOverride(stack: StackJson, stubsDir: string, emulatorEndpoint: string): string {
  const remoteStates = Object.keys(stack.data?.terraform_remote_state ?? {});
  const override: Record<string, unknown> = { provider: { aws: emulatorProviderSettings(emulatorEndpoint) } };
  if (remoteStates.length > 0) {
    override.data = {
      terraform_remote_state: Object.fromEntries(
        remoteStates.map((name) => {
          if (!name.startsWith(REMOTE_STATE_PREFIX)) throw new Error(`offline plan: unexpected remote state ${name}`);
          const upstream = name.slice(REMOTE_STATE_PREFIX.length);
          return [name, { backend: 'local', config: { path: join(stubsDir, `${upstream}.tfstate`) } }];
        }),
      ),
    };
  }
  return JSON.stringify(override, null, 2);
}

/** One synthesized stack to check: where its synth output is, and the region of its stubbed upstream values. */
export interface StackToCheck {
  /** `<env>-<tier>`, unique across the stacks checked together. */
  readonly stack: string;
  /** The synth output holding it (the directory with manifest.json). */
  readonly outdir: string;
  readonly region: string;
}

/** The module name of a stack: `dev-network` becomes `dev_network`. */
export function moduleName(stack: string): string {
  return stack.replace(/-/g, '_');
}

interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string; readonly workingDirectory: string }>;
}

/**
 * A Terraform configuration at `dir` whose modules are the given stacks, with their stubs and overrides, initialized
 * from the provider mirror.
 */
export async function combinedConfiguration(
  dir: string,
  stacks: readonly StackToCheck[],
  setup: TerraformSetup,
  emulatorEndpoint: string,
): Promise<TerraformDirectory> {
  const stubsDir = join(dir, 'stubs');
  mkdirSync(stubsDir, { recursive: true });
  const modules: Record<string, { source: string }> = {};
  for (const { stack, outdir, region } of stacks) {
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Manifest;
    const entry = manifest.stacks[stack];
    if (!entry) throw new Error(`no stack ${stack} in ${outdir}`);
    const json = JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), 'utf8')) as StackJson;
    writeFileSync(join(stubsDir, `${stack}.tfstate`), stubState(json, region));
    cpSync(join(outdir, entry.workingDirectory), join(dir, stack), { recursive: true });
    writeFileSync(join(dir, stack, 'offline_override.tf.json'), offlineOverride(json, stubsDir, emulatorEndpoint));
    modules[moduleName(stack)] = { source: `./${stack}` };
  }
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ module: modules }, null, 2));
  const terraform = new TerraformDirectory(dir, setup);
  await terraform.init();
  return terraform;
}

export interface ModuleDiagnostic extends Diagnostic {
  /** The stack whose files the diagnostic points into, when it points into one. */
  readonly stack?: string;
}

/** The AWS provider binary `terraform init` installed for the configuration at `dir`. */
function installedProvider(dir: string): string {
  const base = join(dir, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws');
  for (const version of readdirSync(base)) {
    for (const platform of readdirSync(join(base, version))) {
      const binary = readdirSync(join(base, version, platform)).find((file) =>
        file.startsWith('terraform-provider-aws'),
      );
      if (binary) return join(base, version, platform, binary);
    }
  }
  throw new Error(`no AWS provider installed under ${base}`);
}

/**
 * Runs `work` with one AWS provider process serving every provider block of the configuration, through Terraform's
 * documented reattach mechanism (the provider started with -debug prints TF_REATTACH_PROVIDERS). Without it,
 * `terraform validate` starts the 700 MB provider once per module: 0.2 s each, 60 s for the matrix's 280 stacks.
 * For validation only: it configures no provider, so the modules' different regions do not meet in the one process.
 */
async function withSharedProvider<T>(dir: string, work: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
  // stderr ignored, not piped: an unread pipe would fill up and stall the provider.
  const provider = spawn(installedProvider(dir), ['-debug'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const reattach = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`the AWS provider printed no TF_REATTACH_PROVIDERS within 60 s:\n${output}`)),
        60_000,
      );
      provider.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      provider.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the AWS provider exited (${code}) before it could be shared:\n${output}`));
      });
    });
    return await work({ TF_REATTACH_PROVIDERS: reattach });
  } finally {
    provider.kill();
  }
}

/** `terraform validate` of the whole configuration, its diagnostics attributed to the stacks they concern. */
export async function validateAll(
  terraform: TerraformDirectory,
): Promise<{ valid: boolean; diagnostics: ModuleDiagnostic[] }> {
  const result = await withSharedProvider(terraform.dir, (env) =>
    terraform.run(['validate', '-json', '-no-color'], env),
  );
  const parsed = JSON.parse(result.stdout || '{}') as {
    valid?: boolean;
    diagnostics?: (Diagnostic & { range?: { filename?: string } })[];
  };
  const diagnostics = (parsed.diagnostics ?? []).map((d) => ({ ...d, stack: d.range?.filename?.split('/')[0] }));
  if (parsed.valid === undefined) throw new Error(describeFailure('terraform validate', result));
  return { valid: parsed.valid, diagnostics };
}

/** What a plan of the whole configuration does to each stack, and its error diagnostics. */
export interface CombinedPlan {
  readonly ok: boolean;
  readonly changes: Readonly<Record<string, readonly PlannedChange[]>>;
  readonly errors: readonly Diagnostic[];
  readonly failure?: string;
}

/** One `terraform plan` of every stack of the configuration; each change is attributed to its stack's module. */
export async function planAll(terraform: TerraformDirectory, stacks: readonly string[]): Promise<CombinedPlan> {
  const result = await terraform.run(['plan', '-input=false', '-lock=false', '-json', '-no-color']);
  const messages = parseJsonLines(result.stdout);
  const byModule = new Map(stacks.map((stack) => [`module.${moduleName(stack)}.`, stack]));
  const changes: Record<string, PlannedChange[]> = Object.fromEntries(stacks.map((stack) => [stack, []]));
  for (const change of plannedChanges(messages)) {
    const prefix = [...byModule.keys()].find((p) => change.address.startsWith(p));
    if (!prefix) continue;
    changes[byModule.get(prefix) ?? ''].push({ ...change, address: change.address.slice(prefix.length) });
  }
  const errors = diagnosticsOf(messages).filter((d) => d.severity === 'error');
  const ok = result.code === 0 && errors.length === 0;
  return { ok, changes, errors, failure: ok ? undefined : describeFailure('terraform plan', result) };
}
