// The policy pack at synth time: unwaived failures, bad waivers and stray traffic stop `app.synth()`.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { App } from 'cdktf';
import { buildEnvironment, type EnvironmentStacks } from '../../../src/app';
import { environments } from '../../../src/config/environments';
import { resolveEnvironment } from '../../../src/config/resolve';
import { waive } from '../../../src/policy/waivers';

function build(name = 'dev'): { app: App; outdir: string; stacks: EnvironmentStacks } {
  const outdir = mkdtempSync(join(tmpdir(), 'aspect-'));
  const app = new App({ outdir, stackTraces: false });
  return { app, outdir, stacks: buildEnvironment(app, resolveEnvironment(name, environments[name])) };
}

function synthError(app: App): string {
  try {
    app.synth();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected app.synth() to fail');
}

/** An instance that allows IMDSv1: it fails EC2-IMDSV2. */
function leakyInstance(stacks: EnvironmentStacks): Instance {
  return new Instance(stacks.access, 'Leaky', {
    ami: 'ami-12345678',
    instanceType: 't3.micro',
    metadataOptions: { httpTokens: 'optional' },
  });
}

describe('the policy aspect', () => {
  it('lets the shipped environments synthesize', () => {
    for (const name of Object.keys(environments)) expect(() => build(name).app.synth()).not.toThrow();
  });

  it('fails synthesis on an unwaived failure, naming rule, address and fix', () => {
    const { app, stacks } = build();
    leakyInstance(stacks);
    const message = synthError(app);
    expect(message).toContain('[EC2-IMDSV2] dev-access:aws_instance.Leaky: allows IMDSv1');
    expect(message).toContain('Fix: set metadata_options');
    expect(message).toContain('checkov CKV_AWS_79');
  });

  it('accepts a waiver with a reason, and writes it into the resource JSON', () => {
    const { app, outdir, stacks } = build();
    const instance = leakyInstance(stacks);
    waive(
      instance,
      'EC2-IMDSV2',
      'This test instance runs a vendor agent that only speaks IMDSv1, and has no instance role.',
    );
    for (const rule of [
      'EC2-NO-PUBLIC-IP',
      'EC2-DETAILED-MONITORING',
      'EC2-EBS-OPTIMIZED',
      'EC2-INSTANCE-PROFILE',
      'EC2-TERMINATION-PROTECTION',
      'EBS-ENCRYPTED',
      'EC2-IMDS-HOP-LIMIT',
    ]) {
      waive(instance, rule, 'A test instance that exists only to show how a waiver is recorded in the JSON.');
    }
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true';
    try {
      app.synth();
    } finally {
      delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    }
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', 'dev-access', 'cdk.tf.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    expect(json.resource.aws_instance.Leaky['//'].policy_waivers).toContainEqual({
      rule: 'EC2-IMDSV2',
      reason: 'This test instance runs a vendor agent that only speaks IMDSv1, and has no instance role.',
    });
    const errors = manifest.stacks['dev-access'].annotations.filter(
      (a: { level: string; message: string }) => a.level === '@cdktf/error',
    );
    expect(errors.map((a: { message: string }) => a.message).filter((m: string) => m.includes('EC2-IMDSV2'))).toEqual(
      [],
    );
  });

  it('refuses a waiver of an unknown rule', () => {
    const { app, stacks } = build();
    waive(
      stacks.network.node.findChild('Vpc'),
      'EC2-IMDSV9',
      'A rule that does not exist cannot be waived, whatever the reason given here.',
    );
    expect(synthError(app)).toMatch(/waives "EC2-IMDSV9", which is not a rule of the policy pack/);
  });

  it('refuses a waiver without a real reason', () => {
    const { app, stacks } = build();
    waive(leakyInstance(stacks), 'EC2-IMDSV2', 'n/a');
    expect(synthError(app)).toMatch(/without a reason of at least a sentence \("n\/a"\)/);
  });

  it('fails synthesis on a stray security group rule, through the traffic check', () => {
    const { app, stacks } = build();
    const rule = new VpcSecurityGroupIngressRule(stacks.app, 'StraySsh', {
      securityGroupId: '${aws_security_group.AppSecurityGroup.id}',
      cidrIpv4: '10.0.0.0/8',
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      description: 'stray',
    });
    expect(rule).toBeDefined();
    expect(synthError(app)).toContain(
      '[NET-TRAFFIC-TABLE] allows cidr:10.0.0.0/8 -> app tcp/22, which the traffic table does not',
    );
  });
});
