// The deploy tests' lanes: each deploys an environment to an emulator of its own and runs its steps; the lanes run
// side by side (they mostly wait on the AWS provider's polling), and the tests assert what each lane recorded.
import { CreateDBSnapshotCommand, DeleteDBInstanceCommand, DescribeDBSnapshotsCommand } from '@aws-sdk/client-rds';
import { DeleteLoadBalancerCommand, DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeLoadBalancerAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentLifecycle, type EnvironmentSettings } from '../../src/config/settings';
import { emulatorClients } from '../../src/local-deploy/aws-clients';
import { CallRecorder } from '../../src/local-deploy/call-log';
import { checkEnvironment, leftovers, type Check } from '../../src/local-deploy/checks';
import type { StackRun } from '../../src/local-deploy/deployment';
import { startEmulator } from '../../src/local-deploy/emulator';
import { emulatorCertificate, EmulatedEnvironment, settingsForEmulator } from '../../src/local-deploy/environment';
import {
  readResourcePolicies,
  readRole,
  type ResourcePolicies,
  type RolePrincipal,
} from '../../src/local-deploy/iam-evaluation';
import { describeFailure, type TerraformSetup } from '../../src/local-deploy/terraform';
import { DAY2_CHANGES, STATEFUL_TYPES, type Day2Change } from './day2-changes';

/** A step of a lane and how long it took. */
export interface StepTiming {
  readonly step: string;
  readonly seconds: number;
}

export interface LaneBase {
  readonly timings: StepTiming[];
  /** The error that stopped the lane, if one did. */
  error?: Error;
  /** Every AWS call the lane's Terraform runs made, and the CI roles and resource policies to evaluate them with. */
  calls?: LaneCalls;
}

export interface LaneCalls {
  /** The recording directory (src/local-deploy/call-log.ts). */
  readonly dir: string;
  readonly environment: string;
  readonly breakGlassRoleArn: string;
  roles?: { readonly plan: RolePrincipal; readonly deploy: RolePrincipal };
  resourcePolicies?: ResourcePolicies;
}

/** The CI roles and every bucket and key policy, read once the CI stack is applied, and again before a destroy. */
async function readIam(lane: LaneBase, env: EmulatedEnvironment, endpoint: string): Promise<void> {
  if (!lane.calls) return;
  const prefix = `${env.config.context.project}-${env.config.context.name}`;
  lane.calls.roles ??= {
    plan: await readRole(env.clients, `${prefix}-ci-plan`),
    deploy: await readRole(env.clients, `${prefix}-ci-deploy`),
  };
  const now = await readResourcePolicies(env.clients, endpoint, env.config.context.region);
  const before = lane.calls.resourcePolicies;
  lane.calls.resourcePolicies = {
    buckets: { ...before?.buckets, ...now.buckets },
    keys: { ...before?.keys, ...now.keys },
  };
}

async function timed<T>(lane: LaneBase, step: string, work: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await work();
  } finally {
    lane.timings.push({ step, seconds: (Date.now() - start) / 1000 });
  }
}

/**
 * Runs `steps` against a fresh emulator that records every request, recording into `lane`; never rejects (the error
 * is kept in the lane).
 */
async function runLane<L extends LaneBase>(
  lane: L,
  steps: (endpoint: string, recorder: CallRecorder) => Promise<void>,
): Promise<L> {
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
  try {
    const recorder = new CallRecorder(mkdtempSync(join(tmpdir(), 'deploy-calls-')));
    emulator = await startEmulator({ callLog: recorder.requestLog });
    await steps(emulator.endpoint, recorder);
  } catch (error) {
    lane.error = error instanceof Error ? error : new Error(String(error));
  } finally {
    await emulator?.stop();
  }
  return lane;
}

function tierOf(stack: string): string {
  return stack.slice(stack.indexOf('-') + 1);
}

/** What deploying from nothing recorded: the runs, the checks through the AWS APIs, the second plan. */
export interface DeployRecord {
  deployed?: StackRun[];
  checks?: Check[];
  /** Changes a plan of each stack still shows after the apply: none when the code converges. */
  pending?: StackRun[];
}

async function deployAndCheck(
  lane: LaneBase & DeployRecord,
  env: EmulatedEnvironment,
  convergence = true,
): Promise<void> {
  lane.deployed = await timed(lane, 'deploy every stack from nothing', () => env.deploy());
  await readIam(lane, env, env.endpoint);
  lane.checks = await timed(lane, 'check through the AWS APIs', () => checkEnvironment(env.clients, env.config));
  if (convergence) lane.pending = await timed(lane, 'plan every stack again', () => env.pending());
}

