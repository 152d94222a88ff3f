// Losing one AZ: prod keeps serving; dev's single points of failure are exactly the accepted ones.
import { environments } from '../../../src/config/environments';
import { resolveEnvironment } from '../../../src/config/resolve';
import { acceptedFailures, azFailureReport, unacceptedBreaks } from '../../../src/policy/az-failure';
import { EnvironmentJson, type StackJson } from '../../../src/policy/terraform-json';
import { synthEnvironment } from '../../helpers/synth';

type MutableStacks = Record<string, StackJson & { resource: Record<string, Record<string, Record<string, unknown>>> }>;

function mutate(env: EnvironmentJson, change: (stacks: MutableStacks) => void): EnvironmentJson {
  const copy = JSON.parse(JSON.stringify(env.stacks)) as MutableStacks;
  change(copy);
  return new EnvironmentJson(copy);
}

describe('AZ failure', () => {
  const prod = synthEnvironment('prod');
  const prodConfig = resolveEnvironment('prod', environments.prod);
  const dev = synthEnvironment('dev');
  const devConfig = resolveEnvironment('dev', environments.dev);

  it('prod: either AZ can fail and the path internet -> ALB -> app -> DB and same-AZ egress keep working', () => {
    const report = azFailureReport(prod, prodConfig.context.availabilityZones);
    expect(report.map((zone) => zone.failedZone)).toEqual(['ap-northeast-2a', 'ap-northeast-2c']);
    expect(unacceptedBreaks(report, acceptedFailures(prodConfig))).toEqual([]);
    // Only the bastion, which serves administrators, sits in one AZ.
    expect(report.flatMap((zone) => zone.breaks)).toEqual([
      'aws_instance.Bastion is a single instance in ap-northeast-2a',
    ]);
  });

  it('dev: the single points of failure are listed, and each is one the settings accept', () => {
    const report = azFailureReport(dev, devConfig.context.availabilityZones);
    expect(report.find((zone) => zone.failedZone === 'ap-northeast-2a')?.breaks).toEqual([
      'database aws_db_instance.Database is single-AZ: down if its AZ is ap-northeast-2a',
      'aws_instance.Bastion is a single instance in ap-northeast-2a',
      'private subnet aws_subnet.PrivateSubnetB (ap-northeast-2c) reaches the internet through aws_nat_gateway.NatGatewayA in ap-northeast-2a',
    ]);
    expect(unacceptedBreaks(report, acceptedFailures(devConfig))).toEqual([]);
    expect(acceptedFailures(devConfig).map((a) => a.reason)).toEqual([
      expect.stringMatching(/Session Manager/),
      expect.stringMatching(/halves the NAT cost/),
      expect.stringMatching(/single-AZ database/),
    ]);
  });

  it('catches an app tier confined to one AZ', () => {
    const broken = mutate(prod, (stacks) => {
      const group = stacks['prod-app'].resource.aws_autoscaling_group.AppAutoScalingGroup;
      group.vpc_zone_identifier = [(group.vpc_zone_identifier as string[])[0]];
    });
    expect(
      unacceptedBreaks(azFailureReport(broken, prodConfig.context.availabilityZones), acceptedFailures(prodConfig)),
    ).toEqual([
      'when ap-northeast-2a fails: app instances (aws_autoscaling_group.AppAutoScalingGroup) cannot launch outside ap-northeast-2a',
    ]);
  });

  it("catches a private subnet routed through the other AZ's NAT gateway", () => {
    const broken = mutate(prod, (stacks) => {
      stacks['prod-network'].resource.aws_route.PrivateDefaultRouteB.nat_gateway_id =
        '${aws_nat_gateway.NatGatewayA.id}';
    });
    expect(
      unacceptedBreaks(azFailureReport(broken, prodConfig.context.availabilityZones), acceptedFailures(prodConfig)),
    ).toEqual([
      'when ap-northeast-2a fails: private subnet aws_subnet.PrivateSubnetB (ap-northeast-2c) reaches the internet through aws_nat_gateway.NatGatewayA in ap-northeast-2a',
    ]);
  });

  it('catches a single-AZ database in prod', () => {
    const broken = mutate(prod, (stacks) => {
      stacks['prod-data'].resource.aws_db_instance.Database.multi_az = false;
    });
    expect(
      unacceptedBreaks(azFailureReport(broken, prodConfig.context.availabilityZones), acceptedFailures(prodConfig)),
    ).toHaveLength(2);
  });
});
