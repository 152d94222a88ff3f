// What the app command of cdktf.json does (`cdktf synth`): check every selected environment, build its stacks, run
// the policy pack, and only when all of that succeeds put the result in the output directory. A run that fails for
// any reason (a bad setting, a policy failure, a bug) leaves the output directory exactly as it was.
import { copyProviderLock } from './provider-lock';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AnnotationMetadataEntryType, App } from 'cdktf';
import { buildEnvironment, type EnvironmentStacks } from './app';
import { loadEnvironments } from './config/resolve';
import type { EnvironmentSettings } from './config/settings';

/** The policy pack (or another check) found errors: they name the rule, the resource and the fix. */
export class PolicyError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The policy checks found ${problems.length} problem${problems.length === 1 ? '' : 's'} (nothing was synthesized; the output directory is unchanged):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'PolicyError';
  }
}

export interface SynthesizeAppOptions {
  readonly environments: Readonly<Record<string, EnvironmentSettings>>;
  /** Comma-separated environment names (the ENVIRONMENTS variable). @default - every environment */
  readonly selection?: string;
  /** Where the stacks go (CDKTF_OUTDIR). */
  readonly outdir: string;
  /** Adds to the stacks before synthesis (tests use it to break a rule on purpose). @default - nothing */
  readonly extend?: (stacks: readonly EnvironmentStacks[]) => void;
}

interface Manifest {
  readonly stacks: Record<
    string,
    {
      readonly annotations?: readonly {
        readonly level: string;
        readonly constructPath: string;
        readonly message: string;
      }[];
    }
  >;
}

/** The error annotations of a synth output (the policy pack's failures), one line each. */
function errorAnnotations(outdir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  return Object.entries(manifest.stacks).flatMap(([stack, entry]) =>
    (entry.annotations ?? [])
      .filter((a) => a.level === AnnotationMetadataEntryType.ERROR)
      .map((a) => `[${stack}] ${a.message}`),
  );
}

/**
 * Synthesizes into `<outdir>.next`, checks it, then swaps it into place. The cdktf CLI lets synthesis continue past
 * error annotations (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) and fails afterwards, with the files written; here
 * the annotations are read from the staged manifest, so a failing rule never reaches `outdir`.
 */
export function synthesizeApp(options: SynthesizeAppOptions): void {
  // Everything is checked before any stack is built: a bad value stops the run with nothing synthesized.
  const configs = loadEnvironments(options.environments, options.selection);
  const staging = `${options.outdir}.next`;
  const previous = `${options.outdir}.previous`;
  rmSync(staging, { recursive: true, force: true });
  // Every stack is synthesized, failing or not, and the failures are read from the manifest: all of them are
  // reported at once, and always the same way, whether the cdktf CLI runs the app or something else does.
  const variable = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';
  const continueBefore = process.env[variable];
  process.env[variable] = 'true';
  try {
    // Stack traces in annotations would point into the synth bundle; the messages name the setting instead.
    const app = new App({ outdir: staging, stackTraces: false });
    const stacks = configs.map((config) => buildEnvironment(app, config));
    options.extend?.(stacks);
    app.synth();
    const problems = errorAnnotations(staging);
    if (problems.length > 0) throw new PolicyError(problems);
    copyProviderLock(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    if (continueBefore === undefined) delete process.env[variable];
    else process.env[variable] = continueBefore;
  }
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(options.outdir)) renameSync(options.outdir, previous);
  renameSync(staging, options.outdir);
  rmSync(previous, { recursive: true, force: true });
}