function newEnvironment(
  lane: LaneBase,
  name: string,
  settings: EnvironmentSettings,
  endpoint: string,
  setup: TerraformSetup,
  recorder: CallRecorder,
): EmulatedEnvironment {
  const env = new EmulatedEnvironment({
    name,
    settings,
    endpoint,
    setup,
    workdir: mkdtempSync(join(tmpdir(), `deploy-${name}-`)),
    recorder,
  });
  lane.calls = {
    dir: recorder.dir,
    environment: name,
    breakGlassRoleArn: env.config.context.backend.breakGlassRoleArn,
  };
  return env;
}

// --- dev: deploy, check, converge, destroy, and nothing left.

export interface DevLane extends LaneBase, DeployRecord {
  destroyed?: { stack: string; ok: boolean; message: string }[];
  leftovers?: string[];
}

export function devLane(name: string, settings: EnvironmentSettings, setup: TerraformSetup): Promise<DevLane> {
  const lane: DevLane = { timings: [] };
  return runLane(lane, async (endpoint, recorder) => {
    const env = newEnvironment(lane, name, settings, endpoint, setup, recorder);
    await deployAndCheck(lane, env);
    recorder.phase = 'destroy';
    lane.destroyed = await timed(lane, 'destroy', async () => {
      const destroy = async (tier: string) => ({
        stack: `${name}-${tier}`,
        ...(await env.deployment.destroy(`${name}-${tier}`)),
      });
      // The reverse of the deployment waves: app, monitoring (it reads data's outputs), then data and access together,
      // then network, then the CI identity, then the state bucket.
      const results = [await destroy('app'), await destroy('monitoring')];
      results.push(...(await Promise.all([destroy('data'), destroy('access')])));
      results.push(await destroy('network'), await destroy('ci'), await destroy('state'));
      return results;
    });
    lane.leftovers = await leftovers(env.clients, env.config);
  });
}

// --- prod: deploy, check, converge; destroy refused; the decommissioning procedure of docs/operations.md.

export interface ProdLane extends LaneBase, DeployRecord {
  refusals?: {
    readonly terraformDestroy: string;
    readonly deleteDatabase: string;
    readonly deleteLoadBalancer: string;
  };
  decommission?: {
    readonly applied: StackRun[];
    readonly destroyed: { stack: string; ok: boolean; message: string }[];
    readonly finalSnapshot: boolean;
    readonly manualSnapshot: boolean;
  };
  leftovers?: string[];
}

async function errorOf(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return 'no error: the call succeeded';
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

export function prodLane(name: string, settings: EnvironmentSettings, setup: TerraformSetup): Promise<ProdLane> {
  const lane: ProdLane = { timings: [] };
  return runLane(lane, async (endpoint, recorder) => {
    const region = settings.region ?? 'ap-northeast-2';
    const env = newEnvironment(
      lane,
      name,
      await settingsForEmulator(settings, emulatorClients(endpoint, region)),
      endpoint,
      setup,
      recorder,
    );
    await deployAndCheck(lane, env);
    const { rds, elbv2, s3 } = env.clients;
    const identifier = `${env.config.context.project}-${name}-db`;
    recorder.phase = 'destroy refused';
    lane.refusals = await timed(lane, 'destroy refused', async () => {
      const plan = await env.deployment.directory(`${name}-data`).plan({ destroy: true, lock: false });
      const loadBalancerArn = (
        await elbv2.send(new DescribeLoadBalancersCommand({ Names: [`${env.config.context.project}-${name}-alb`] }))
      ).LoadBalancers?.[0]?.LoadBalancerArn;
      return {
        terraformDestroy: plan.ok
          ? 'no error: the destroy was planned'
          : describeFailure('terraform plan -destroy', plan.result),
        deleteDatabase: await errorOf(() =>
          rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: identifier, SkipFinalSnapshot: true })),
        ),
        deleteLoadBalancer: await errorOf(() =>
          elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: loadBalancerArn })),
        ),
      };
    });
    // docs/operations.md "Destroy": the break-glass role decommissions production.
    recorder.phase = 'decommission';
    lane.decommission = await timed(lane, 'decommission (docs/operations.md "Destroy")', async () => {
      // The load balancer has written access logs by now, and a bucket with objects cannot simply be deleted.
      const attributes = await elbv2.send(
        new DescribeLoadBalancerAttributesCommand({
          LoadBalancerArn: (
            await elbv2.send(new DescribeLoadBalancersCommand({ Names: [`${env.config.context.project}-${name}-alb`] }))
          ).LoadBalancers?.[0]?.LoadBalancerArn,
        }),
      );
      const logBucket = attributes.Attributes?.find((a) => a.Key === 'access_logs.s3.bucket')?.Value;
      if (logBucket)
        await s3.send(
          new PutObjectCommand({
            Bucket: logBucket,
            Key: 'alb/AWSLogs/123456789012/elasticloadbalancing/log.gz',
            Body: 'a request',
          }),
        );
      // 1. A manual snapshot. 2. lifecycle: DECOMMISSIONING, deployed. 3. Destroy the tiers.
      await rds.send(
        new CreateDBSnapshotCommand({
          DBInstanceIdentifier: identifier,
          DBSnapshotIdentifier: `${identifier}-decommission`,
        }),
      );
      const applied = await env.change({ ...env.settings, lifecycle: EnvironmentLifecycle.DECOMMISSIONING });
      const destroy = async (tier: string) => ({
        stack: `${name}-${tier}`,
        ...(await env.deployment.destroy(`${name}-${tier}`)),
      });
      const destroyed = [await destroy('app'), await destroy('monitoring')];
      destroyed.push(...(await Promise.all([destroy('data'), destroy('access')])));
      destroyed.push(await destroy('network'), await destroy('ci'));
      const snapshots = (await rds.send(new DescribeDBSnapshotsCommand({}))).DBSnapshots ?? [];
      const has = (id: string) => snapshots.some((s) => s.DBSnapshotIdentifier === id);
      return {
        applied,
        destroyed,
        finalSnapshot: has(`${identifier}-final`),
        manualSnapshot: has(`${identifier}-decommission`),
      };
    });
    lane.leftovers = await leftovers(env.clients, env.config);
  });
}

