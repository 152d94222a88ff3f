// Real applies on a local AWS emulator: dev and prod deployed from nothing and checked through the AWS APIs, a plan
// of every stack showing no change afterwards, the day-2 changes operators make, and destroy (CONTRIBUTING.md "The
// test ladder"). Three lanes, each on an emulator of its own, run side by side; the tests read what they recorded.
import { environments } from '../../src/config/environments';
import { failedChecks } from '../../src/local-deploy/checks';
import type { StackRun } from '../../src/local-deploy/deployment';
import { emulatorGaps, probeEmulatorGaps, type EmulatorGap, type GapProbe } from '../../src/local-deploy/emulator';
import { locateTerraform } from '../../src/local-deploy/terraform';
import { readRecording } from '../../src/local-deploy/call-log';
import {
  CiIdentity,
  deniedRequests,
  describeRequest,
  grantUse,
  traceCalls,
  type Trace,
} from '../../src/local-deploy/deploy-trace';
import { GRANTS_THE_LANES_DO_NOT_USE } from '../../src/stacks/ci/policies';
import { writeSummary } from '../jest/summary';
import { DAY2_CHANGES } from './day2-changes';
import { expectDocPart } from '../helpers/docs';
import { DAY2_TABLE, renderDay2Table } from './day2-table';
import { day2Lane, devLane, prodLane, type Day2Lane, type DevLane, type LaneBase, type ProdLane } from './lanes';

jest.setTimeout(30 * 60_000);

let dev: Promise<DevLane>;
let prod: Promise<ProdLane>;
let day2: Promise<Day2Lane>;
let gaps: Promise<[EmulatorGap[], GapProbe[], GapProbe[]]>;
/** Each lane's recorded calls, evaluated against the identities that make them in CI. */
let traces: Promise<
  { lane: string; trace: Trace; deploy: NonNullable<NonNullable<LaneBase['calls']>['roles']>['deploy'] }[]
>;

/** A lane's recording, decoded and evaluated (src/local-deploy/deploy-trace.ts). */
async function traceOf(lane: string, result: Promise<LaneBase>) {
  const { calls } = await result;
  if (!calls?.roles || !calls.resourcePolicies) throw new Error(`the ${lane} lane read no CI roles to evaluate with`);
  const trace = await traceCalls({
    calls: readRecording(calls.dir),
    account: calls.roles.deploy.roleArn.split(':')[4],
    roles: calls.roles,
    breakGlassRoleArn: calls.breakGlassRoleArn,
    resourcePolicies: calls.resourcePolicies,
  });
  return { lane, trace, deploy: calls.roles.deploy };
}

beforeAll(async () => {
  // No skip: without Terraform, the provider or moto this fails with installation instructions.
  const setup = await locateTerraform();
  dev = devLane('dev', environments.dev, setup);
  prod = prodLane('prod', environments.prod, setup);
  // Its own environment name and emulator: the day-2 changes start from dev's settings.
  day2 = day2Lane('dev', environments.dev, setup);
  gaps = Promise.all([emulatorGaps(), probeEmulatorGaps(false), probeEmulatorGaps(true)]);
  traces = Promise.all([traceOf('dev', dev), traceOf('prod', prod), traceOf('day-2', day2)]);
});

