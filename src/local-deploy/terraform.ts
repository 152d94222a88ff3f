// Runs the Terraform CLI on synthesized stacks: finds Terraform and the AWS provider (a filesystem mirror when the
// registry is out of reach), and runs init, validate, plan, apply and destroy in a stack's working directory,
// reading Terraform's machine-readable output (-json) instead of its screen output.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CallRecorder } from './call-log';

export const PROVIDER_VERSION = '5.100.0';
const MIN_TERRAFORM = [1, 10] as const;

export const INSTALL_HELP =
  'Install Terraform >= 1.10 (https://developer.hashicorp.com/terraform/install) and put it on PATH. ' +
  `Without registry access, also copy the hashicorp/aws ${PROVIDER_VERSION} provider into a mirror directory ` +
  `(<dir>/registry.terraform.io/hashicorp/aws/${PROVIDER_VERSION}/<os>_<arch>/terraform-provider-aws_v${PROVIDER_VERSION}_x5) ` +
  'and set TF_PROVIDER_MIRROR=<dir>. See CONTRIBUTING.md "The test ladder".';

/** Directories Terraform itself searches as implied local mirrors, plus the one this team's machines use. */
const MIRROR_CANDIDATES = [
  '/opt/tf-plugins',
  join(homedir(), '.terraform.d', 'plugins'),
  join(homedir(), '.local', 'share', 'terraform', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];

export interface TerraformSetup {
  readonly binary: string;
  readonly version: string;
  /** A filesystem mirror holding the AWS provider, or undefined to install from the registry. */
  readonly mirror?: string;
}

export function platformDir(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return `${process.platform}_${arch}`;
}

function mirrorHasProvider(dir: string): boolean {
  return existsSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws', PROVIDER_VERSION, platformDir()));
}

/**
 * The provider mirror: TF_PROVIDER_MIRROR when set (an error if it lacks the provider), else the first implied
 * mirror directory that holds it, else none (Terraform installs from the registry).
 */
export function locateProviderMirror(
  env: NodeJS.ProcessEnv = process.env,
  candidates = MIRROR_CANDIDATES,
): string | undefined {
  const configured = env.TF_PROVIDER_MIRROR;
  if (configured) {
    if (!mirrorHasProvider(configured)) {
      throw new Error(
        `TF_PROVIDER_MIRROR=${configured} does not hold hashicorp/aws ${PROVIDER_VERSION} for ${platformDir()}. ${INSTALL_HELP}`,
      );
    }
    return configured;
  }
  return candidates.find(mirrorHasProvider);
}

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs a command to its end; never rejects (a failure is a non-zero code with the output). */
export function runCommand(
  binary: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 0,
): Promise<CommandResult> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    execFile(
      binary,
      args,
      { cwd, env, maxBuffer: 512 * 1024 * 1024, timeout: timeoutMs, killSignal: 'SIGINT' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        resolve({
          code,
          stdout,
          stderr: stderr || (error && typeof error.code !== 'number' ? String(error.message) : ''),
          seconds,
        });
      },
    );
  });
}

/** Finds Terraform >= 1.10 and the provider mirror, or throws saying how to install them. */
export async function locateTerraform(env: NodeJS.ProcessEnv = process.env): Promise<TerraformSetup> {
  const binary = env.TERRAFORM_BINARY ?? 'terraform';
  const result = await runCommand(binary, ['version', '-json'], process.cwd(), {
    ...env,
    TF_CLI_CONFIG_FILE: '/dev/null',
  });
  if (result.code !== 0)
    throw new Error(`Terraform could not be run as "${binary}" (${result.stderr.trim()}). ${INSTALL_HELP}`);
  const version = (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  const [major, minor] = version.split('.').map(Number);
  if (major < MIN_TERRAFORM[0] || (major === MIN_TERRAFORM[0] && minor < MIN_TERRAFORM[1])) {
    throw new Error(
      `Terraform ${version} is too old: the S3 backend's use_lockfile needs 1.10 or later. ${INSTALL_HELP}`,
    );
  }
  return { binary, version, mirror: locateProviderMirror(env) };
}

/**
 * The environment of every Terraform run here: no update check, no prompts, and with a mirror an empty CLI
 * configuration (the mirror comes from -plugin-dir, nothing from the user's ~/.terraformrc).
 * GOGC=400 makes the Go garbage collector of Terraform and the provider run less often: each run is short and
 * allocates the AWS provider's schema of 1,500 resources, and measured on 2 cores a plan then takes 28 % less CPU
 * (5.2 s against 7.2 s) for 130 MB more memory. A GOGC of the caller's wins.
 */
export function terraformEnv(setup: TerraformSetup, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    GOGC: '400',
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    ...(setup.mirror ? { TF_CLI_CONFIG_FILE: '/dev/null' } : {}),
    ...extra,
  };
}

