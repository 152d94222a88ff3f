// Synthesizes an environment in-process and renders its architecture diagram: shared by `npm run diagram`
// (scripts/diagram.ts) and the test that keeps docs/architecture-<env>.{dot,svg} up to date.
import { join } from 'node:path';
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
