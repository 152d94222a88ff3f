// How CI installs providers, run with the real Terraform: the CLI configuration of the workflow
// (.github/terraform.rc) installs hashicorp/aws and refuses any other provider at `terraform init`, and the committed
// lock file (.terraform.lock.hcl, copied into every stack at synthesis) accepts the provider package it was made
// from, read-only (`-lockfile=readonly`, as CI runs init).
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root';
import { PROVIDER_LOCK_FILE } from '../../src/provider-lock';
import { locateTerraform, PROVIDER_VERSION, runCommand } from '../../src/local-deploy/terraform';

jest.setTimeout(120_000);

const root = projectRoot();
const requiring = (providers: Record<string, { source: string; version: string }>) => {
  const dir = mkdtempSync(join(tmpdir(), 'provider-installation-'));
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: providers } }));
  return dir;
};

it('the CI configuration refuses to install any provider but hashicorp/aws', async () => {
  const setup = await locateTerraform();
  const dir = requiring({ external: { source: 'hashicorp/external', version: '2.3.4' } });
  const init = await runCommand(setup.binary, ['init', '-input=false', '-no-color', '-backend=false'], dir, {
    ...process.env,
    TF_CLI_CONFIG_FILE: join(root, '.github', 'terraform.rc'),
  });
  expect(init.code).not.toBe(0);
  // Refused by the configuration itself, before any network access.
  expect(init.stdout + init.stderr).toMatch(
    /provider registry\.terraform\.io\/hashicorp\/external was not\s+found in any of the search locations/,
  );
  expect(readFileSync(join(root, '.github', 'terraform.rc'), 'utf8')).toMatch(
    /direct \{\s*include = \["registry\.terraform\.io\/hashicorp\/aws"\]\s*\}/,
  );
});

it('the committed lock file accepts the provider package, and init may not change it', async () => {
  const setup = await locateTerraform();
  if (!setup.mirror) throw new Error('this test installs the provider from the filesystem mirror (TF_PROVIDER_MIRROR)');
  const dir = requiring({ aws: { source: 'aws', version: PROVIDER_VERSION } });
  copyFileSync(join(root, PROVIDER_LOCK_FILE), join(dir, PROVIDER_LOCK_FILE));
  const lock = readFileSync(join(root, PROVIDER_LOCK_FILE), 'utf8');
  expect(lock).toContain(`version     = "${PROVIDER_VERSION}"`);
  expect(lock).toMatch(/"h1:[A-Za-z0-9+/=]{44}"/);
  const init = await runCommand(
    setup.binary,
    ['init', '-input=false', '-no-color', '-backend=false', '-lockfile=readonly', `-plugin-dir=${setup.mirror}`],
    dir,
    { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
  );
  expect([init.code, init.stderr]).toEqual([0, '']);
  expect(readFileSync(join(dir, PROVIDER_LOCK_FILE), 'utf8')).toBe(lock);
});
