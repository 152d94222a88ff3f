// Synthesizes an environment in-process and renders its architecture diagram: shared by `npm run diagram`
// (scripts/diagram.ts) and the test that keeps docs/architecture-<env>.{dot,svg} up to date.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instance } from '@viz-js/viz';
import { App } from 'cdktf';
import { buildEnvironment } from '../app';
import { environments } from '../config/environments';
import { resolveEnvironment } from '../config/resolve';
import { EnvironmentJson, type StackJson } from '../policy/terraform-json';
import { diagramSource } from './dot';

/** The environments that get a diagram: every configured one. */
export const DIAGRAM_ENVIRONMENTS: readonly string[] = Object.keys(environments).sort();

/** Where the diagram of an environment lives, relative to the project root. */
export function diagramPaths(name: string): { dot: string; svg: string } {
  return { dot: join('docs', `architecture-${name}.dot`), svg: join('docs', `architecture-${name}.svg`) };
}

/**
 * Synthesizes one environment as `cdktf synth` would and reads its stacks' Terraform JSON back. Policy error
 * annotations are recorded rather than thrown, so the diagram shows what the code builds even while a rule fails.
 */
export function synthesizeEnvironment(name: string): { env: EnvironmentJson; title: string } {
  const settings = environments[name];
  const config = resolveEnvironment(name, settings);
  const outdir = mkdtempSync(join(tmpdir(), 'diagram-'));
  const previous = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true';
  try {
    const app = new App({ outdir, stackTraces: false });
    buildEnvironment(app, config, settings);
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
    const stacks: Record<string, StackJson> = {};
    for (const [stack, entry] of Object.entries(manifest.stacks).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      stacks[stack] = JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), 'utf8')) as StackJson;
    }
    return { env: new EnvironmentJson(stacks), title: `${config.context.project} ${config.context.name} — ${config.context.region}` };
  } finally {
    if (previous === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = previous;
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The DOT source of an environment's diagram, from a fresh synthesis. */
export function environmentDiagram(name: string): string {
  const { env, title } = synthesizeEnvironment(name);
  return diagramSource(env, title);
}

/** Renders DOT to SVG with Graphviz compiled to WebAssembly (@viz-js/viz): no native binary. */
export async function renderSvg(dot: string): Promise<string> {
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}
