// Builds every stack of an environment and wires their typed outputs into the stacks that need them.
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from './config/resolved';
import type { EnvironmentSettings } from './config/settings';
import { AccessStack } from './stacks/access-stack';
import { AppStack } from './stacks/app-stack';
import { DataStack } from './stacks/data-stack';
import { NetworkStack } from './stacks/network-stack';

/** The stacks of one environment, in deployment order. */
export interface EnvironmentStacks {
  readonly network: NetworkStack;
  readonly access: AccessStack;
  readonly data: DataStack;
  readonly app: AppStack;
}

/**
 * Adds the stacks of one environment to `scope`. `config` is the checked configuration (`loadEnvironments`);
 * each stack resolves its own section of `settings` again, so a stack can also be used on its own.
 * Passing one stack's outputs to another makes CDKTF emit outputs + `terraform_remote_state` and order the
 * deployment: network, then access and data, then app.
 */
export function buildEnvironment(scope: Construct, config: EnvironmentConfig, settings: EnvironmentSettings): EnvironmentStacks {
  const environment = config.context;
  const network = new NetworkStack(scope, { environment, network: settings.network });
  const access = new AccessStack(scope, { environment, access: settings.access, network: network.outputs });
  const data = new DataStack(scope, { environment, database: settings.database, network: network.outputs });
  const app = new AppStack(scope, {
    environment,
    app: settings.app,
    network: network.outputs,
    access: access.outputs,
    data: data.outputs,
  });
  return { network, access, data, app };
}
