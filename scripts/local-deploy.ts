// `npm run deploy:local -- <env> [--keep]` and `npm run destroy:local -- <env>`: an environment on a local AWS
// emulator (docs/operations.md "Rehearse on a local emulator").
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { environments } from '../src/config/environments';
import { resolveEnvironment } from '../src/config/resolve';
import { emulatorClients } from '../src/local-deploy/aws-clients';
import { checkEnvironment, failedChecks } from '../src/local-deploy/checks';
import { deploymentOrder, LocalDeployment } from '../src/local-deploy/deployment';
import { emulatorGaps, startEmulator, type Emulator } from '../src/local-deploy/emulator';
import { EmulatedEnvironment, settingsForEmulator } from '../src/local-deploy/environment';
import { locateTerraform } from '../src/local-deploy/terraform';
import { projectRoot } from '../src/project-root';

const ROOT = projectRoot();
const USAGE = 'usage: npm run deploy:local -- <environment> [--keep]   |   npm run destroy:local -- <environment>';

function workdir(environment: string): string {
  return join(ROOT, '.local', environment);
}

async function deploy(environment: string, keep: boolean): Promise<void> {
  const settings = environments[environment];
  if (!settings) throw new Error(`no environment "${environment}" in src/config/environments.ts. ${USAGE}`);
  const setup = await locateTerraform();
  const emulator = await startEmulator();
  try {
    const dir = workdir(environment);
    rmSync(dir, { recursive: true, force: true });
    const clients = emulatorClients(emulator.endpoint, resolveEnvironment(environment, settings).context.region);
    const local = await settingsForEmulator(settings, clients);
    if (local.app.certificateArn !== settings.app.certificateArn) {
      console.log(
        `The load balancer uses ${local.app.certificateArn}, issued by the emulator's ACM, instead of ${settings.app.certificateArn}.`,
      );
    }
    const env = new EmulatedEnvironment({
      name: environment,
      settings: local,
      endpoint: emulator.endpoint,
      setup,
      workdir: dir,
    });
    console.log(
      `Deploying ${environment} to the emulator at ${emulator.endpoint}${emulator.owned ? ' (started for this run)' : ''}`,
    );
    for (const run of await env.deploy())
      console.log(`  ${run.stack}: ${run.changes.length} resources created in ${run.seconds.toFixed(0)} s`);
    const pending = (await env.pending()).flatMap((run) =>
      run.changes.map((change) => `${run.stack} ${change.action} ${change.address}`),
    );
    for (const line of pending) console.log(`  not converged: ${line}`);
    console.log(
      pending.length === 0
        ? 'A second plan of every stack shows no changes.'
        : `${pending.length} changes pending after the apply: the code does not converge.`,
    );
    const checks = await checkEnvironment(env.clients, env.config);
    const failed = failedChecks(checks);
    for (const check of checks) console.log(`  ${failed.includes(check) ? 'FAIL' : 'ok  '} ${check.name}`);
    for (const check of failed)
      console.log(
        `\n${check.name}\n  expected: ${JSON.stringify(check.expected)}\n  actual:   ${JSON.stringify(check.actual)}`,
      );
    if (emulator.owned) {
      const gaps = await emulatorGaps();
      console.log(
        `Emulator work-arounds in use: ${gaps.length} (${gaps.map((g) => g.id).join(', ')}; scripts/emulator/moto_server.py)`,
      );
    }
    if (keep && emulator.owned) {
      console.log(
        `\nThe emulator keeps running at ${emulator.endpoint}. Look around with the AWS CLI:\n` +
          `  aws --endpoint-url ${emulator.endpoint} --region ${env.config.context.region} ec2 describe-instances\n` +
          `Destroy from another terminal:  AWS_ENDPOINT_URL=${emulator.endpoint} npm run destroy:local -- ${environment}\n` +
          'Ctrl-C stops the emulator (and forgets everything in it).',
      );
      await new Promise<void>((done) => process.once('SIGINT', () => done()));
    }
    if (pending.length > 0 || failed.length > 0) process.exitCode = 1;
  } finally {
    await emulator.stop();
  }
}

async function destroy(environment: string): Promise<void> {
  if (!process.env.AWS_ENDPOINT_URL) {
    throw new Error(
      'destroy:local destroys what an emulator holds: set AWS_ENDPOINT_URL to the emulator the environment was deployed to (`npm run deploy:local -- <env> --keep` prints it).',
    );
  }
  const setup = await locateTerraform();
  const emulator: Emulator = await startEmulator();
  const dir = workdir(environment);
  if (!existsSync(join(dir, 'synth-0', 'manifest.json')))
    throw new Error(
      `nothing deployed from here: no ${join(dir, 'synth-0')}. Deploy first with npm run deploy:local -- ${environment} --keep.`,
    );
  const deployment = new LocalDeployment({
    outdir: join(dir, 'synth-0'),
    workdir: join(dir, 'work'),
    endpoint: emulator.endpoint,
    setup,
  });
  let refused = 0;
  for (const stack of [...deploymentOrder(deployment.manifest)].reverse()) {
    const start = Date.now();
    const result = await deployment.destroy(stack);
    const seconds = ((Date.now() - start) / 1000).toFixed(0);
    console.log(
      result.ok
        ? `  ${stack}: destroyed in ${seconds} s`
        : `  ${stack}: not destroyed\n${result.message.replace(/^/gm, '    ')}`,
    );
    if (!result.ok) refused++;
  }
  if (refused > 0) {
    console.log(
      `\n${refused} stack(s) refused: protected resources (prevent_destroy, deletion protection) stay. docs/operations.md ("Destroy") says how to decommission them deliberately.`,
    );
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  const [command, environment, ...flags] = process.argv.slice(2);
  if (!environment || !['deploy', 'destroy'].includes(command ?? '')) throw new Error(USAGE);
  if (command === 'deploy') await deploy(environment, flags.includes('--keep'));
  else await destroy(environment);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