// --- day 2: each change of DAY2_CHANGES applied to a deployed environment, recording what Terraform did.

/** What one change did: per stack, each resource Terraform changed and how. */
export interface ChangeRecord {
  readonly change: Day2Change;
  readonly runs: readonly StackRun[];
  /** Stateful resources replaced or deleted that the table does not expect. */
  readonly unexpected: readonly string[];
  /** Applied in one run with the other changes of its batch (each planned on its own first). */
  readonly appliedWith?: readonly string[];
}

export interface Day2Lane extends LaneBase, DeployRecord {
  readonly changes: ChangeRecord[];
  /** After the last change: what a plan of each stack still shows. */
  finalPending?: StackRun[];
}

/** The stateful resources a change replaces or deletes, as `<tier>:<address>`. */
export function statefulLosses(runs: readonly StackRun[]): string[] {
  return runs.flatMap((run) =>
    run.changes
      .filter(
        (c) =>
          (STATEFUL_TYPES as readonly string[]).includes(c.type) && (c.action === 'replace' || c.action === 'delete'),
      )
      .map((c) => `${tierOf(run.stack)}:${c.address}`),
  );
}

function record(change: Day2Change, runs: StackRun[], appliedWith?: string[]): ChangeRecord {
  const unexpected = statefulLosses(runs).filter((loss) => !(change.replaces ?? []).includes(loss));
  return { change, runs, unexpected, appliedWith };
}

export function day2Lane(name: string, settings: EnvironmentSettings, setup: TerraformSetup): Promise<Day2Lane> {
  const lane: Day2Lane = { timings: [], changes: [] };
  return runLane(lane, async (endpoint, recorder) => {
    const env = newEnvironment(lane, name, settings, endpoint, setup, recorder);
    // The dev lane shows these settings converge; this lane's own second plan comes after its changes.
    await deployAndCheck(lane, env, false);
    recorder.phase = 'day-2';
    const context = { certificateArn: await emulatorCertificate(env.clients) };
    let settingsNow = env.settings;
    const batch: Day2Change[] = [];
    const flushBatch = async (): Promise<void> => {
      if (batch.length === 0) return;
      const names = batch.map((c) => c.name);
      // Each change planned on its own against what is deployed, then all applied together.
      let combined = settingsNow;
      const planned: { change: Day2Change; runs: StackRun[] }[] = [];
      for (const change of batch) {
        planned.push({
          change,
          runs: await timed(lane, `plan: ${change.name}`, () => env.planChange(change.apply(settingsNow, context))),
        });
        combined = change.apply(combined, context);
      }
      await timed(lane, `apply together: ${names.join(', ')}`, () => env.change(combined)).catch((error: Error) => {
        throw new Error(
          `day-2 changes ${names.map((n) => `"${n}"`).join(', ')}, applied together, failed:\n${error.message}`,
        );
      });
      settingsNow = combined;
      for (const { change, runs } of planned)
        lane.changes.push(
          record(
            change,
            runs,
            names.filter((n) => n !== change.name),
          ),
        );
      batch.length = 0;
    };
    for (const change of DAY2_CHANGES) {
      if (change.batch) {
        batch.push(change);
        continue;
      }
      const next = change.apply(settingsNow, context);
      const runs = await timed(lane, `apply: ${change.name}`, () => env.change(next)).catch((error: Error) => {
        throw new Error(`day-2 change "${change.name}" (${change.setting}) failed to apply:\n${error.message}`);
      });
      settingsNow = next;
      lane.changes.push(record(change, runs));
    }
    await flushBatch();
    await readIam(lane, env, endpoint);
    lane.finalPending = await timed(lane, 'plan every stack after the changes', () => env.pending());
  });
}
