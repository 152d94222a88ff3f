// scripts/ci/terraform-stacks.sh, the deploy half of the workflow, run against a stand-in `terraform` that records
// its arguments: plans without the lock, saved and applied as they are, and downstream stacks deferred when an
// upstream plan changes the outputs they read.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root';

const SCRIPT = join(projectRoot(), 'scripts', 'ci', 'terraform-stacks.sh');
const STACKS = ['dev-network', 'dev-access', 'dev-data', 'dev-app'];

/**
 * A working directory with the stacks and a fake terraform on PATH. `show -json` of a plan reports a changed
 * cross-stack output for the stack named in FAKE_CHANGES_OUTPUTS.
 */
function workspace(): {
  dir: string;
  run: (args: string[], env?: Record<string, string>) => { code: number; stderr: string };
  calls: () => string[];
} {
  const dir = mkdtempSync(join(tmpdir(), 'terraform-stacks-'));
  for (const stack of STACKS) mkdirSync(join(dir, 'cdktf.out', 'stacks', stack), { recursive: true });
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const log = join(dir, 'calls.log');
  writeFileSync(
    join(bin, 'terraform'),
    [
      '#!/usr/bin/env bash',
      `echo "$*" >> ${JSON.stringify(log)}`,
      'stack=$(basename "${1#-chdir=}")',
      'case "$2" in',
      '  plan) touch "${1#-chdir=}/tfplan" ;;',
      '  show)',
      '    if [ "$3" = -json ]; then',
      '      if [ "$stack" = "${FAKE_CHANGES_OUTPUTS:-}" ]; then echo \'{"output_changes":{"cross-stack-output-aws_vpcVpcid":{"actions":["update"]},"vpc_id":{"actions":["update"]}}}\';',
      '      else echo \'{"output_changes":{"vpc_id":{"actions":["update"]},"cross-stack-output-x":{"actions":["no-op"]}}}\'; fi',
      '    else echo "Plan: 1 to add, 0 to change, 0 to destroy."; fi ;;',
      'esac',
    ].join('\n'),
  );
  chmodSync(join(bin, 'terraform'), 0o755);
  return {
    dir,
    run: (args, env = {}) => {
      const result = spawnSync('bash', [SCRIPT, ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
          ...env,
        },
      });
      return { code: result.status ?? -1, stderr: result.stderr };
    },
    calls: () => readFileSync(log, 'utf8').trim().split('\n'),
  };
}

describe('scripts/ci/terraform-stacks.sh', () => {
  it('is executable and valid bash', () => {
    expect(() => execFileSync('bash', ['-n', SCRIPT])).not.toThrow();
  });

  it('plans every stack in order without the lock, and applies exactly the saved plans, waiting for a lock', () => {
    const ws = workspace();
    expect(ws.run(['plan', ...STACKS]).code).toBe(0);
    expect(
      readFileSync(join(ws.dir, 'cdktf.out', 'plans', 'planned'), 'utf8')
        .trim()
        .split('\n'),
    ).toEqual(STACKS);
    const plans = ws.calls().filter((call) => / plan /.test(call));
    expect(plans).toEqual(
      STACKS.map((stack) => `-chdir=cdktf.out/stacks/${stack} plan -input=false -no-color -lock=false -out=tfplan`),
    );
    expect(readFileSync(join(ws.dir, 'summary.md'), 'utf8')).toContain(
      '### `dev-app`: Plan: 1 to add, 0 to change, 0 to destroy.',
    );

    expect(ws.run(['apply']).code).toBe(0);
    const applies = ws.calls().filter((call) => / apply /.test(call));
    expect(applies).toEqual(
      STACKS.map((stack) => `-chdir=cdktf.out/stacks/${stack} apply -input=false -no-color -lock-timeout=15m tfplan`),
    );
  });

  it('defers the stacks after one whose plan changes a cross-stack output, and fails the apply after applying it', () => {
    const ws = workspace();
    expect(ws.run(['plan', ...STACKS], { FAKE_CHANGES_OUTPUTS: 'dev-network' }).code).toBe(0);
    expect(ws.calls().filter((call) => / plan /.test(call))).toEqual([
      '-chdir=cdktf.out/stacks/dev-network plan -input=false -no-color -lock=false -out=tfplan',
    ]);
    expect(
      readFileSync(join(ws.dir, 'cdktf.out', 'plans', 'deferred'), 'utf8')
        .trim()
        .split('\n'),
    ).toEqual(STACKS.slice(1));
    const applied = ws.run(['apply']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(/Deferred, not applied: dev-access dev-data dev-app .*Re-run this workflow/);
    expect(ws.calls().filter((call) => / apply /.test(call))).toEqual([
      '-chdir=cdktf.out/stacks/dev-network apply -input=false -no-color -lock-timeout=15m tfplan',
    ]);
  });

  it('does not defer for an output no other stack reads', () => {
    const ws = workspace();
    ws.run(['plan', ...STACKS]);
    expect(readFileSync(join(ws.dir, 'cdktf.out', 'plans', 'deferred'), 'utf8')).toBe('');
  });

  it('refuses an unknown command', () => {
    expect(workspace().run(['deploy']).code).toBe(2);
  });
});