afterAll(async () => {
  const lanes = await Promise.all([dev, prod, day2].map((lane) => lane?.catch(() => undefined)));
  const [devResult, prodResult, day2Result] = lanes as [
    DevLane | undefined,
    ProdLane | undefined,
    Day2Lane | undefined,
  ];
  const deployed = [devResult, prodResult, day2Result].reduce((n, lane) => n + (lane?.deployed?.length ?? 0), 0);
  const checked = [devResult, prodResult, day2Result].reduce((n, lane) => n + (lane?.checks?.length ?? 0), 0);
  const unexpected = day2Result?.changes.reduce((n, record) => n + record.unexpected.length, 0) ?? 0;
  const [list] = (await gaps?.catch(() => undefined)) ?? [[]];
  const total = (lane: LaneBase | undefined) => (lane?.timings ?? []).reduce((s, t) => s + t.seconds, 0);
  const slowest = Math.max(...lanes.map(total));
  // Where the time goes, for `npm run bench`: each lane's steps, the day-2 changes summed.
  const phases = (lane: LaneBase | undefined) => {
    const sums = new Map<string, number>();
    for (const t of lane?.timings ?? []) {
      const phase = /^(plan|apply|apply together): /.test(t.step) ? 'day-2 changes' : t.step;
      sums.set(phase, (sums.get(phase) ?? 0) + t.seconds);
    }
    return [...sums].map(([phase, seconds]) => `${phase} ${seconds.toFixed(0)} s`).join(', ');
  };
  // The deploy from nothing of dev, stack by stack, and the resources that took longest: the provider's own waits.
  const devRuns = devResult?.deployed ?? [];
  const byStack = devRuns.map((run) => `${run.stack} ${run.seconds.toFixed(0)} s`).join(', ');
  const slowestResources = devRuns
    .flatMap((run) => (run.durations ?? []).map((d) => ({ ...d, stack: run.stack })))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 10)
    .map((d) => `${d.address} ${d.seconds} s`)
    .join(', ');
  writeSummary(
    'deploy-lanes',
    [
      ...(['dev', 'prod', 'day-2'] as const).map(
        (name, i) => `${name} lane ${total(lanes[i]).toFixed(0)} s: ${phases(lanes[i])}`,
      ),
      `dev deployed from nothing, by stack: ${byStack}`,
      `its slowest resources: ${slowestResources}`,
    ].join('\n'),
  );
  const traced = await traces?.catch(() => undefined);
  if (traced) {
    const requests = traced.flatMap(({ trace }) => trace.requests);
    const calls = traced.reduce((n, { trace }) => n + trace.calls.length, 0);
    const by = (identity: CiIdentity) =>
      new Set(requests.filter((r) => r.identity === identity).map((r) => r.call)).size;
    const use = grantUse(traced);
    const stale = Object.keys(GRANTS_THE_LANES_DO_NOT_USE).filter((entry) => use.used.includes(entry));
    writeSummary(
      'deploy-role',
      `deploy role: ${calls} calls recorded (${by(CiIdentity.DEPLOY)} by the deploy role, ${by(CiIdentity.PLAN)} by the plan role, ` +
        `${by(CiIdentity.OPERATOR)} by operators, ${by(CiIdentity.BREAK_GLASS)} by the break-glass role), ` +
        `${requests.length} authorizations, ${traced.reduce((n, { trace }) => n + deniedRequests(trace).length, 0)} that IAM would deny; ` +
        `actions granted ${use.granted.length}, used ${use.used.length}, unused ${use.unused.length} (each kept with a reason in GRANTS_THE_LANES_DO_NOT_USE` +
        `${stale.length ? `; reasons for grants now used: ${stale.join(', ')}` : ''})`,
    );
  }
  writeSummary(
    'deploy',
    `deploy tests: ${deployed} stacks deployed, ${checked} resource checks through the AWS APIs, ${day2Result?.changes.length ?? 0} day-2 changes applied, ` +
      `${unexpected} unexpected replacements, ${list.length} emulator work-arounds in use (${list.map((g) => g.id).join(', ')}); slowest lane ${slowest.toFixed(0)} s`,
  );
});

/** The lane's result, or the error that stopped it, with the step timings for context. */
async function settled<L extends LaneBase>(lane: Promise<L>): Promise<L> {
  const result = await lane;
  if (result.error) {
    const steps = result.timings.map((t) => `${t.step} (${t.seconds.toFixed(0)} s)`).join(', ');
    throw new Error(`${result.error.message}\n(steps done: ${steps})`);
  }
  return result;
}

function changesOf(runs: readonly StackRun[] | undefined): string[] {
  return (runs ?? []).flatMap((run) => run.changes.map((c) => `${run.stack} ${c.action} ${c.address}`));
}

