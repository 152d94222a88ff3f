// `npm run bench`: synthesis of every stack through cdktf.json's app command, side by side in one run with the
// CDKTF template's runner (`npx ts-node main.ts`, type-checking); then the test suite's parts.
// Reports medians and ratios (machines are noisy: compare within one run, not across runs).
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, readdirSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const rssProbe = path.join(__dirname, 'lib', 'report-max-rss.js');

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
    throw new Error(`"${command}" failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const rss = existsSync(rssFile) ? Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024 : NaN;
  const stacks = existsSync(path.join(outdir, 'stacks')) ? readdirSync(path.join(outdir, 'stacks')).length : 0;
  rmSync(outdir, { recursive: true, force: true });
  return { seconds, rss, stacks };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (n, digits = 2) => n.toFixed(digits);

function synthesis() {
  const app = JSON.parse(readFileSync(path.join(root, 'cdktf.json'), 'utf8')).app;
  const candidates = [
    { name: `app command (${app})`, command: app },
    { name: 'template runner (npx ts-node main.ts)', command: 'npx ts-node main.ts' },
  ];
  const samples = candidates.map(() => []);
  // Interleaved, so a slow phase of the machine hits both alike.
  for (let round = 0; round < rounds; round++) {
    candidates.forEach((candidate, index) => {
      const sample = measure(candidate.command);
      samples[index].push(sample);
      process.stderr.write(`  round ${round + 1}/${rounds} ${candidate.name}: ${fmt(sample.seconds)} s, ${fmt(sample.rss, 0)} MiB, ${sample.stacks} stacks\n`);
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
  console.log(`\nThe app command is ${fmt(rows[1].seconds / rows[0].seconds, 1)}x faster than the template runner.`);
}

function testSuite() {
  const parts = [
    { name: 'type-check (tsc)', command: 'npx tsc -p .', runs: 3 },
    { name: 'unit tests (jest --selectProjects unit)', command: 'npx jest --selectProjects unit --silent', runs: 3 },
    { name: 'Terraform tests (jest --selectProjects terraform)', command: 'npx jest --selectProjects terraform --silent', runs: 1 },
  ];
  console.log('\n## Test suite (`npm test`), by part\n');
  console.log('| part | wall time (median) | runs |');
  console.log('|---|---|---|');
  for (const part of parts) {
    const times = [];
    for (let i = 0; i < part.runs; i++) {
      times.push(measure(part.command).seconds);
      process.stderr.write(`  ${part.name}: ${fmt(times[times.length - 1])} s\n`);
    }
    console.log(`| ${part.name} | ${fmt(median(times))} s | ${part.runs} |`);
  }
}

const only = process.argv[2];
if (!only || only === 'synth') synthesis();
if (!only || only === 'tests') testSuite();
