// Real Terraform, no AWS account: every stack of every environment passes init, validate and an offline plan
// that creates exactly the resources expected.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environments } from '../../src/config/environments';
import { resolveEnvironment } from '../../src/config/resolve';
import { startEmulator, type Emulator } from '../../src/local-deploy/emulator';
import { locateTerraform, planAll, type StackPlan } from '../helpers/offline-plan';
import { synthAll } from '../helpers/synth';

jest.setTimeout(600_000);

/** What a fresh plan of each stack must create, by resource type. */
function expectedCreates(environment: string): Record<string, Record<string, number>> {
  const config = resolveEnvironment(environment, environments[environment]);
  const natCount = config.network.natGateways === 'one-per-az' ? 2 : 1;
  const https = config.app.listener.protocol === 'HTTPS';
  const adminRules = config.access.adminIpv4Cidrs.length;
  /** A bucket made by privateBucket(): the bucket and its six companions. */
  const privateBucket = {
    aws_s3_bucket: 1,
    aws_s3_bucket_versioning: 1,
    aws_s3_bucket_server_side_encryption_configuration: 1,
    aws_s3_bucket_public_access_block: 1,
    aws_s3_bucket_ownership_controls: 1,
    aws_s3_bucket_policy: 1,
    aws_s3_bucket_lifecycle_configuration: 1,
  };
  return {
    state: privateBucket,
    network: {
      aws_vpc: 1,
      aws_default_security_group: 1,
      aws_subnet: 4,
      aws_internet_gateway: 1,
      aws_eip: natCount,
      aws_nat_gateway: natCount,
      aws_route_table: 3,
      aws_route: 3,
      aws_route_table_association: 4,
      aws_cloudwatch_log_group: 1,
      aws_iam_role: 1,
      aws_iam_role_policy: 1,
      aws_flow_log: 1,
    },
    access: {
      aws_security_group: 1,
      aws_vpc_security_group_ingress_rule: adminRules,
      aws_vpc_security_group_egress_rule: 1,
      aws_iam_role: 1,
      aws_iam_role_policy_attachment: 1,
      aws_iam_instance_profile: 1,
      aws_key_pair: config.access.sshKey.kind === 'public-key' ? 1 : 0,
      aws_instance: 1,
      aws_eip: 1,
      aws_eip_association: 1,
    },
    data: {
      aws_security_group: 1,
      aws_db_subnet_group: 1,
      aws_db_parameter_group: 1,
      aws_iam_role: 1,
      aws_iam_role_policy_attachment: 1,
      aws_cloudwatch_log_group: 2,
      aws_db_instance: 1,
    },
    app: {
      ...(config.app.accessLogRetentionDays ? privateBucket : {}),
      aws_security_group: 2,
      aws_vpc_security_group_ingress_rule: (https ? 2 : 1) + 3,
      aws_vpc_security_group_egress_rule: 4,
      aws_lb: 1,
      aws_lb_target_group: 1,
      aws_lb_listener: https ? 2 : 1,
      aws_cloudwatch_log_group: 1,
      aws_iam_role: 1,
      aws_iam_role_policy: 1,
      aws_iam_role_policy_attachment: 1,
      aws_iam_instance_profile: 1,
      aws_launch_template: 1,
      aws_autoscaling_group: 1,
    },
  };
}

function withoutZeros(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

describe('offline terraform plan of every stack', () => {
  let plans: StackPlan[];
  let emulator: Emulator | undefined;

  beforeAll(async () => {
    // No skip: without Terraform, the provider or the emulator this fails with the installation instructions.
    const setup = await locateTerraform();
    emulator = await startEmulator();
    const outdir = synthAll();
    const workdir = mkdtempSync(join(tmpdir(), 'offline-plan-'));
    plans = await planAll({
      outdir,
      workdir,
      setup,
      region: (stack) => resolveEnvironment(stack.split('-')[0], environments[stack.split('-')[0]]).context.region,
      emulatorEndpoint: emulator.endpoint,
    });
  });

  afterAll(() => emulator?.stop());

  const stacks = Object.keys(environments).flatMap((env) => ['state', 'network', 'access', 'data', 'app'].map((tier) => [env, tier] as const));

  it('plans exactly the stacks the app synthesizes', () => {
    expect(plans.map((p) => p.stack).sort()).toEqual(stacks.map(([env, tier]) => `${env}-${tier}`).sort());
  });

  it.each(stacks)('%s-%s: init, validate and plan succeed and create the expected resources', (env, tier) => {
    const plan = plans.find((p) => p.stack === `${env}-${tier}`);
    expect(plan).toBeDefined();
    if (!plan) return;
    if (plan.failure) throw new Error(`${plan.stack}: ${plan.failure}`);
    expect(plan.initOk).toBe(true);
    expect(plan.valid).toBe(true);
    expect(plan.planOk).toBe(true);
    expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan.otherActions).toEqual([]);
    expect(plan.creates).toEqual(withoutZeros(expectedCreates(env)[tier]));
  });
});
