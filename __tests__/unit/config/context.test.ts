// The environment's own settings: its name, region, availability zones, tags, lifecycle and shared account resources.
import { AVAILABILITY_ZONES, KNOWN_REGIONS } from '../../../src/config/aws-regions';
import { environments } from '../../../src/config/environments';
import { ConfigError } from '../../../src/config/errors';
import { loadEnvironments, resolveEnvironment } from '../../../src/config/resolve';
import { AccountResources } from '../../../src/config/settings';
import { expectRefused, resolveOk, settingsWith } from '../../helpers/config';

describe('names and the environments selected', () => {
  it('an unknown environment name in ENVIRONMENTS', () => {
    let error: unknown;
    try {
      loadEnvironments(environments, 'dev,staging');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /ENVIRONMENTS = "dev,staging": names unknown environment "staging"\. Fix: use "dev", "prod"/,
    );
  });

  it('an environment name that cannot be part of stack names', () => {
    expect(() => resolveEnvironment('Dev-1', environments.dev)).toThrow(
      /name = "Dev-1": must be 2 to 10 lowercase letters and digits/,
    );
  });
});

describe('region and availability zones', () => {
  it('an unknown region, with a suggestion', () => {
    expectRefused({ region: 'ap-northeast2' }, 'region', /did you mean "ap-northeast-2"/);
  });

  it.each([[['ap-northeast-2a']], [['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c']]])(
    '%j: not exactly 2 AZs',
    (zones) => {
      expectRefused({ availabilityZones: zones }, 'availabilityZones', /exactly 2 availability zones/);
    },
  );

  it('the same AZ twice', () => {
    expectRefused({ availabilityZones: ['ap-northeast-2a', 'ap-northeast-2a'] }, 'availabilityZones', /same AZ twice/);
  });

  it('an AZ of another region', () => {
    expectRefused(
      { availabilityZones: ['ap-northeast-2a', 'ap-northeast-1c'] },
      'availabilityZones.1',
      /not an availability zone of region ap-northeast-2/,
    );
  });

  it('another region without its own AZs, with two of its real ones as the example', () => {
    expectRefused(
      { region: 'eu-west-1', availabilityZones: undefined },
      'availabilityZones',
      /name two AZs of eu-west-1, e\.g\. \["eu-west-1a", "eu-west-1b"\]/,
    );
  });

  it("an AZ that has the form of one but does not exist, with the region's real AZs as the fix", () => {
    expectRefused(
      { availabilityZones: ['ap-northeast-2a', 'ap-northeast-2e'] },
      'availabilityZones.1',
      /not an availability zone of region ap-northeast-2\. Fix: use one of "ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"/,
    );
    expectRefused(
      { region: 'us-west-1', availabilityZones: ['us-west-1d', 'us-west-1b'] },
      'availabilityZones.0',
      /use one of "us-west-1a", "us-west-1b", "us-west-1c"/,
    );
  });

  it.each([
    ['ap-northeast-2', ['ap-northeast-2b', 'ap-northeast-2d']],
    ['us-east-1', ['us-east-1a', 'us-east-1f']],
    // Not in moto's list, but a name EC2 gives some accounts (see AVAILABILITY_ZONES).
    ['us-west-1', ['us-west-1b', 'us-west-1c']],
    // No zone data: checked by form only.
    ['eu-central-1', ['eu-central-1a', 'eu-central-1b']],
  ])('accepts real AZs of %s: %j', (region, availabilityZones) => {
    expect(resolveOk({ region, availabilityZones }).context.availabilityZones).toEqual(availabilityZones);
  });

  it('checks a region without zone data by form: the region and one letter', () => {
    expectRefused(
      { region: 'eu-central-1', availabilityZones: ['eu-central-1a', 'eu-central-1-b'] },
      'availabilityZones.1',
      /Fix: use "eu-central-1" followed by the zone letter/,
    );
  });

  it('has zone data only for known regions, each zone the region and one letter', () => {
    const regions = Object.entries(AVAILABILITY_ZONES);
    expect(regions.length).toBeGreaterThan(0);
    for (const [region, zones] of regions) {
      expect(KNOWN_REGIONS).toContain(region);
      expect([region, zones.length]).not.toEqual([region, 0]);
      for (const zone of zones) expect(zone).toMatch(new RegExp(`^${region}[a-z]$`));
    }
  });

  it('suggests a pair built from the valid AZs the user wrote', () => {
    expectRefused(
      { availabilityZones: ['ap-northeast-2b', 'ap-northeast-2d', 'ap-northeast-2a'] },
      'availabilityZones',
      /e\.g\. \["ap-northeast-2b", "ap-northeast-2d"\]/,
    );
    expectRefused(
      { availabilityZones: ['ap-northeast-2c', 'ap-northeast-2c'] },
      'availabilityZones',
      /e\.g\. \["ap-northeast-2c", "ap-northeast-2a"\]/,
    );
  });
});

describe('tags and lifecycle', () => {
  it('a tag that would replace one the project sets', () => {
    expectRefused({ tags: { Environment: 'x' } }, 'tags.Environment', /set by the project/);
  });

  it('an unknown lifecycle', () => {
    expectRefused({ lifecycle: 'retired' }, 'lifecycle', /unknown value\. Fix: use one of "active", "decommissioning"/);
  });
});

describe('account-level resources shared between environments', () => {
  it('accepts a development environment that shares the account of another development one', () => {
    const shared = {
      dev: environments.dev,
      sandbox: settingsWith(
        {
          accountResources: AccountResources.SHARED,
          network: { vpcCidr: '10.30.0.0/16' },
          backend: { bucket: 'devloop-tfstate-sandbox-apne2' },
        },
        environments.dev,
      ),
    };
    expect(loadEnvironments(shared).map((c) => c.context.accountResources)).toEqual([
      AccountResources.CREATE,
      AccountResources.SHARED,
    ]);
  });

  it("refuses production in one account with another environment: the other's deploy role could change it", () => {
    const shared = {
      ...environments,
      dev: settingsWith({ accountResources: AccountResources.SHARED }, environments.dev),
    };
    expect(() => loadEnvironments(shared)).toThrow(
      /accountResources = "shared": puts production environment "prod" in one account with "dev": each deploy role may change .* not scoped by an environment tag.* Fix: give production an AWS account of its own/,
    );
  });

  it('refuses sharing when no environment of the project and region creates them', () => {
    const both = {
      dev: settingsWith({ accountResources: AccountResources.SHARED }, environments.dev),
      prod: settingsWith({ accountResources: AccountResources.SHARED }, environments.prod),
    };
    expect(() => loadEnvironments(both)).toThrow(
      /accountResources = "shared": no other environment of project "devloop" in ap-northeast-2 creates .* Fix:/,
    );
  });
});
