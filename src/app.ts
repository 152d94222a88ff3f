// Builds every stack of an environment and wires their typed outputs into the stacks that need them.
import { Aspects } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from './config/resolved';
import { DatabaseProtection } from './config/settings';
import { AccessStack } from './stacks/access/access-stack';
import { AppStack } from './stacks/app/app-stack';
import { CiStack } from './stacks/ci/ci-stack';
import { DataStack } from './stacks/data/data-stack';
import { MonitoringStack } from './stacks/monitoring/monitoring-stack';
import type { EnvironmentStack } from './stacks/environment-stack';
import { NetworkStack } from './stacks/network/network-stack';
import { StateStack } from './stacks/state/state-stack';
import { PolicyAspect } from './policy/aspect';
import { environmentProblems } from './policy/environment-checks';
import { POLICY_PACK } from './policy/pack';

/** The stacks of one environment, in deployment order. */
export interface EnvironmentStacks {
  readonly state: StateStack;
  readonly ci: CiStack;
  readonly network: NetworkStack;
  readonly access: AccessStack;
  readonly data: DataStack;
  readonly monitoring: MonitoringStack;
  readonly app: AppStack;
}

/** The stack that shows a warning: the one built from the warning's section, environment-wide ones on the state stack. */
function stackOfWarning(stacks: EnvironmentStacks, setting: string): EnvironmentStack {
  const section = setting.split('.')[0];
  return (
    {
      network: stacks.network,
      access: stacks.access,
      database: stacks.data,
      monitoring: stacks.monitoring,
      app: stacks.app,
      ci: stacks.ci,
    }[section] ?? stacks.state
  );
}

/**
 * Adds the stacks of one environment to `scope`, from its configuration as `resolveEnvironment` resolved it once:
 * each stack takes its section and the outputs of the stacks it needs, never the raw settings. Passing one stack's
 * outputs to another makes CDKTF emit outputs + `terraform_remote_state` and order the deployment: state bucket and
 * its key, the CI identity (whose boundary every other role carries), network, then access and data, then monitoring
 * (the alert topic, which the app's alarms need), then app.
 */
export function buildEnvironment(scope: Construct, config: EnvironmentConfig): EnvironmentStacks {
  const environment = config.context;
  const state = new StateStack(scope, { environment });
  const protectsData = config.database.protection === DatabaseProtection.PROTECTED;
  const ci = new CiStack(scope, { environment, ci: config.ci, protectsData });
  // The bucket and its key come first: `cdktf deploy 'dev-*'` creates them before any stack stores state there.
  ci.addDependency(state);
  const identity = ci.outputs;
  const network = new NetworkStack(scope, { environment, network: config.network, identity });
  const access = new AccessStack(scope, {
    environment,
    access: config.access,
    network: network.outputs,
    identity,
    protectsData,
  });
  const data = new DataStack(scope, { environment, database: config.database, network: network.outputs, identity });
  const monitoring = new MonitoringStack(scope, {
    environment,
    monitoring: config.monitoring,
    network: network.outputs,
    data: data.outputs,
  });
  const app = new AppStack(scope, {
    environment,
    app: config.app,
    network: network.outputs,
    access: access.outputs,
    data: data.outputs,
    monitoringConfig: config.monitoring,
    monitoring: monitoring.outputs,
    identity,
  });
  const built = { state, ci, network, access, data, monitoring, app };
  for (const warning of config.warnings) stackOfWarning(built, warning.setting).annotateWarnings([warning]);
  const stacks = [state, ci, network, access, data, monitoring, app];
  // One aspect per environment: it sees the environment's stacks together for the traffic and AZ checks.
  const policy = new PolicyAspect({
    rules: POLICY_PACK,
    stacks: () => stacks,
    environmentChecks: (env) => environmentProblems(env, config),
  });
  for (const stack of stacks) Aspects.of(stack).add(policy);
  return built;
}
