// `npm run --silent wait:refresh -- <env> [--since <ISO time>]`: waits for the newest instance refresh of the
// environment's app Auto Scaling group (<project>-<env>-app) and exits 1 when it failed, was cancelled or was rolled
// back, 0 when it succeeded or when none was started (since the given time). The CI deploy jobs run it after each
// deploy. Needs AWS credentials allowed autoscaling:DescribeInstanceRefreshes.
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { environments } from '../src/config/environments';
import { loadEnvironments } from '../src/config/resolve';
import { waitForInstanceRefresh } from '../src/rollout/instance-refresh';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const name = args.find((arg) => !arg.startsWith('--') && args[args.indexOf(arg) - 1] !== '--since');
  const sinceIndex = args.indexOf('--since');
  const since = sinceIndex >= 0 ? new Date(args[sinceIndex + 1] ?? '') : undefined;
  if (!name || (since && Number.isNaN(since.getTime()))) {
    console.error('usage: npm run --silent wait:refresh -- <environment> [--since <ISO 8601 time>]');
    return 2;
  }
  const [config] = loadEnvironments(environments, name);
  const { project, name: environment, region } = config.context;
  // The name the app stack gives the group (EnvironmentStack.resourceName('app')).
  const groupName = `${project}-${environment}-app`;
  // The SDK warns once per process that its releases after January 2027 need Node 22; the version here is pinned
  // and runs on the Node 20 this project supports.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const result = await waitForInstanceRefresh({ client: new AutoScalingClient({ region }), groupName, since });
  if (result.outcome === 'failed') {
    console.error(
      `${groupName}: the rollout did not complete (${result.message}). See docs/behaviour.md, "A bad image is rolled out".`,
    );
    return 1;
  }
  if (result.outcome === 'running') {
    console.error(`${groupName}: ${result.message}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
