// Deploys the synthesized stacks of an environment to an AWS emulator with Terraform, one stack at a time in the
// order CDKTF deploys them (its manifest's dependencies), and plans, applies and destroys them afterwards.
//
// Terraform per stack rather than `cdktf deploy`: the CLI synthesizes again into its output directory, which would
// drop the override files that point each stack at the emulator, and it prints a screen meant for people. Terraform,
// in the working directory CDKTF gives each stack, is what `cdktf deploy` runs underneath; here its -json output
// says what happened to each resource.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallRecorder } from './call-log';
import { EMULATOR_OVERRIDE_FILE, emulatorOverride, type StackJson } from './overrides';
import {
  describeFailure,
  TerraformDirectory,
  type PlannedChange,
  type ResourceDuration,
  type TerraformSetup,
} from './terraform';

interface Manifest {
  readonly stacks: Readonly<
    Record<
      string,
      {
        readonly synthesizedStackPath: string;
        readonly workingDirectory: string;
        readonly dependencies: readonly string[];
      }
    >
  >;
}

export function readManifest(outdir: string): Manifest {
  return JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Manifest;
}

/** The stacks in deployment order: every stack after the stacks it depends on (CDKTF's order), ties by name. */
export function deploymentOrder(manifest: Manifest, only?: (stack: string) => boolean): string[] {
  const names = Object.keys(manifest.stacks)
    .filter((name) => !only || only(name))
    .sort();
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string): void => {
    if (order.includes(name)) return;
    if (visiting.has(name)) throw new Error(`stack dependency cycle through ${name}`);
    visiting.add(name);
    for (const dependency of [...manifest.stacks[name].dependencies].sort())
      if (names.includes(dependency)) visit(dependency);
    visiting.delete(name);
    order.push(name);
  };
  names.forEach(visit);
  return order;
}

/** The stacks grouped in waves: each wave depends only on earlier waves, so a wave's stacks can run together. */
export function deploymentWaves(manifest: Manifest, stacks: readonly string[]): string[][] {
  const waves: string[][] = [];
  const placed = new Map<string, number>();
  for (const stack of deploymentOrder(manifest, (name) => stacks.includes(name))) {
    const wave =
      Math.max(
        -1,
        ...manifest.stacks[stack].dependencies.filter((d) => placed.has(d)).map((d) => placed.get(d) ?? -1),
      ) + 1;
    placed.set(stack, wave);
    waves[wave] ??= [];
    waves[wave].push(stack);
  }
  return waves;
}

export interface DeploymentOptions {
  /** A synth output: the directory holding manifest.json. */
  readonly outdir: string;
  /** Where each stack's working copy lives: `<workdir>/<stack>`, with its override file. */
  readonly workdir: string;
  readonly endpoint: string;
  readonly setup: TerraformSetup;
  /** Records every AWS call of every Terraform run (src/local-deploy/call-log.ts). */
  readonly recorder?: CallRecorder;
}

/** What one Terraform run did to a stack. */
export interface StackRun {
  readonly stack: string;
  readonly changes: readonly PlannedChange[];
  readonly seconds: number;
  /** For an apply: how long each resource took (the provider's waits show here). */
  readonly durations?: readonly ResourceDuration[];
  /** For a plan that found changes where none were expected: Terraform's own account of them, attribute by attribute. */
  readonly diff?: string;
}

/** One environment's stacks deployed to the emulator, from a synth output that can be swapped for a newer one. */
export class LocalDeployment {
  private outdir: string;
  private readonly initialized = new Set<string>();

  constructor(private readonly options: DeploymentOptions) {
    this.outdir = options.outdir;
    mkdirSync(options.workdir, { recursive: true });
  }

  get manifest(): Manifest {
    return readManifest(this.outdir);
  }

  stacks(): string[] {
    return deploymentOrder(this.manifest);
  }

  stackJson(stack: string, outdir = this.outdir): StackJson {
    const manifest = readManifest(outdir);
    return JSON.parse(readFileSync(join(outdir, manifest.stacks[stack].synthesizedStackPath), 'utf8')) as StackJson;
  }

