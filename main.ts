// The CDKTF app: checks every environment's configuration, then synthesizes each environment's stacks.
import { App } from 'cdktf';
import { buildEnvironment } from './src/app';
import { environments } from './src/config/environments';
import { loadEnvironments } from './src/config/resolve';

function main(): void {
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
  if (error instanceof Error && error.name === 'ConfigError') {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
