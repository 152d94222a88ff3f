// The CDKTF app: checks every environment's configuration, then synthesizes each environment's stacks.
import { App } from 'cdktf';
import { buildEnvironment } from './src/app';
import { environments } from './src/config/environments';
import { loadEnvironments } from './src/config/resolve';
import { skipTokenStackTraces } from './src/stack-traces';

function main(): void {
  skipTokenStackTraces();
  // Everything is checked before any stack is built: a bad value stops the run with nothing synthesized.
  const configs = loadEnvironments(environments, process.env.ENVIRONMENTS);
  // Stack traces in annotations would point into the synth bundle; the messages name the setting instead.
  const app = new App({ stackTraces: false });
  for (const config of configs) buildEnvironment(app, config, environments[config.context.name]);
  app.synth();
}

try {
  main();
} catch (error) {
  // A configuration or policy error is for the user: its message says what to fix. Anything else is a bug,
  // shown with its stack (run with NODE_OPTIONS=--enable-source-maps to map it to the TypeScript sources).
  const expected = error instanceof Error && (error.name === 'ConfigError' || /Encountered Annotations with level "ERROR"/.test(error.message));
  console.error(expected ? (error as Error).message : error instanceof Error ? error.stack : String(error));
  process.exit(1);
}
