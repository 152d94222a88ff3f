// The pure parts of the local deployment: the order stacks deploy in, and the overrides that point a stack at the
// emulator without touching its synthesized JSON.
import { deploymentOrder, deploymentWaves } from '../../src/local-deploy/deployment';
import { emulatorOverride } from '../../src/local-deploy/overrides';

const manifest = {
  stacks: {
    'dev-app': {
      synthesizedStackPath: '',
      workingDirectory: '',
      dependencies: ['dev-network', 'dev-access', 'dev-data'],
    },
    'dev-access': { synthesizedStackPath: '', workingDirectory: '', dependencies: ['dev-network'] },
    'dev-data': { synthesizedStackPath: '', workingDirectory: '', dependencies: ['dev-network'] },
    'dev-network': { synthesizedStackPath: '', workingDirectory: '', dependencies: ['dev-state'] },
    'dev-state': { synthesizedStackPath: '', workingDirectory: '', dependencies: [] },
  },
};

describe('the deployment order', () => {
  it("is CDKTF's: each stack after the stacks it depends on", () => {
    expect(deploymentOrder(manifest)).toEqual(['dev-state', 'dev-network', 'dev-access', 'dev-data', 'dev-app']);
  });

  it('groups in waves the stacks that can deploy together', () => {
    expect(deploymentWaves(manifest, Object.keys(manifest.stacks))).toEqual([
      ['dev-state'],
      ['dev-network'],
      ['dev-access', 'dev-data'],
      ['dev-app'],
    ]);
    expect(deploymentWaves(manifest, ['dev-app', 'dev-data'])).toEqual([['dev-data'], ['dev-app']]);
  });

  it('refuses a dependency cycle', () => {
    const cycle = {
      stacks: {
        a: { ...manifest.stacks['dev-state'], dependencies: ['b'] },
        b: { ...manifest.stacks['dev-state'], dependencies: ['a'] },
      },
    };
    expect(() => deploymentOrder(cycle)).toThrow(/cycle/);
  });
});

describe('the emulator override of a stack', () => {
  const endpoint = 'http://127.0.0.1:4566';
  const options = { endpoint, localStatePath: (stack: string) => `/work/terraform.${stack}.tfstate` };

  it('sends every provider call, the S3 backend and each remote state read to the emulator', () => {
    const override = emulatorOverride(
      'dev-app',
      {
        terraform: {
          backend: { s3: { bucket: 'b', key: 'dev/app.tfstate', region: 'ap-northeast-2', encrypt: true } },
        },
        data: {
          terraform_remote_state: {
            'cross-stack-reference-input-dev-data': { backend: 's3', config: { bucket: 'b', key: 'dev/data.tfstate' } },
          },
        },
      },
      options,
    ) as {
      provider: { aws: { endpoints: Record<string, string>[]; s3_use_path_style: boolean } };
      terraform: { backend: { s3: Record<string, unknown> } };
      data: { terraform_remote_state: Record<string, { config: Record<string, unknown> }> };
    };
    expect(Object.values(override.provider.aws.endpoints[0]).every((url) => url === endpoint)).toBe(true);
    expect(override.provider.aws.endpoints[0]).toMatchObject({
      ec2: endpoint,
      rds: endpoint,
      elbv2: endpoint,
      s3: endpoint,
      sts: endpoint,
    });
    // A backend block in an override replaces the original: the bucket, key and encryption must be repeated.
    expect(override.terraform.backend.s3).toMatchObject({
      bucket: 'b',
      key: 'dev/app.tfstate',
      encrypt: true,
      use_path_style: true,
      endpoints: { s3: endpoint, sts: endpoint, iam: endpoint },
    });
    expect(override.data.terraform_remote_state['cross-stack-reference-input-dev-data'].config).toMatchObject({
      bucket: 'b',
      key: 'dev/data.tfstate',
      endpoints: { s3: endpoint, sts: endpoint },
    });
  });

  it("keeps the local state of the state stack in the deployment's directory", () => {
    expect(
      emulatorOverride(
        'dev-state',
        { terraform: { backend: { local: { path: '../../../terraform.dev-state.tfstate' } } } },
        options,
      ),
    ).toMatchObject({
      terraform: { backend: { local: { path: '/work/terraform.dev-state.tfstate' } } },
    });
  });
});

describe('the synthesized stacks', () => {
  it("hold nothing of the emulator: its endpoints live only in the deployment's override files", () => {
    const { synthEnvironment } = jest.requireActual<typeof import('../helpers/synth')>('../helpers/synth');
    const stacks = Object.values(synthEnvironment('dev').stacks);
    const reachAws = JSON.stringify(
      stacks.map((stack) => [
        stack.provider,
        stack.terraform,
        (stack.data as { terraform_remote_state?: unknown } | undefined)?.terraform_remote_state,
      ]),
    );
    expect(reachAws).not.toMatch(/endpoints|access_key|secret_key|use_path_style|local-emulator/);
  });
});
