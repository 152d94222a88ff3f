// Builds every stack of an environment and wires their typed outputs into the stacks that need them.
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from './config/resolved';
import type { EnvironmentSettings } from './config/settings';
import { NetworkStack } from './stacks/network-stack';

/** The stacks of one environment, in deployment order. */
export interface EnvironmentStacks {
  readonly network: NetworkStack;
}

/**
 * Adds the stacks of one environment to `scope`. `config` is the checked configuration (`loadEnvironments`);
 * each stack resolves its own section of `settings` again, so a stack can also be used on its own.
 */
export function buildEnvironment(scope: Construct, config: EnvironmentConfig, settings: EnvironmentSettings): EnvironmentStacks {
  const environment = config.context;
  const network = new NetworkStack(scope, { environment, network: settings.network });
  return { network };
}
