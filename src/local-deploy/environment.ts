// One environment deployed to an emulator from its settings: synthesized in-process as `cdktf synth` does, then
// applied stack by stack; changed settings are synthesized again and only the stacks whose JSON changed are applied.
import { RequestCertificateCommand } from '@aws-sdk/client-acm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveEnvironment } from '../config/resolve';
import type { EnvironmentConfig } from '../config/resolved';
import type { EnvironmentSettings } from '../config/settings';
import { synthesizeInto } from '../synthesize';
import { emulatorClients, type EmulatorClients } from './aws-clients';
import type { CallRecorder } from './call-log';
import { deploymentWaves, LocalDeployment, readManifest, type StackRun } from './deployment';
import type { TerraformSetup } from './terraform';

/**
 * A certificate for the load balancer, issued by the emulator's ACM: an HTTPS listener needs one that exists, and
 * the certificate in an environment's settings (a real one, or the shipped EXAMPLE) lives in an AWS account.
 */
export async function emulatorCertificate(clients: EmulatorClients, domain = 'app.example.com'): Promise<string> {
  const issued = await clients.acm.send(new RequestCertificateCommand({ DomainName: domain, ValidationMethod: 'DNS' }));
  if (!issued.CertificateArn) throw new Error('the emulator issued no certificate');
  return issued.CertificateArn;
}

/** The settings with their certificate (if any) swapped for one the emulator holds; everything else as written. */
export async function settingsForEmulator(
  settings: EnvironmentSettings,
  clients: EmulatorClients,
): Promise<EnvironmentSettings> {
  if (settings.app.certificateArn === undefined) return settings;
  return { ...settings, app: { ...settings.app, certificateArn: await emulatorCertificate(clients) } };
}

export interface EmulatedEnvironmentOptions {
  readonly name: string;
  readonly settings: EnvironmentSettings;
  readonly endpoint: string;
  readonly setup: TerraformSetup;
  /** Holds one synth output per step (`synth-<n>`) and the stacks' working directories (`work`). */
  readonly workdir: string;
  /** Records every AWS call the deployment's Terraform runs make. */
  readonly recorder?: CallRecorder;
}

export class EmulatedEnvironment {
  readonly deployment: LocalDeployment;
  readonly clients: EmulatorClients;
  private step = 0;
  private current: { settings: EnvironmentSettings; config: EnvironmentConfig; outdir: string };

  constructor(private readonly options: EmulatedEnvironmentOptions) {
    const config = resolveEnvironment(options.name, options.settings);
    const outdir = this.synthesize(config);
    this.current = { settings: options.settings, config, outdir };
    this.clients = emulatorClients(options.endpoint, config.context.region);
    this.deployment = new LocalDeployment({
      outdir,
      workdir: join(options.workdir, 'work'),
      endpoint: options.endpoint,
      setup: options.setup,
      recorder: options.recorder,
    });
  }

  get endpoint(): string {
    return this.options.endpoint;
  }

  get settings(): EnvironmentSettings {
    return this.current.settings;
  }

  get config(): EnvironmentConfig {
    return this.current.config;
  }

  private synthesize(config: EnvironmentConfig): string {
    const outdir = join(this.options.workdir, `synth-${this.step++}`);
    synthesizeInto(outdir, config);
    return outdir;
  }

  /** Deploys every stack from nothing, in CDKTF's order. */
  deploy(): Promise<StackRun[]> {
    return this.deployment.applyAll();
  }

  /** A plan of every stack (in parallel): what would still change. Nothing, once the code converges. */
  pending(): Promise<StackRun[]> {
    return Promise.all(this.deployment.stacks().map((stack) => this.deployment.pendingChanges(stack)));
  }

  /** Synthesizes `settings` and returns the stacks whose Terraform JSON differs from the current synth output. */
  prepareChange(settings: EnvironmentSettings): { outdir: string; config: EnvironmentConfig; changed: string[] } {
    const config = resolveEnvironment(this.options.name, settings);
    const outdir = this.synthesize(config);
    const manifest = readManifest(outdir);
    const previous = readManifest(this.current.outdir);
    const text = (dir: string, path: string | undefined) =>
      path && existsSync(join(dir, path)) ? readFileSync(join(dir, path), 'utf8') : '';
    const changed = Object.keys(manifest.stacks).filter(
      (stack) =>
        text(outdir, manifest.stacks[stack].synthesizedStackPath) !==
        text(this.current.outdir, previous.stacks[stack]?.synthesizedStackPath),
    );
    return { outdir, config, changed };
  }

  /** Plans `settings` against what is deployed, without applying: what Terraform would do to each changed stack. */
  async planChange(settings: EnvironmentSettings): Promise<StackRun[]> {
    const { outdir, changed } = this.prepareChange(settings);
    this.deployment.useSynthOutput(outdir);
    try {
      return await Promise.all(changed.map((stack) => this.deployment.pendingChanges(stack)));
    } finally {
      this.deployment.useSynthOutput(this.current.outdir);
    }
  }

  /** Applies `settings`: the changed stacks in deployment order, a wave's stacks together. */
  async change(settings: EnvironmentSettings): Promise<StackRun[]> {
    const { outdir, config, changed } = this.prepareChange(settings);
    this.deployment.useSynthOutput(outdir);
    this.current = { settings, config, outdir };
    const runs: StackRun[] = [];
    for (const wave of deploymentWaves(this.deployment.manifest, changed)) {
      runs.push(...(await Promise.all(wave.map((stack) => this.deployment.apply(stack)))));
    }
    return runs;
  }
}
