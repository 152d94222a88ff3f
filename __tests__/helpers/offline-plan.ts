// Runs real Terraform on synthesized stacks without an AWS account: init from a provider mirror, validate, plan.
// Override files swap the S3 backend for a local one, give the provider dummy credentials with the skip_* flags,
// and point each terraform_remote_state at a stub state holding the upstream stack's outputs.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { emulatorProviderSettings } from '../../src/local-deploy/overrides';
import { INSTALL_HELP, platformDir, PROVIDER_VERSION, runCommand as run, terraformEnv, type TerraformSetup } from '../../src/local-deploy/terraform';

export { locateProviderMirror, locateTerraform, PROVIDER_VERSION, type TerraformSetup } from '../../src/local-deploy/terraform';

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
  const match = /^\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(.+)\}$/.exec(expression);
  if (!match) throw new Error(`offline plan: cannot stub the output expression ${expression}`);
  const [, type, name, attribute] = match;
  const hex = createHash('sha256').update(expression).digest('hex');
  if (attribute === 'id') return `${ID_PREFIXES[type] ?? type.replace(/^aws_/, '')}-${hex.slice(0, 17)}`;
  if (/secret_arn$/.test(attribute)) return `arn:aws:secretsmanager:${region}:111122223333:secret:rds!db-${hex.slice(0, 8)}-${hex.slice(8, 14)}`;
  if (attribute === 'arn') return `arn:aws:${type.replace(/^aws_/, '')}:${region}:111122223333:${name.toLowerCase()}/${hex.slice(0, 12)}`;
  if (attribute === 'address') return `${name.toLowerCase()}.${hex.slice(0, 12)}.${region}.rds.amazonaws.com`;
  if (attribute === 'endpoint') return `${name.toLowerCase()}.${hex.slice(0, 12)}.${region}.rds.amazonaws.com:3306`;
  if (attribute === 'public_ip') return `192.0.2.${parseInt(hex.slice(0, 2), 16) % 250}`;
  if (attribute === 'dns_name') return `${name.toLowerCase()}-${hex.slice(0, 8)}.${region}.elb.amazonaws.com`;
  if (attribute === 'name' || attribute === 'key_name' || attribute === 'bucket') return `${name.toLowerCase()}-${hex.slice(0, 8)}`;
  throw new Error(`offline plan: no stub rule for attribute "${attribute}" in ${expression}; add one to fakeValue()`);
}

function fakeOutput(value: unknown, region: string): { value: unknown; type: unknown } {
  if (Array.isArray(value)) return { value: value.map((v) => fakeValue(String(v), region)), type: ['list', 'string'] };
  if (typeof value === 'string' && /^\$\{[^}]+\}$/.test(value)) return { value: fakeValue(value, region), type: 'string' };
  if (typeof value === 'string' && value.includes('${')) {
    return { value: value.replace(/\$\{[^}]+\}/g, (inner) => fakeValue(inner, region)), type: 'string' };
  }
  return { value, type: typeof value === 'number' ? 'number' : 'string' };
}

/** A Terraform state file (format 4) with only outputs: what terraform_remote_state reads. */
export function stubState(stack: StackJson, region: string): string {
  const outputs = Object.fromEntries(Object.entries(stack.output ?? {}).map(([name, output]) => [name, fakeOutput(output.value, region)]));
  return JSON.stringify({ version: 4, terraform_version: '1.11.0', serial: 1, lineage: 'offline-plan-stub', outputs, resources: [] }, null, 2);
}

const REMOTE_STATE_PREFIX = 'cross-stack-reference-input-';

/**
 * The override file: a local backend, remote states read from stub files, and the provider pointed at the local
 * emulator, which answers the plan's read-only data sources (the AMI lookup) without an AWS account.
 */
export function offlineOverride(stack: StackJson, stubsDir: string, emulatorEndpoint: string): string {
  const remoteStates = Object.keys(stack.data?.terraform_remote_state ?? {});
  const override: Record<string, unknown> = {
    terraform: { backend: { local: { path: 'terraform.tfstate' } } },
    provider: { aws: emulatorProviderSettings(emulatorEndpoint) },
  };
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

export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
}

export interface StackPlan {
  readonly stack: string;
  readonly initOk: boolean;
  readonly valid: boolean;
  readonly planOk: boolean;
  /** Resources the plan creates, by type. */
  readonly creates: Readonly<Record<string, number>>;
  /** Resources the plan would change other than by creating them (none for a fresh plan). */
  readonly otherActions: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  /** Output of a failed step, for the assertion message. */
  readonly failure?: string;
  readonly seconds: { readonly init: number; readonly validate: number; readonly plan: number };
}

interface PlanMessage {
  type: string;
  change?: { action: string; resource: { addr: string; resource_type: string } };
  diagnostic?: Diagnostic;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - start) / 1e9];
}

/**
 * The provider that `terraform init` installed in `dir`, started once for the stack's validate and plan, which
 * attach to it (TF_REATTACH_PROVIDERS, Terraform's documented way to use an already running provider). Without
 * it each command starts the 700 MB binary twice: the same provider and protocol, a fifth of the time less.
 * One process per stack, because a provider process can be configured only once.
 */
class RunningProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly reattach: string,
  ) {}

  static start(dir: string): Promise<RunningProvider> {
    const platform = join(dir, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', PROVIDER_VERSION, platformDir());
    const binary = readdirSync(platform).find((file) => file.startsWith('terraform-provider-aws'));
    if (!binary) return Promise.reject(new Error(`offline plan: no provider binary in ${platform}`));
    const child = spawn(join(platform, binary), ['-debug'], { stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`offline plan: the provider did not start within 60 s:\n${output}`));
      }, 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(output);
        if (!match) return;
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(new RunningProvider(child, match[1]));
      };
      child.stdout?.on('data', onData);
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`offline plan: the provider exited (${code}) before it was ready:\n${output}`)));
    });
  }

  stop(): void {
    this.child.kill();
  }
}

