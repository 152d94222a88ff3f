// Synthesizes one environment in-process, as `cdktf synth` does, and reads its stacks' Terraform JSON back:
// for the policy report, the diagram and the tests.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { buildEnvironment } from './app';
import type { EnvironmentConfig } from './config/resolved';
import { EnvironmentJson, type StackJson } from './policy/terraform-json';
import { copyProviderLock } from './provider-lock';

export interface SynthesizeOptions {
  /**
   * Record policy error annotations instead of throwing, so a report or a diagram shows what the code builds
   * even while a rule fails.
   * @default false
   */
  readonly continueOnErrorAnnotations?: boolean;
}

/**
 * Synthesizes one environment into `outdir` (manifest.json, stacks/<stack>/cdk.tf.json), as `cdktf synth` does:
 * the policy aspect runs, and a policy error throws unless `continueOnErrorAnnotations`.
 */
export function synthesizeInto(outdir: string, config: EnvironmentConfig, options: SynthesizeOptions = {}): void {
  const variable = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';
  const previous = process.env[variable];
  if (options.continueOnErrorAnnotations) process.env[variable] = 'true';
  mkdirSync(outdir, { recursive: true });
  try {
    const app = new App({ outdir, stackTraces: false });
    buildEnvironment(app, config);
    app.synth();
    copyProviderLock(outdir);
  } finally {
    if (previous === undefined) delete process.env[variable];
    else process.env[variable] = previous;
  }
}

export function synthesizeEnvironment(config: EnvironmentConfig, options: SynthesizeOptions = {}): EnvironmentJson {
  const outdir = mkdtempSync(join(tmpdir(), `synth-${config.context.name}-`));
  try {
    synthesizeInto(outdir, config, options);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { synthesizedStackPath: string }>;
    };
    const stacks: Record<string, StackJson> = {};
    for (const stack of Object.keys(manifest.stacks).sort()) {
      stacks[stack] = JSON.parse(
        readFileSync(join(outdir, manifest.stacks[stack].synthesizedStackPath), 'utf8'),
      ) as StackJson;
    }
    return new EnvironmentJson(stacks);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
