// The CDKTF app: checks every environment's configuration, then synthesizes each environment's stacks.
import { environments } from './src/config/environments';
import { skipTokenStackTraces } from './src/stack-traces';
import { synthesizeApp } from './src/synthesize-app';

try {
  skipTokenStackTraces();
  synthesizeApp({ environments, selection: process.env.ENVIRONMENTS, outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
} catch (error) {
  // A configuration or policy error is for the user: its message says what to fix. Anything else is a bug,
  // shown with its stack (run with NODE_OPTIONS=--enable-source-maps to map it to the TypeScript sources).
  const expected = error instanceof Error && (error.name === 'ConfigError' || error.name === 'PolicyError');
  console.error(expected ? (error as Error).message : error instanceof Error ? error.stack : String(error));
  process.exit(1);
}
