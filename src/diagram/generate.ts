// Synthesizes an environment in-process and renders its architecture diagram: shared by `npm run diagram`
// (scripts/diagram.ts), `npm run docs` and the test that keeps docs/architecture-<env>.{dot,svg} up to date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { instance } from '@viz-js/viz';
import { environments } from '../config/environments';
import { resolveEnvironment } from '../config/resolve';
import type { EnvironmentJson } from '../policy/terraform-json';
import { synthesizeEnvironment } from '../synthesize';
import { diagramSource } from './dot';

/** The environments that get a diagram: every configured one. */
export const DIAGRAM_ENVIRONMENTS: readonly string[] = Object.keys(environments).sort();

/** Where the diagram of an environment lives, relative to the project root. */
export function diagramPaths(name: string): { dot: string; svg: string } {
  return { dot: join('docs', `architecture-${name}.dot`), svg: join('docs', `architecture-${name}.svg`) };
}

/** One environment synthesized, policy errors recorded rather than thrown, with the diagram's title. */
export function synthesizeForDiagram(name: string): { env: EnvironmentJson; title: string } {
  const config = resolveEnvironment(name, environments[name]);
  const env = synthesizeEnvironment(config, { continueOnErrorAnnotations: true });
  return { env, title: `${config.context.project} ${config.context.name} — ${config.context.region}` };
}

/** The DOT source of an environment's diagram, from a fresh synthesis. */
export function environmentDiagram(name: string): string {
  const { env, title } = synthesizeForDiagram(name);
  return diagramSource(env, title);
}

/** Renders DOT to SVG with Graphviz compiled to WebAssembly (@viz-js/viz): no native binary. */
export async function renderSvg(dot: string): Promise<string> {
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}

/** Writes every environment's diagram, DOT and SVG, under `root`; returns the files written. */
export async function writeDiagrams(root: string): Promise<string[]> {
  const written: string[] = [];
  for (const name of DIAGRAM_ENVIRONMENTS) {
    const dot = environmentDiagram(name);
    const svg = await renderSvg(dot);
    const paths = diagramPaths(name);
    mkdirSync(dirname(join(root, paths.dot)), { recursive: true });
    writeFileSync(join(root, paths.dot), dot);
    writeFileSync(join(root, paths.svg), svg);
    written.push(paths.dot, paths.svg);
  }
  return written;
}