export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
}

/** What Terraform plans for one resource: `create`, `update`, `delete`, `replace` (delete and create), or `read`. */
export type ResourceAction = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op';

export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly action: ResourceAction;
  /** For a replacement: the attributes that force it. */
  readonly reasons?: readonly string[];
}

/** One line of Terraform's -json output, as far as it is read here. */
interface JsonMessage {
  readonly type: string;
  readonly '@message'?: string;
  readonly change?: {
    readonly action: string;
    readonly resource: { readonly addr: string; readonly resource_type: string };
    readonly reason?: string;
  };
  readonly diagnostic?: Diagnostic & { readonly range?: unknown };
  readonly changes?: { readonly add: number; readonly change: number; readonly remove: number };
  readonly hook?: {
    readonly resource?: { readonly addr: string };
    readonly action?: string;
    readonly elapsed_seconds?: number;
  };
}

/** How long each resource's create, update or delete took in an apply (Terraform's `apply_complete` messages). */
export interface ResourceDuration {
  readonly address: string;
  readonly action: string;
  readonly seconds: number;
}

export function resourceDurations(messages: readonly JsonMessage[]): ResourceDuration[] {
  return messages.flatMap((m) =>
    m.type === 'apply_complete' && m.hook?.resource && m.hook.elapsed_seconds !== undefined
      ? [{ address: m.hook.resource.addr, action: m.hook.action ?? '', seconds: m.hook.elapsed_seconds }]
      : [],
  );
}

export function parseJsonLines(stdout: string): JsonMessage[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as JsonMessage);
}

const ACTIONS: Readonly<Record<string, ResourceAction>> = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  replace: 'replace',
  read: 'read',
  noop: 'no-op',
  'no-op': 'no-op',
};

/** The `planned_change` messages of `terraform plan -json`, one per resource that changes. */
export function plannedChanges(messages: readonly JsonMessage[]): PlannedChange[] {
  return messages.flatMap((message) => {
    if (message.type !== 'planned_change' || !message.change) return [];
    const { action, resource } = message.change;
    return [
      { address: resource.addr, type: resource.resource_type, action: ACTIONS[action] ?? (action as ResourceAction) },
    ];
  });
}

export function diagnosticsOf(messages: readonly JsonMessage[]): Diagnostic[] {
  return messages.flatMap((m) => (m.type === 'diagnostic' && m.diagnostic ? [m.diagnostic] : []));
}

/** A failure message with Terraform's own diagnostics, for the thrown error or the assertion. */
export function describeFailure(what: string, result: CommandResult): string {
  const diagnostics = diagnosticsOf(parseJsonLines(result.stdout)).filter((d) => d.severity === 'error');
  const detail = diagnostics.length
    ? diagnostics
        .map(
          (d) =>
            `${d.address ? `${d.address}: ` : ''}${d.summary}${d.detail ? `\n  ${d.detail.replace(/\n/g, '\n  ')}` : ''}`,
        )
        .join('\n')
    : `${result.stdout.slice(-4000)}${result.stderr.slice(-4000)}`;
  return `${what} failed (exit ${result.code}):\n${detail}`;
}

/** The Terraform working directory of one stack. */
export class TerraformDirectory {
  constructor(
    readonly dir: string,
    private readonly setup: TerraformSetup,
    private readonly env: NodeJS.ProcessEnv = terraformEnv(setup),
    /** Records the AWS calls of every run as the stack's (src/local-deploy/call-log.ts). */
    private readonly recording?: { readonly recorder: CallRecorder; readonly stack: string },
  ) {}

  async run(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 0): Promise<CommandResult> {
    // With TF_LOG set (to debug a run), each stack's log goes to terraform.log in its own directory.
    const log = this.env.TF_LOG ? { TF_LOG_PATH: join(this.dir, 'terraform.log') } : {};
    const env = { ...this.env, ...log, ...extraEnv };
    const recorded = this.recording?.recorder.begin(this.recording.stack, args, env);
    const result = await runCommand(this.setup.binary, args, this.dir, { ...env, ...recorded?.env }, timeoutMs);
    recorded?.end(result.code);
    return result;
  }

