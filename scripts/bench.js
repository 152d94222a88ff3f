// `npm run bench [synth|tests]`: where the time goes, measured in one run, medians reported (machines are noisy:
// compare ratios within a run, not absolute times across runs).
//   synth: every stack synthesized through the app command of cdktf.json, warm (nothing changed since the last
//          run) and cold (a source file touched first: its bundle is rebuilt), against the CDKTF template's runner
//          (`npx ts-node main.ts`, which type-checks on every run). BENCH_ROUNDS rounds (default 5), interleaved.
//   tests: the parts of `npm test` one at a time (type-check, lint, unit, the configuration matrix, the deploy tests),
//          with the matrix's and the deploy lanes' own timings from their summary lines.
// Progress and an estimate of the time left go to stderr; the tables to stdout.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const rssProbe = path.join(__dirname, 'lib', 'report-max-rss.js');
const summaryDir = path.join(root, '.build', 'test-summary');

/** Rough durations of each measured command on 2 cores, in seconds: only for the estimate. */
const EXPECTED = { synth: 0.6, tsnode: 6, typecheck: 4, lint: 1, unit: 15, terraform: 50, deploy: 770 };

let planned = 0;
let done = 0;
const started = Date.now();
function progress(label, seconds, expected) {
  done += expected;
  const elapsed = (Date.now() - started) / 1000;
  const left = Math.max(0, (planned - done) * (elapsed / Math.max(done, 1)));
  process.stderr.write(
    `  ${label}: ${seconds.toFixed(2)} s   [${Math.round((100 * done) / planned)} %, about ${Math.ceil(left)} s left]\n`,
  );
}

/** Runs a shell command; returns wall seconds, the peak RSS (MiB) of its largest Node process, and the outdir. */
function measure(command, extraEnv = {}) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'bench-out-'));
  const rssFile = path.join(outdir, '.rss');
  const env = {
    ...process.env,
    ...extraEnv,
    CDKTF_OUTDIR: outdir,
    BENCH_RSS_FILE: rssFile,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${rssProbe}`.trim(),
  };
  const start = process.hrtime.bigint();
  const result = spawnSync('sh', ['-c', command], { cwd: root, env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) {
    throw new Error(
      `"${command}" failed (${result.status}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
    );
  }
  const rss = existsSync(rssFile)
    ? Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024
    : NaN;
  const stacks = existsSync(path.join(outdir, 'stacks')) ? readdirSync(path.join(outdir, 'stacks')).length : 0;
  rmSync(outdir, { recursive: true, force: true });
  return { seconds, rss, stacks, stdout: result.stdout };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (n, digits = 2) => n.toFixed(digits);

/** Marks a source of the app as just edited, so the next run rebuilds the app's bundle. */
function touchSource() {
  const now = new Date();
  utimesSync(path.join(root, 'src', 'app.ts'), now, now);
}

function synthesis() {
  const app = JSON.parse(readFileSync(path.join(root, 'cdktf.json'), 'utf8')).app;
  const candidates = [
    { name: `app command, warm (${app})`, command: app, expected: EXPECTED.synth },
    {
      name: 'app command, cold (a source edited: its bundle rebuilt first)',
      command: app,
      before: touchSource,
      expected: EXPECTED.synth,
    },
    { name: 'template runner (npx ts-node main.ts)', command: 'npx ts-node main.ts', expected: EXPECTED.tsnode },
  ];
  measure(app); // the bundles exist before the first warm round
  const samples = candidates.map(() => []);
  // Interleaved, so a slow phase of the machine hits all alike.
  for (let round = 0; round < rounds; round++) {
    candidates.forEach((candidate, index) => {
      candidate.before?.();
      const sample = measure(candidate.command);
      samples[index].push(sample);
      progress(`round ${round + 1}/${rounds} ${candidate.name}`, sample.seconds, candidate.expected);
    });
  }
  const rows = candidates.map((candidate, index) => ({
    name: candidate.name,
    seconds: median(samples[index].map((s) => s.seconds)),
    rss: median(samples[index].map((s) => s.rss)),
    stacks: samples[index][0].stacks,
  }));
  console.log(`\n## Synthesis of every stack (${rows[0].stacks} stacks), median of ${rounds}\n`);
  console.log('| runner | wall time | peak RSS |');
  console.log('|---|---|---|');
  for (const row of rows) console.log(`| ${row.name} | ${fmt(row.seconds)} s | ${fmt(row.rss, 0)} MiB |`);
  console.log(
    `\nWarm, the app command is ${fmt(rows[2].seconds / rows[0].seconds, 1)}x faster than the template runner; cold, ${fmt(rows[2].seconds / rows[1].seconds, 1)}x. ` +
      `A rebuild after an edit adds ${fmt(rows[1].seconds - rows[0].seconds)} s.`,
  );
}

function summaryLine(name) {
  const file = path.join(summaryDir, `${name}.txt`);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : '(no summary line)';
}

function testSuite() {
  const parts = [
    { name: 'type-check (tsc)', command: 'npx tsc -p .', runs: 3, expected: EXPECTED.typecheck },
    { name: 'lint and format check (biome check)', command: 'npm run --silent lint', runs: 3, expected: EXPECTED.lint },
    {
      name: 'unit tests (jest --selectProjects unit)',
      command: 'npx jest --selectProjects unit --silent',
      runs: 3,
      expected: EXPECTED.unit,
    },
    {
      name: 'configuration matrix and Terraform tests (jest --selectProjects terraform)',
      command: 'npx jest --selectProjects terraform --silent',
      runs: 1,
      expected: EXPECTED.terraform,
      summary: ['matrix'],
    },
    {
      name: 'deploy tests on the emulator (jest --selectProjects deploy)',
      command: 'npx jest --selectProjects deploy --silent',
      runs: 1,
      expected: EXPECTED.deploy,
      summary: ['deploy', 'deploy-lanes'],
    },
  ];
  const rows = [];
  for (const part of parts) {
    const times = [];
    for (let i = 0; i < part.runs; i++) {
      times.push(measure(part.command).seconds);
      progress(part.name, times[times.length - 1], part.expected);
    }
    rows.push({
      ...part,
      seconds: median(times),
      detail: part.summary ? part.summary.map(summaryLine).join('\n') : '',
    });
  }
  console.log('\n## Test suite (`npm test`), by part, one at a time\n');
  console.log('| part | wall time (median) | runs |');
  console.log('|---|---|---|');
  for (const row of rows) console.log(`| ${row.name} | ${fmt(row.seconds)} s | ${row.runs} |`);
  for (const row of rows.filter((r) => r.detail)) console.log(`\n${row.detail}`);
}

const only = process.argv[2];
if (!only || only === 'synth') planned += (rounds + 0.2) * (2 * EXPECTED.synth + EXPECTED.tsnode);
if (!only || only === 'tests')
  planned += 3 * EXPECTED.typecheck + 3 * EXPECTED.lint + 3 * EXPECTED.unit + EXPECTED.terraform + EXPECTED.deploy;
if (!only || only === 'synth') synthesis();
if (!only || only === 'tests') testSuite();
