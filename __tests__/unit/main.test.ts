// The app command itself: a bad selection stops it before anything is synthesized.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

function runApp(env: Record<string, string>) {
  const outdir = join(mkdtempSync(join(tmpdir(), 'main-')), 'cdktf.out');
  const result = spawnSync(process.execPath, ['--require', './scripts/bundle.js', '.build/main.bundle.js'], {
    cwd: root,
    env: { ...process.env, ...env, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  return { ...result, outdir };
}

describe('the app command (cdktf.json)', () => {
  jest.setTimeout(60_000);

  it('refuses an unknown environment with the fix, exits 1 and synthesizes nothing', () => {
    const run = runApp({ ENVIRONMENTS: 'dev,staging' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'ENVIRONMENTS = "dev,staging": names unknown environment "staging". Fix: use "dev", "prod"',
    );
    expect(run.stderr).toContain('nothing was synthesized');
    expect(existsSync(run.outdir)).toBe(false);
  });

  it('synthesizes only the selected environment', () => {
    const run = runApp({ ENVIRONMENTS: 'dev' });
    expect(run.status).toBe(0);
    expect(readdirSync(join(run.outdir, 'stacks')).sort()).toEqual([
      'dev-access',
      'dev-app',
      'dev-ci',
      'dev-data',
      'dev-monitoring',
      'dev-network',
      'dev-state',
    ]);
  });

  it('npm run synth prints an error once, and a success without any [ERROR] line', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'cdktf.out');
    const env = { ...process.env, CDKTF_OUTDIR: outdir, TF_CLI_CONFIG_FILE: '/nonexistent/.terraformrc' };
    const failed = spawnSync(process.execPath, ['scripts/synth.js'], {
      cwd: root,
      env: { ...env, ENVIRONMENTS: 'nope' },
      encoding: 'utf8',
    });
    expect(failed.status).toBe(1);
    expect(`${failed.stdout}${failed.stderr}`.split('names unknown environment "nope"')).toHaveLength(2);
    const ok = spawnSync(process.execPath, ['scripts/synth.js'], {
      cwd: root,
      env: { ...env, ENVIRONMENTS: 'dev' },
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(`${ok.stdout}${ok.stderr}`).not.toMatch(/\[ERROR\]|error/i);
    expect(ok.stdout).toContain('Synthesized 7 stacks into');
    expect(ok.stderr).toContain('warning [dev-app] [dev] app.image');
  });
});
