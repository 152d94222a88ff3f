// Test helpers: build environments from settings, synthesize an app, read a stack's Terraform JSON.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Testing, TerraformStack } from 'cdktf';
import { buildEnvironment, type EnvironmentStacks } from '../../src/app';
import { environments } from '../../src/config/environments';
import { resolveEnvironment } from '../../src/config/resolve';
import type { EnvironmentSettings } from '../../src/config/settings';
import type { EnvironmentJson } from '../../src/policy/terraform-json';
import { synthesizeEnvironment } from '../../src/synthesize';
import { type SettingsPatch, settingsWith } from './config';

/** Builds the stacks of one environment in a fresh test app. */
export function buildStacks(name = 'dev', settings: EnvironmentSettings = environments[name]): EnvironmentStacks {
  const app = Testing.app();
  return buildEnvironment(app, resolveEnvironment(name, settings));
}

/** One tier's stack, built with the rest of the environment from the shipped settings of `name` and a deep patch. */
export function tierStack<Tier extends keyof EnvironmentStacks>(
  tier: Tier,
  patch: SettingsPatch = {},
  name = 'dev',
): EnvironmentStacks[Tier] {
  return buildStacks(name, settingsWith(patch, environments[name]))[tier];
}

/**
 * The synthesized JSON of a stack, as a string for the CDKTF matchers. Every stack of the app is prepared
 * first, as `app.synth()` does, so references to other stacks appear as the remote-state reads they become.
 */
export function synth(stack: TerraformStack): string {
  const cached = synthesized.get(stack);
  if (cached !== undefined) return cached;
  for (const other of stack.node.root.node.findAll().filter(TerraformStack.isStack)) other.prepareStack();
  const json = Testing.synth(stack);
  synthesized.set(stack, json);
  return json;
}

/** Tests build a stack, then only read it: its JSON is synthesized (and the policy aspect run) once. */
const synthesized = new WeakMap<TerraformStack, string>();

export interface SynthesizedStack {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown }>;
  readonly locals?: Record<string, unknown>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly terraform: Record<string, unknown>;
  readonly provider: Record<string, unknown[]>;
}

/** The synthesized JSON of a stack, parsed. */
export function synthJson(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(synth(stack)) as SynthesizedStack;
}

/** The resources of one type in a synthesized stack, by name. */
export function resources(stack: TerraformStack, type: string): Record<string, Record<string, unknown>> {
  return synthJson(stack).resource[type] ?? {};
}

/** Synthesizes every environment of `settings` into a temporary directory, as `main.ts` does. */
export function synthAll(settings: Readonly<Record<string, EnvironmentSettings>> = environments): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cdktf-out-'));
  const app = new App({ outdir, skipValidation: false });
  for (const [name, s] of Object.entries(settings)) buildEnvironment(app, resolveEnvironment(name, s));
  app.synth();
  return outdir;
}

/** Synthesizes one environment, as `cdktf synth` would (policy errors throw), and returns its stacks' JSON. */
export function synthEnvironment(name = 'dev', settings: EnvironmentSettings = environments[name]): EnvironmentJson {
  return synthesizeEnvironment(resolveEnvironment(name, settings));
}