/** What a plan still wants to change, with Terraform's diff of each stack that has something. */
function pendingOf(runs: readonly StackRun[] | undefined): string[] {
  return (runs ?? [])
    .filter((run) => run.changes.length > 0)
    .map((run) => `${changesOf([run]).join(', ')}\n${run.diff ?? ''}`);
}

describe('the emulator work-arounds (scripts/emulator/moto_server.py)', () => {
  it('each closes a gap that unpatched moto still has: when a probe stops finding its gap, delete the work-around', async () => {
    const [list, unpatched, patched] = await gaps;
    expect(unpatched.map((p) => p.id)).toEqual(list.map((g) => g.id));
    expect(unpatched.filter((p) => p.present !== true)).toEqual([]);
    expect(patched.filter((p) => p.present !== false)).toEqual([]);
  });
});

describe.each([
  ['dev', () => dev],
  ['prod', () => prod],
] as const)('%s deployed from nothing to the emulator', (name, lane) => {
  it('applies every stack in order', async () => {
    const result = await settled(lane());
    expect(result.deployed?.map((run) => run.stack)).toEqual([
      `${name}-state`,
      `${name}-ci`,
      `${name}-network`,
      `${name}-access`,
      `${name}-data`,
      `${name}-monitoring`,
      `${name}-app`,
    ]);
    expect(result.deployed?.every((run) => run.changes.every((c) => c.action === 'create'))).toBe(true);
  });

  it('is what the configuration says, read through the AWS APIs', async () => {
    const result = await settled(lane());
    expect(result.checks?.length).toBeGreaterThanOrEqual(10);
    expect(failedChecks(result.checks ?? [])).toEqual([]);
  });

  it('converges: a second plan of every stack shows no change', async () => {
    expect(pendingOf((await settled(lane())).pending)).toEqual([]);
  });
});

describe('dev destroyed', () => {
  it('destroys every tier, and the state bucket refuses (prevent_destroy)', async () => {
    const result = await settled(dev);
    const outcome = Object.fromEntries((result.destroyed ?? []).map((d) => [d.stack, d.ok]));
    expect(outcome).toEqual({
      'dev-app': true,
      'dev-monitoring': true,
      'dev-data': true,
      'dev-access': true,
      'dev-network': true,
      'dev-ci': true,
      'dev-state': false,
    });
    expect(result.destroyed?.find((d) => d.stack === 'dev-state')?.message).toMatch(
      /aws_s3_bucket\.StateBucket has lifecycle\.prevent_destroy set/,
    );
  });

  it('leaves nothing in the emulator but the state bucket', async () => {
    expect((await settled(dev)).leftovers).toEqual([]);
  });
});

describe('prod destroyed', () => {
  it('is refused by Terraform (prevent_destroy), RDS and the load balancer (deletion protection), with clear messages', async () => {
    const { refusals } = await settled(prod);
    expect(refusals?.terraformDestroy).toMatch(
      /Instance cannot be destroyed[\s\S]*aws_db_instance\.Database has lifecycle\.prevent_destroy set/,
    );
    expect(refusals?.deleteDatabase).toMatch(/deletion protection/i);
    expect(refusals?.deleteLoadBalancer).toMatch(/deletion protection/i);
  });

  it('goes as docs/operations.md says: lifecycle DECOMMISSIONING lifts only the protections, then every tier destroys', async () => {
    const { decommission, leftovers } = await settled(prod);
    const applied = changesOf(decommission?.applied).sort();
    expect(applied).toEqual(
      [
        'prod-app update aws_lb.LoadBalancer',
        'prod-app update aws_s3_bucket.AccessLogBucket',
        'prod-data update aws_db_instance.Database',
      ].sort(),
    );
    expect(
      Object.fromEntries((decommission?.destroyed ?? []).map((d) => [d.stack, d.ok ? 'destroyed' : d.message])),
    ).toEqual({
      'prod-app': 'destroyed',
      'prod-monitoring': 'destroyed',
      'prod-data': 'destroyed',
      'prod-access': 'destroyed',
      'prod-network': 'destroyed',
      'prod-ci': 'destroyed',
    });
    expect({ manual: decommission?.manualSnapshot, final: decommission?.finalSnapshot }).toEqual({
      manual: true,
      final: true,
    });
    expect(leftovers).toEqual([]);
  });
});

