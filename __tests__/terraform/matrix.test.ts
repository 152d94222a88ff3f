// The configuration matrix: the shipped environments, examples/new-environment.ts and a pairwise cover of the
// documented options must each synthesize (which runs the policy pack: an unwaived failure throws), and every stack
// of every one must pass `terraform validate`. `terraform plan` runs for the shipped environments, the example and
// the fewest other configurations that, together, create every resource and read every data source type that any
// configuration does. Validate and plan each run once over all their stacks (see helpers/offline-plan.ts).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEnvironment } from '../../src/config/resolve';
import type { EnvironmentConfig } from '../../src/config/resolved';
import { Tier } from '../../src/config/resolved';
import { startEmulator, type Emulator } from '../../src/local-deploy/emulator';
import { synthesizeInto } from '../../src/synthesize';
import { writeSummary } from '../jest/summary';
import {
  combinedConfiguration,
  locateTerraform,
  planAll,
  validateAll,
  type CombinedPlan,
  type ModuleDiagnostic,
} from '../helpers/offline-plan';
import { FACTORS, matrixConfigurations, type MatrixConfiguration } from '../matrix/configurations';
import { expectedCreates, withoutZeros } from '../matrix/expected-creates';

jest.setTimeout(600_000);

const TIERS = [Tier.STATE, Tier.CI, Tier.NETWORK, Tier.ACCESS, Tier.DATA, Tier.MONITORING, Tier.APP];

interface Synthesized {
  readonly configuration: MatrixConfiguration;
  readonly config?: EnvironmentConfig;
  readonly outdir?: string;
  /** Resource and data source types of all its stacks (`aws_lb`, `data.aws_ami`). */
  readonly types: ReadonlySet<string>;
  readonly error?: string;
}

const configurations = matrixConfigurations();
let synthesized: Synthesized[];
let validation: { valid: boolean; diagnostics: ModuleDiagnostic[] };
let planned: string[];
let plan: CombinedPlan;
let emulator: Emulator | undefined;
const seconds: Record<string, number> = {};

async function timed<T>(step: string, work: () => Promise<T> | T): Promise<T> {
  const start = Date.now();
  try {
    return await work();
  } finally {
    seconds[step] = (Date.now() - start) / 1000;
  }
}

function typesOf(outdir: string, environment: string): Set<string> {
  const types = new Set<string>();
  for (const tier of TIERS) {
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', `${environment}-${tier}`, 'cdk.tf.json'), 'utf8')) as {
      resource?: Record<string, unknown>;
      data?: Record<string, unknown>;
    };
    for (const type of Object.keys(json.resource ?? {})) types.add(type);
    for (const type of Object.keys(json.data ?? {})) if (type !== 'terraform_remote_state') types.add(`data.${type}`);
  }
  return types;
}

/** The shipped environments and the example, then the fewest pairwise ones that cover every other type. */
function planSubset(all: readonly Synthesized[]): Synthesized[] {
  const ok = all.filter((s) => s.outdir);
  const chosen = ok.filter((s) => s.configuration.origin !== 'pairwise');
  const covered = new Set(chosen.flatMap((s) => [...s.types]));
  const universe = new Set(ok.flatMap((s) => [...s.types]));
  while ([...universe].some((type) => !covered.has(type))) {
    const best = ok
      .filter((s) => !chosen.includes(s))
      .map((s) => ({ s, gain: [...s.types].filter((t) => !covered.has(t)).length }))
      .sort((a, b) => b.gain - a.gain)[0];
    chosen.push(best.s);
    for (const t of best.s.types) covered.add(t);
  }
  return chosen;
}

beforeAll(async () => {
  // No skip: without Terraform, the provider or the emulator this fails with the installation instructions.
  const setup = await locateTerraform();
  emulator = await startEmulator();
  const workdir = mkdtempSync(join(tmpdir(), 'matrix-'));
  synthesized = await timed('synthesize', () =>
    configurations.map((configuration) => {
      try {
        const config = resolveEnvironment(configuration.name, configuration.settings);
        const outdir = join(workdir, 'synth', configuration.name);
        synthesizeInto(outdir, config);
        return { configuration, config, outdir, types: typesOf(outdir, configuration.name) };
      } catch (error) {
        return {
          configuration,
          types: new Set<string>(),
          error: error instanceof Error ? error.message : String(error),
        };
      }
    }),
  );
  const stacks = synthesized.flatMap((s) =>
    s.outdir && s.config
      ? TIERS.map((tier) => ({
          stack: `${s.configuration.name}-${tier}`,
          outdir: s.outdir ?? '',
          region: s.config?.context.region ?? '',
        }))
      : [],
  );
  const endpoint = emulator.endpoint;
  const subset = planSubset(synthesized);
  planned = subset.map((s) => s.configuration.name);
  const planStacks = stacks.filter((s) => planned.includes(s.stack.slice(0, s.stack.lastIndexOf('-'))));
  // Validate and plan are independent Terraform processes, one CPU-bound each: side by side they take about as long
  // as validate alone on two cores.
  await timed('terraform init, validate and plan side by side', () =>
    Promise.all([
      timed('terraform init (all)', () =>
        combinedConfiguration(join(workdir, 'validate'), stacks, setup, endpoint),
      ).then((everything) =>
        timed('terraform validate', async () => {
          validation = await validateAll(everything);
        }),
      ),
      timed('terraform init (plan)', () =>
        combinedConfiguration(join(workdir, 'plan'), planStacks, setup, endpoint),
      ).then((forPlan) =>
        timed('terraform plan', async () => {
          plan = await planAll(
            forPlan,
            planStacks.map((s) => s.stack),
          );
        }),
      ),
    ]),
  );
});