/** init, validate and plan in `dir`, a copy of the stack with the override file next to it. */
async function planStackDir(stack: string, dir: string, setup: TerraformSetup, baseEnv: NodeJS.ProcessEnv, reattach: boolean): Promise<StackPlan> {
  const initArgs = ['init', '-input=false', '-no-color', ...(setup.mirror ? [`-plugin-dir=${setup.mirror}`] : [])];
  const [init, initSeconds] = await timed(() => run(setup.binary, initArgs, dir, baseEnv));
  const empty = { stack, creates: {}, otherActions: [], diagnostics: [] };
  if (init.code !== 0) {
    return { ...empty, initOk: false, valid: false, planOk: false, failure: `terraform init failed:\n${init.stdout}${init.stderr}\n${INSTALL_HELP}`, seconds: { init: initSeconds, validate: 0, plan: 0 } };
  }
  const provider = reattach ? await RunningProvider.start(dir) : undefined;
  try {
    const env = provider ? { ...baseEnv, TF_REATTACH_PROVIDERS: provider.reattach } : baseEnv;
    return await validateAndPlan(stack, dir, setup, env, initSeconds);
  } finally {
    provider?.stop();
  }
}

async function validateAndPlan(stack: string, dir: string, setup: TerraformSetup, env: NodeJS.ProcessEnv, initSeconds: number): Promise<StackPlan> {
  const tf = (args: string[]) => run(setup.binary, args, dir, env);
  const empty = { stack, creates: {}, otherActions: [], diagnostics: [] };
  const [validate, validateSeconds] = await timed(() => tf(['validate', '-json', '-no-color']));
  const validation = JSON.parse(validate.stdout || '{}') as { valid?: boolean; diagnostics?: Diagnostic[] };
  if (!validation.valid) {
    return {
      ...empty,
      initOk: true,
      valid: false,
      planOk: false,
      diagnostics: validation.diagnostics ?? [],
      failure: `terraform validate failed:\n${JSON.stringify(validation.diagnostics, null, 2)}${validate.stderr}`,
      seconds: { init: initSeconds, validate: validateSeconds, plan: 0 },
    };
  }
  const [plan, planSeconds] = await timed(() => tf(['plan', '-input=false', '-lock=false', '-json', '-no-color', '-out=plan.bin']));
  const messages = plan.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as PlanMessage);
  const creates: Record<string, number> = {};
  const otherActions: string[] = [];
  for (const message of messages) {
    if (message.type !== 'planned_change' || !message.change) continue;
    const { action, resource } = message.change;
    if (action === 'create') creates[resource.resource_type] = (creates[resource.resource_type] ?? 0) + 1;
    else otherActions.push(`${action} ${resource.addr}`);
  }
  const diagnostics = messages.flatMap((m) => (m.type === 'diagnostic' && m.diagnostic ? [m.diagnostic] : []));
  return {
    stack,
    initOk: true,
    valid: true,
    planOk: plan.code === 0,
    creates,
    otherActions,
    diagnostics: [...(validation.diagnostics ?? []), ...diagnostics],
    failure: plan.code === 0 ? undefined : `terraform plan failed:\n${JSON.stringify(diagnostics, null, 2)}\n${plan.stderr}`,
    seconds: { init: initSeconds, validate: validateSeconds, plan: planSeconds },
  };
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of results. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface PlanAllOptions {
  /** The synth output (the directory holding manifest.json). */
  readonly outdir: string;
  /** Where the per-stack working copies go. */
  readonly workdir: string;
  readonly setup: TerraformSetup;
  /** The region of the stubbed ARNs and host names. */
  readonly region: (stack: string) => string;
  /** The local emulator that answers data sources at plan time. */
  readonly emulatorEndpoint: string;
  /** @default - the number of CPUs */
  readonly concurrency?: number;
  /**
   * Start the provider once per stack and let validate and plan attach to it (see RunningProvider).
   * @default - true, unless OFFLINE_PLAN_REATTACH=0
   */
  readonly reattachProvider?: boolean;
}

/** Copies every stack of a synth output, writes its stubs and override, and plans them all. */
export async function planAll(options: PlanAllOptions): Promise<StackPlan[]> {
  const manifest = JSON.parse(readFileSync(join(options.outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string; workingDirectory: string }>;
  };
  const stubsDir = join(options.workdir, 'stubs');
  mkdirSync(stubsDir, { recursive: true });
  const stacks = Object.keys(manifest.stacks).sort();
  const jsonOf = (stack: string) => JSON.parse(readFileSync(join(options.outdir, manifest.stacks[stack].synthesizedStackPath), 'utf8')) as StackJson;
  for (const stack of stacks) writeFileSync(join(stubsDir, `${stack}.tfstate`), stubState(jsonOf(stack), options.region(stack)));

  const env = terraformEnv(options.setup);
  return pool(stacks, options.concurrency ?? cpus().length, async (stack) => {
    const dir = join(options.workdir, stack);
    cpSync(join(options.outdir, manifest.stacks[stack].workingDirectory), dir, { recursive: true });
    writeFileSync(join(dir, 'offline_override.tf.json'), offlineOverride(jsonOf(stack), stubsDir, options.emulatorEndpoint));
    return planStackDir(stack, dir, options.setup, env, options.reattachProvider ?? process.env.OFFLINE_PLAN_REATTACH !== '0');
  });
}
