// The app command's output is all or nothing: a run that fails for any reason leaves the output directory as it was.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { environments } from '../../src/config/environments';
import type { EnvironmentSettings } from '../../src/config/settings';
import { PolicyError, synthesizeApp } from '../../src/synthesize-app';

/** Every file under `dir` with a hash of its content. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files[full.slice(dir.length)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return files;
}

const third: EnvironmentSettings = {
  ...environments.dev,
  backend: { ...environments.dev.backend, bucket: 'devloop-tfstate-third-apne2' },
};
const threeEnvironments = { ...environments, third };

function previousOutput(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), 'atomic-')), 'cdktf.out');
  synthesizeApp({ environments, outdir });
  return outdir;
}

/** Asserts that `run` fails and leaves `outdir` exactly as it was, with no staging directory behind. */
function expectUnchanged(outdir: string, run: () => void): unknown {
  const before = snapshot(outdir);
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeDefined();
  expect(snapshot(outdir)).toEqual(before);
  expect(existsSync(`${outdir}.next`)).toBe(false);
  return error;
}

describe('the output directory after a failed synth', () => {
  it('is unchanged by a policy failure in a third environment, and the failure names the stack and the rule', () => {
    const outdir = previousOutput();
    const error = expectUnchanged(outdir, () =>
      synthesizeApp({
        environments: threeEnvironments,
        outdir,
        extend: (stacks) => {
          const app = stacks.find((s) => s.app.node.id === 'third-app')?.app;
          if (!app) throw new Error('no third-app stack');
          new VpcSecurityGroupIngressRule(app, 'OpenSsh', {
            securityGroupId: (app.node.findAll().find((c) => c.node.id === 'AppSecurityGroup') as SecurityGroup).id,
            cidrIpv4: '0.0.0.0/0',
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            description: 'a mistake',
          });
        },
      }),
    );
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as Error).message).toMatch(/\[third-app\] \[SG-NO-OPEN-INGRESS\]/);
    expect((error as Error).message).toMatch(/the output directory is unchanged/);
  });

  it('is unchanged by a configuration error', () => {
    const outdir = previousOutput();
    expectUnchanged(outdir, () =>
      synthesizeApp({ environments: { ...threeEnvironments, third: { ...third, project: 'Bad Name' } }, outdir }),
    );
  });

  it('is unchanged by a bug (an exception while building the stacks)', () => {
    const outdir = previousOutput();
    expectUnchanged(outdir, () =>
      synthesizeApp({
        environments: threeEnvironments,
        outdir,
        extend: () => {
          throw new Error('a bug');
        },
      }),
    );
  });

  it('is replaced whole by a successful synth: stacks of environments no longer selected are gone', () => {
    const outdir = previousOutput();
    synthesizeApp({ environments, selection: 'dev', outdir });
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual([
      'dev-access',
      'dev-app',
      'dev-ci',
      'dev-data',
      'dev-monitoring',
      'dev-network',
      'dev-state',
    ]);
    expect(existsSync(`${outdir}.previous`)).toBe(false);
  });
});