  directory(stack: string): TerraformDirectory {
    const { recorder, setup } = this.options;
    return new TerraformDirectory(
      join(this.options.workdir, stack),
      setup,
      undefined,
      recorder ? { recorder, stack } : undefined,
    );
  }

  /** The state file of a stack with a local backend (the state stack before it moves into its bucket). */
  localStatePath(stack: string): string {
    return join(this.options.workdir, `terraform.${stack}.tfstate`);
  }

  /**
   * Copies the stack's synthesized files into its working directory with the emulator override next to them,
   * keeping `.terraform` (providers, backend) and saved plans; runs `terraform init` the first time.
   */
  async prepare(stack: string): Promise<TerraformDirectory> {
    const manifest = this.manifest;
    const entry = manifest.stacks[stack];
    if (!entry) throw new Error(`no stack ${stack} in ${this.outdir}`);
    const dir = join(this.options.workdir, stack);
    mkdirSync(dir, { recursive: true });
    for (const file of ['cdk.tf.json', EMULATOR_OVERRIDE_FILE]) rmSync(join(dir, file), { force: true });
    cpSync(join(this.outdir, entry.workingDirectory), dir, { recursive: true });
    const override = emulatorOverride(stack, this.stackJson(stack), {
      endpoint: this.options.endpoint,
      localStatePath: (s) => this.localStatePath(s),
    });
    writeFileSync(join(dir, EMULATOR_OVERRIDE_FILE), JSON.stringify(override, null, 2));
    const terraform = this.directory(stack);
    if (!this.initialized.has(stack) || !existsSync(join(dir, '.terraform'))) {
      await terraform.init({ reconfigure: true });
      this.initialized.add(stack);
    }
    return terraform;
  }

  /** From now on, deploy what `outdir` holds (the same environment, synthesized with changed settings). */
  useSynthOutput(outdir: string): void {
    this.outdir = outdir;
  }

  /** Plans and applies the stack in one Terraform run; throws with Terraform's diagnostics when it fails. */
  async apply(stack: string): Promise<StackRun> {
    const terraform = await this.prepare(stack);
    const start = Date.now();
    const applied = await terraform.apply();
    if (!applied.ok) throw new Error(describeFailure(`terraform apply of ${stack}`, applied.result));
    return { stack, changes: applied.changes, seconds: (Date.now() - start) / 1000, durations: applied.durations };
  }

  /** What a plan of the stack would change now (nothing, once the code has converged). */
  async pendingChanges(stack: string): Promise<StackRun> {
    const terraform = await this.prepare(stack);
    const start = Date.now();
    const plan = await terraform.plan({ lock: false });
    if (!plan.ok) throw new Error(describeFailure(`terraform plan of ${stack}`, plan.result));
    const seconds = (Date.now() - start) / 1000;
    if (plan.changes.length === 0) return { stack, changes: [], seconds };
    // Rare, and then the attributes matter: ask Terraform for its human-readable diff as well.
    const text = await terraform.run(['plan', '-input=false', '-no-color', '-lock=false']);
    const diff = text.stdout
      .split('\n')
      .filter((line) => /^\s+[~+-] |^\s+# |forces replacement/.test(line))
      .join('\n');
    return { stack, changes: plan.changes, seconds, diff };
  }

  /** Applies the stacks wave by wave (a wave's stacks at once), in deployment order. */
  async applyAll(stacks: readonly string[] = this.stacks()): Promise<StackRun[]> {
    const runs: StackRun[] = [];
    for (const wave of deploymentWaves(this.manifest, stacks))
      runs.push(...(await Promise.all(wave.map((stack) => this.apply(stack)))));
    return runs;
  }

  /** Destroys one stack; the result says whether Terraform refused or failed, with its diagnostics. */
  async destroy(stack: string): Promise<{ readonly ok: boolean; readonly message: string }> {
    const terraform = await this.prepare(stack);
    const destroyed = await terraform.destroy();
    return {
      ok: destroyed.ok,
      message: destroyed.ok ? '' : describeFailure(`terraform destroy of ${stack}`, destroyed.result),
    };
  }
}
