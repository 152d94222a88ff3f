// `npm run synth`: runs the app command of cdktf.json as `cdktf synth` does (same command, CDKTF_OUTDIR), then
// prints each warning once and the stacks it wrote. The cdktf CLI prints an app's error twice (live, then again
// in its summary), checks for updates on the network, and logs Terraform's complaints about its CLI configuration
// as [ERROR] lines; `cdktf diff` and `cdktf deploy` still go through it (scripts/cdktf.js quiets the last two).
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { app } = JSON.parse(readFileSync(path.join(root, 'cdktf.json'), 'utf8'));
const outdir = path.resolve(root, process.env.CDKTF_OUTDIR ?? 'cdktf.out');

const run = spawnSync(app, {
  cwd: root,
  shell: true,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, CDKTF_OUTDIR: outdir },
});
// The app has printed its error (configuration, policy or a bug) and left the output directory as it was.
if (run.status !== 0) process.exit(run.status ?? 1);

const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
const stacks = Object.keys(manifest.stacks).sort();
for (const stack of stacks) {
  for (const annotation of manifest.stacks[stack].annotations ?? []) {
    if (annotation.level === '@cdktf/warn') console.warn(`warning [${stack}] ${annotation.message}`);
  }
}
const relativeOut = path.relative(process.cwd(), outdir) || '.';
console.log(
  `Synthesized ${stacks.length} stacks into ${relativeOut}${existsSync(outdir) ? '' : ' (missing!)'}: ${stacks.join(', ')}`,
);