  /** `terraform init`, from the mirror when there is one; `reconfigure` after the backend settings changed. */
  async init(options: { reconfigure?: boolean } = {}): Promise<CommandResult> {
    const args = [
      'init',
      '-input=false',
      '-no-color',
      ...(options.reconfigure ? ['-reconfigure'] : []),
      ...(this.setup.mirror ? [`-plugin-dir=${this.setup.mirror}`] : []),
    ];
    const result = await this.run(args);
    if (result.code !== 0)
      throw new Error(`${describeFailure(`terraform init in ${this.dir}`, result)}\n${INSTALL_HELP}`);
    return result;
  }

  /**
   * `terraform plan` saved to `out`; the changes it plans and whether it succeeded. `lock: false` for plans that
   * must not wait on (or take) the state lock.
   */
  async plan(
    options: { out?: string; destroy?: boolean; lock?: boolean; extraEnv?: NodeJS.ProcessEnv } = {},
  ): Promise<PlanResult> {
    const args = [
      'plan',
      '-input=false',
      '-json',
      '-no-color',
      '-detailed-exitcode',
      ...(options.destroy ? ['-destroy'] : []),
      ...(options.lock === false ? ['-lock=false'] : []),
      ...(options.out ? [`-out=${options.out}`] : []),
    ];
    const result = await this.run(args, options.extraEnv);
    const messages = parseJsonLines(result.stdout);
    return {
      ok: result.code === 0 || result.code === 2,
      changes: plannedChanges(messages).filter((c) => c.action !== 'no-op' && c.action !== 'read'),
      diagnostics: diagnosticsOf(messages),
      result,
    };
  }

  /**
   * Applies a saved plan, or (without one) plans and applies in one run, which starts the 700 MB provider once
   * instead of twice. `changes` are what the run planned.
   */
  async apply(planFile?: string, options: { extraEnv?: NodeJS.ProcessEnv } = {}): Promise<ApplyResult> {
    const args = ['apply', '-input=false', '-json', '-no-color', ...(planFile ? [planFile] : ['-auto-approve'])];
    const result = await this.run(args, options.extraEnv);
    const messages = parseJsonLines(result.stdout);
    return {
      ok: result.code === 0,
      changes: plannedChanges(messages).filter((c) => c.action !== 'no-op' && c.action !== 'read'),
      durations: resourceDurations(messages),
      diagnostics: diagnosticsOf(messages),
      result,
    };
  }

  async destroy(options: { extraEnv?: NodeJS.ProcessEnv } = {}): Promise<ApplyResult> {
    const result = await this.run(['destroy', '-auto-approve', '-input=false', '-json', '-no-color'], options.extraEnv);
    const messages = parseJsonLines(result.stdout);
    return {
      ok: result.code === 0,
      changes: plannedChanges(messages),
      durations: resourceDurations(messages),
      diagnostics: diagnosticsOf(messages),
      result,
    };
  }

  /** The stack's outputs, with sensitive values included. */
  async outputs(): Promise<Record<string, { value: unknown; sensitive: boolean }>> {
    const result = await this.run(['output', '-json', '-no-color']);
    if (result.code !== 0) throw new Error(describeFailure(`terraform output in ${this.dir}`, result));
    return JSON.parse(result.stdout || '{}') as Record<string, { value: unknown; sensitive: boolean }>;
  }

  /** The addresses in the stack's state. */
  async stateList(): Promise<string[]> {
    const result = await this.run(['state', 'list', '-no-color']);
    if (result.code !== 0) throw new Error(describeFailure(`terraform state list in ${this.dir}`, result));
    return result.stdout.split('\n').filter((line) => line.trim() !== '');
  }
}

export interface PlanResult {
  readonly ok: boolean;
  /** The resources that change (no-ops and data reads left out). */
  readonly changes: readonly PlannedChange[];
  readonly diagnostics: readonly Diagnostic[];
  readonly result: CommandResult;
}

export interface ApplyResult {
  readonly ok: boolean;
  readonly changes: readonly PlannedChange[];
  readonly durations: readonly ResourceDuration[];
  readonly diagnostics: readonly Diagnostic[];
  readonly result: CommandResult;
}
