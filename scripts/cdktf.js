// Runs the cdktf CLI (`npm run diff`, `npm run deploy:dev`) without its noise: no update check over the network
// (CHECKPOINT_DISABLE), and no Terraform complaint about a CLI configuration file that does not exist (some
// machines set TF_CLI_CONFIG_FILE to a missing ~/.terraformrc; Terraform then logs a warning at every call, which
// the CLI shows as an [ERROR] line). An existing configuration file is left alone.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');

const env = { CHECKPOINT_DISABLE: '1', ...process.env };
if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
const run = spawnSync('cdktf', process.argv.slice(2), { stdio: 'inherit', env, shell: false });
if (run.error) {
  console.error(`cdktf could not be run (${run.error.message}); run npm ci first.`);
  process.exit(1);
}
process.exit(run.status ?? 1);