afterAll(async () => {
  await emulator?.stop();
  const ok = synthesized?.filter((s) => !s.error).length ?? 0;
  const validated = validation?.valid
    ? ok
    : ok - new Set(validation?.diagnostics.filter((d) => d.severity === 'error').map((d) => d.stack)).size;
  const types = new Set(synthesized?.flatMap((s) => [...s.types]));
  const timing = Object.entries(seconds)
    .map(([step, s]) => `${step} ${s.toFixed(1)} s`)
    .join(', ');
  writeSummary(
    'matrix',
    `configuration matrix: ${configurations.length} configurations, ${ok} synthesized with the policy pack passing, ${validated} validated, ` +
      `${planned?.length ?? 0} planned (${planned?.join(', ')}; ${types.size} resource and data source types); ${timing}`,
  );
});

describe('the configuration matrix', () => {
  it('holds the shipped environments, the example and a pairwise cover of every documented option', () => {
    const origins = configurations.map((c) => c.origin);
    expect(origins.filter((o) => o === 'shipped')).toHaveLength(2);
    expect(origins.filter((o) => o === 'example')).toHaveLength(1);
    expect(origins.filter((o) => o === 'pairwise').length).toBeGreaterThanOrEqual(24);
    // Every pair of values of two options is in some configuration, but the impossible ones.
    const rows = configurations.filter((c) => c.factors).map((c) => c.factors ?? {});
    const names = Object.keys(FACTORS) as (keyof typeof FACTORS)[];
    const missing = names.flatMap((a, i) =>
      names
        .slice(i + 1)
        .flatMap((b) =>
          FACTORS[a].flatMap((va) =>
            FACTORS[b]
              .filter((vb) => !rows.some((r) => r[a] === va && r[b] === vb))
              .map((vb) => `${a}=${va} & ${b}=${vb}`),
          ),
        ),
    );
    expect(missing).toEqual([
      'accessMode=session-manager-only & appKey=ed25519',
      'accessMode=session-manager-only & appKey=existing key pair',
    ]);
  });

  it('synthesizes every configuration, and the policy pack passes for each (no unwaived failure)', () => {
    expect(
      synthesized
        .filter((s) => s.error)
        .map(
          (s) =>
            `${s.configuration.name} ${JSON.stringify(s.configuration.factors ?? s.configuration.origin)}: ${s.error}`,
        ),
    ).toEqual([]);
  });

  it('passes terraform validate for every stack of every configuration', () => {
    const errors = validation.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.stack ?? '?'}: ${d.summary} ${d.detail ?? ''}`)).toEqual([]);
    expect(validation.valid).toBe(true);
  });

  it('plans a subset that creates every resource type and reads every data source any configuration has', () => {
    const all = new Set(synthesized.flatMap((s) => [...s.types]));
    const inPlan = new Set(
      synthesized.filter((s) => planned.includes(s.configuration.name)).flatMap((s) => [...s.types]),
    );
    expect([...all].filter((t) => !inPlan.has(t))).toEqual([]);
    const created = new Set(Object.values(plan.changes).flatMap((changes) => changes.map((c) => c.type)));
    expect([...all].filter((t) => !t.startsWith('data.') && !created.has(t))).toEqual([]);
  });

  it('plans without errors, only creating, every stack of the subset', () => {
    if (!plan.ok) throw new Error(plan.failure);
    const other = Object.entries(plan.changes).flatMap(([stack, changes]) =>
      changes.filter((c) => c.action !== 'create').map((c) => `${stack} ${c.action} ${c.address}`),
    );
    expect(other).toEqual([]);
  });

  it.each(['dev', 'prod'])('plans for %s exactly the resources expected of each stack', (name) => {
    const config = synthesized.find((s) => s.configuration.name === name)?.config;
    if (!config) throw new Error(`${name} did not synthesize`);
    const expected = expectedCreates(config);
    for (const tier of TIERS) {
      const counts: Record<string, number> = {};
      for (const change of plan.changes[`${name}-${tier}`] ?? []) counts[change.type] = (counts[change.type] ?? 0) + 1;
      expect({ stack: `${name}-${tier}`, creates: counts }).toEqual({
        stack: `${name}-${tier}`,
        creates: withoutZeros(expected[tier]),
      });
    }
  });
});
