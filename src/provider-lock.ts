// The dependency lock file of every stack: the project's `.terraform.lock.hcl` (the AWS provider's version and
// checksums), copied into each stack's working directory at synthesis, so that `terraform init` installs only a
// provider package with those checksums and CI runs it with `-lockfile=readonly`.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './project-root';

export const PROVIDER_LOCK_FILE = '.terraform.lock.hcl';

/** Copies the project's lock file into the working directory of every stack of the synth output `outdir`. */
export function copyProviderLock(outdir: string): void {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { workingDirectory: string }>;
  };
  const lock = join(projectRoot(), PROVIDER_LOCK_FILE);
  for (const stack of Object.values(manifest.stacks))
    copyFileSync(lock, join(outdir, stack.workingDirectory, PROVIDER_LOCK_FILE));
}
