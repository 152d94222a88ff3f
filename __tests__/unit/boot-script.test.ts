// The app instances' boot script and the files it writes, checked by the tools that would run them: shellcheck for
// every bash script, `systemd-analyze verify` for every unit. Both must be installed: without them this fails with
// the command that installs them (Debian: apt-get install -y shellcheck systemd), it never skips.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseEngine } from '../../src/config/settings';
import type { SettingsPatch } from '../helpers/config';
import { synthJson, tierStack } from '../helpers/synth';
import { asTerraformRendersIt, writtenFiles } from '../helpers/user-data';

const INSTALL =
  'Install it: `apt-get install -y shellcheck systemd` (Debian/Ubuntu), `dnf install -y ShellCheck systemd` (Fedora/Amazon Linux).';

function tool(command: string, versionArgument = '--version'): string {
  const found = spawnSync(command, [versionArgument], { encoding: 'utf8' });
  if (found.error || found.status !== 0)
    throw new Error(`${command} is not installed, and the boot script tests need it. ${INSTALL}`);
  return command;
}

function bootScript(name: string, patch: SettingsPatch = {}): string {
  const stack = tierStack('app', patch, name);
  return asTerraformRendersIt(String(synthJson(stack).locals?.app_user_data));
}

const scripts = {
  dev: bootScript('dev'),
  prod: bootScript('prod'),
  'postgres, public image, custom port and variables': bootScript('dev', {
    database: { engine: DatabaseEngine.POSTGRES },
    app: {
      image: 'ghcr.io/acme/api:1.0.0',
      port: 9000,
      healthCheckPath: "/it's/alive",
      environment: { GREETING: 'hello world', JAVA_OPTS: '-Xmx2g' },
    },
  }),
};

/** shellcheck on a script, as bash; its findings as text (empty when clean). */
function shellcheck(text: string): string {
  const result = spawnSync(tool('shellcheck'), ['--shell=bash', '--severity=style', '-'], {
    input: text,
    encoding: 'utf8',
  });
  return `${result.stdout}${result.stderr}`.trim();
}

/**
 * `systemd-analyze verify` on the units, in a root directory holding them, the scripts they start, stand-ins for
 * docker and its unit, and the system's own targets (sysinit.target, ...), which the units' defaults pull in.
 */
function verifyUnits(files: Record<string, string>): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'units-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), content);
    if (content.startsWith('#!')) chmodSync(join(root, path), 0o755);
  }
  const units = join(root, 'usr/lib/systemd/system');
  mkdirSync(units, { recursive: true });
  const system = ['/usr/lib/systemd/system', '/lib/systemd/system'].find((dir) =>
    existsSync(join(dir, 'sysinit.target')),
  );
  if (!system) throw new Error(`systemd's units (sysinit.target) are not installed. ${INSTALL}`);
  for (const target of readdirSync(system).filter((name) => name.endsWith('.target')))
    copyFileSync(join(system, target), join(units, target));
  writeFileSync(
    join(units, 'docker.service'),
    '[Unit]\nDescription=stand-in for Docker\n[Service]\nExecStart=/usr/bin/docker\n',
  );
  mkdirSync(join(root, 'usr/bin'), { recursive: true });
  writeFileSync(join(root, 'usr/bin/docker'), '#!/bin/sh\n');
  chmodSync(join(root, 'usr/bin/docker'), 0o755);
  const unitPaths = Object.keys(files).filter((path) => /\.(service|timer)$/.test(path));
  const result = spawnSync(tool('systemd-analyze'), ['verify', `--root=${root}`, ...unitPaths], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

describe.each(Object.entries(scripts))('the boot script (%s)', (_, script) => {
  const files = writtenFiles(script);

  it("writes the app's scripts and units", () => {
    expect(Object.keys(files).sort()).toEqual([
      '/etc/systemd/system/app-rotate-credentials.service',
      '/etc/systemd/system/app-rotate-credentials.timer',
      '/etc/systemd/system/app.service',
      '/opt/app/app.env',
      '/opt/app/prepare',
      '/opt/app/rotate-credentials',
      '/opt/app/wait-ready',
    ]);
  });

  it('keeps its escapes: continued lines end in a backslash, and no tab or line break hides inside quotes', () => {
    expect(script).not.toMatch(/\t/);
    expect(script).toContain("--output json \\\n  | python3 -c '");
    expect(script).toContain("tr '\\t' '\\n'");
    expect(script).toContain('printf \'%s\\n\' "$states"');
  });

  it('passes shellcheck, and so does every script it writes', () => {
    expect(shellcheck(script)).toBe('');
    const bash = Object.entries(files).filter(([, content]) => content.startsWith('#!/bin/bash'));
    expect(bash.map(([path]) => path).sort()).toEqual([
      '/opt/app/prepare',
      '/opt/app/rotate-credentials',
      '/opt/app/wait-ready',
    ]);
    for (const [path, content] of bash) expect({ path, findings: shellcheck(content) }).toEqual({ path, findings: '' });
  });

  it('writes systemd units that systemd-analyze verify accepts without a warning', () => {
    expect(verifyUnits(files)).toEqual({ status: 0, output: '' });
  });
});

describe('the checks can fail', () => {
  it('shellcheck finds an unquoted variable', () => {
    expect(shellcheck('#!/bin/bash\nrm -rf $1\n')).toMatch(/SC2086/);
  });

  it('systemd-analyze finds an unknown key and a missing command', () => {
    const result = verifyUnits({
      '/etc/systemd/system/x.service': '[Service]\nExecStart=/opt/missing\nTimeoutStartSecs=5\n',
    });
    expect(result.output).toMatch(/Unknown key 'TimeoutStartSecs'/);
    expect(result.output).toMatch(/\/opt\/missing is not executable/);
  });
});