describe('day-2 changes applied to a deployed environment', () => {
  it('apply every change of the table, in order', async () => {
    const result = await settled(day2);
    expect(result.changes.map((r) => r.change.name)).toEqual(DAY2_CHANGES.map((c) => c.name));
  });

  it('replace no stateful resource the table does not expect', async () => {
    const result = await settled(day2);
    expect(
      result.changes.filter((r) => r.unexpected.length > 0).map((r) => `${r.change.name}: ${r.unexpected.join(', ')}`),
    ).toEqual([]);
  });

  it('leave an environment whose every stack plans no change', async () => {
    expect(pendingOf((await settled(day2)).finalPending)).toEqual([]);
  });

  it('are what the "What a change does" table of docs/day-2.md says', async () => {
    expectDocPart(DAY2_TABLE, renderDay2Table((await settled(day2)).changes));
  });
});

describe('every AWS call the lanes recorded, checked against the role that makes it in CI', () => {
  it('maps each call to an action of the Service Authorization Reference', async () => {
    const unmapped = (await traces).flatMap(({ lane, trace }) =>
      trace.unmapped.map((c) => `${lane}: ${c.service} ${c.operation} (${c.call.run?.stack} ${c.call.run?.command})`),
    );
    expect([...new Set(unmapped)]).toEqual([]);
  });

  it('is allowed to that role: the plan role for plans, the deploy role for applies, the break-glass role for a decommission', async () => {
    const all = await traces;
    expect(all.reduce((n, { trace }) => n + trace.requests.length, 0)).toBeGreaterThan(1000);
    const denied = all.flatMap(({ lane, trace }) => deniedRequests(trace).map((r) => `${lane}: ${describeRequest(r)}`));
    expect([...new Set(denied)]).toEqual([]);
  });

  it("prod's decommission needs the break-glass role exactly for the data and its audit trail", async () => {
    const prodTrace = (await traces).find((t) => t.lane === 'prod')?.trace;
    const byBreakGlass = prodTrace?.requests.filter((r) => r.identity === CiIdentity.BREAK_GLASS) ?? [];
    expect(byBreakGlass.length).toBeGreaterThan(100);
    const onlyBreakGlass = byBreakGlass
      .filter((r) => r.deployDecision !== 'Allowed')
      .map((r) => `${r.request.action} ${r.request.resource.replace(/^arn:aws:[a-z]+:[a-z0-9-]+:\d+:/, '')}`)
      .map((line) => line.replace(/key\/[0-9a-f-]{36}$/, 'key/<id>'));
    expect([...new Set(onlyBreakGlass)].sort()).toEqual(
      [
        'kms:ScheduleKeyDeletion key/<id>',
        'logs:DeleteLogGroup log-group:/devloop/session-manager',
        'rds:DeleteDBInstance db:devloop-prod-db',
        'ssm:DeleteDocument document/SSM-SessionManagerRunShell',
      ].sort(),
    );
  });

  it('leaves no grant of the deploy role unused without a reason', async () => {
    const use = grantUse(await traces);
    expect(use.used.length).toBeGreaterThan(100);
    expect(use.unused.filter((entry) => !(entry in GRANTS_THE_LANES_DO_NOT_USE))).toEqual([]);
    // Every reason names a grant that exists (a reason for a grant the lanes now use is shown in the summary).
    expect(Object.keys(GRANTS_THE_LANES_DO_NOT_USE).filter((entry) => !use.granted.includes(entry))).toEqual([]);
  });
});
