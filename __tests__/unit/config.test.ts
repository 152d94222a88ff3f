// The configuration layer: defaults, computed subnets, and a clear error for every kind of bad value.
import { AVAILABILITY_ZONES, KNOWN_REGIONS } from '../../src/config/aws-regions';
import { ConfigError } from '../../src/config/errors';
import { environments } from '../../src/config/environments';
import { loadEnvironments, resolveEnvironment } from '../../src/config/resolve';
import {
  AccessMode,
  AccountResources,
  DatabaseEngine,
  DatabaseProtection,
  EnvironmentKind,
  EnvironmentLifecycle,
  NatGateways,
  ScalingMetric,
} from '../../src/config/settings';
import { expectRefused, problemsOf, resolveOk, settingsWith } from '../helpers/config';

const prod = environments.prod;

describe('the shipped environments', () => {
  it('resolve without errors', () => {
    const configs = loadEnvironments(environments);
    expect(configs.map((c) => c.context.name)).toEqual(['dev', 'prod']);
  });

  it('differ as the architecture table says: NAT, database protection, HTTPS', () => {
    const [dev, production] = loadEnvironments(environments);
    expect(dev.network.natGateways).toBe(NatGateways.SINGLE);
    expect(production.network.natGateways).toBe(NatGateways.ONE_PER_AZ);
    expect([dev.database.multiAz, dev.database.protection]).toEqual([false, DatabaseProtection.DISPOSABLE]);
    expect([production.database.multiAz, production.database.protection]).toEqual([true, DatabaseProtection.PROTECTED]);
    expect(dev.app.listener.protocol).toBe('HTTP');
    expect(production.app.listener.protocol).toBe('HTTPS');
  });

  it('warn about every example value still in place', () => {
    const [dev] = loadEnvironments(environments, 'dev');
    expect(dev.warnings.map((w) => w.setting).sort()).toEqual([
      'access.adminCidrs.0',
      'access.sshKey.publicKey',
      'app.image',
      'backend.breakGlassRoleArn',
      'ci.repository',
    ]);
  });
});

describe('defaults', () => {
  const minimal = {
    project: 'shop',
    backend: { bucket: 'shop-tfstate-test', breakGlassRoleArn: 'arn:aws:iam::111122223333:role/shop-break-glass' },
    access: environments.dev.access,
    app: { image: '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/shop:1.2.3' },
    ci: { repository: 'acme/shop-infrastructure' },
  };

  it('are the safe ones: production kind, Seoul, 2a/2c, 10.0.0.0/16 in /24s, NAT per AZ', () => {
    const certificateArn = 'arn:aws:acm:ap-northeast-2:111122223333:certificate/a94ba420-9c6e-4576-a130-00d6c1b8fe8a';
    const config = resolveEnvironment('test', { ...minimal, app: { ...minimal.app, certificateArn } });
    expect(config.context.kind).toBe(EnvironmentKind.PRODUCTION);
    expect(config.context.region).toBe('ap-northeast-2');
    expect(config.context.availabilityZones).toEqual(['ap-northeast-2a', 'ap-northeast-2c']);
    expect(config.network.vpcCidr).toBe('10.0.0.0/16');
    expect(config.network.publicSubnets.map((s) => s.cidr)).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
    expect(config.network.privateSubnets.map((s) => s.cidr)).toEqual(['10.0.2.0/24', '10.0.3.0/24']);
    expect(config.network.natGateways).toBe(NatGateways.ONE_PER_AZ);
    expect(config.network.mapPublicIpOnLaunch).toBe(false);
    expect(config.context.backend).toEqual({
      bucket: 'shop-tfstate-test',
      region: 'ap-northeast-2',
      keyPrefix: 'test',
      noncurrentVersionRetentionDays: 90,
      stateStackInBucket: false,
      breakGlassRoleArn: 'arn:aws:iam::111122223333:role/shop-break-glass',
    });
    // Production's edge and egress: a web ACL, interface endpoints, no internet egress; a bastion, no app key.
    expect([config.app.webAcl, config.network.interfaceEndpoints, config.app.internetEgress]).toEqual([
      true,
      true,
      false,
    ]);
    expect([config.access.mode, config.app.sshKey, config.context.accountResources]).toEqual([
      AccessMode.BASTION,
      undefined,
      AccountResources.CREATE,
    ]);
    expect(config.ci).toEqual({
      repository: 'acme/shop-infrastructure',
      branch: 'main',
      workflowPath: '.github/workflows/infrastructure.yml',
    });
  });

  it('leave development without a web ACL or interface endpoints: its instances go out to the internet on 443', () => {
    const config = resolveEnvironment('test', { ...minimal, kind: EnvironmentKind.DEVELOPMENT });
    expect([config.app.webAcl, config.network.interfaceEndpoints, config.app.internetEgress]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('follow the kind: development gets one NAT gateway and a disposable single-AZ database', () => {
    const config = resolveEnvironment('test', { ...minimal, kind: EnvironmentKind.DEVELOPMENT });
    expect(config.network.natGateways).toBe(NatGateways.SINGLE);
    expect(config.database.multiAz).toBe(false);
    expect(config.database.protection).toBe(DatabaseProtection.DISPOSABLE);
    expect(config.network.flowLogRetentionDays).toBe(30);
  });

  it('decide by kind and lifecycle what no setting names: log retention, deletion protection, log bucket deletion', () => {
    const certificateArn = 'arn:aws:acm:ap-northeast-2:111122223333:certificate/a94ba420-9c6e-4576-a130-00d6c1b8fe8a';
    const production = { ...minimal, app: { ...minimal.app, certificateArn } };
    const decided = (settings: Parameters<typeof resolveEnvironment>[1]) => {
      const config = resolveEnvironment('test', settings);
      return {
        appLogs: config.app.logRetentionDays,
        databaseLogs: config.database.logRetentionDays,
        loadBalancer: config.app.deletionProtection,
        database: config.database.deletionProtection,
        logBucketForceDestroy: config.app.accessLogBucketForceDestroy,
      };
    };
    expect(decided(production)).toEqual({
      appLogs: 365,
      databaseLogs: 365,
      loadBalancer: { enabled: true },
      database: true,
      logBucketForceDestroy: false,
    });
    expect(decided({ ...minimal, kind: EnvironmentKind.DEVELOPMENT })).toEqual({
      appLogs: 30,
      databaseLogs: 30,
      loadBalancer: { enabled: false, because: EnvironmentKind.DEVELOPMENT },
      database: false,
      logBucketForceDestroy: false,
    });
    // Decommissioning lifts the protections, and only those: the logs keep their retention.
    expect(decided({ ...production, lifecycle: EnvironmentLifecycle.DECOMMISSIONING })).toEqual({
      appLogs: 365,
      databaseLogs: 365,
      loadBalancer: { enabled: false, because: EnvironmentLifecycle.DECOMMISSIONING },
      database: false,
      logBucketForceDestroy: true,
    });
    // The database's logs follow its protection, not the kind: a protected development database keeps a year.
    const protectedDev = {
      ...minimal,
      kind: EnvironmentKind.DEVELOPMENT,
      database: { protection: DatabaseProtection.PROTECTED },
    };
    expect([decided(protectedDev).databaseLogs, decided(protectedDev).database]).toEqual([365, true]);
  });

  it('pick the engine defaults: MySQL 8.4 on 3306, PostgreSQL 16 on 5432', () => {
    const mysql = resolveEnvironment('test', { ...minimal, kind: EnvironmentKind.DEVELOPMENT });
    expect([
      mysql.database.engine,
      mysql.database.engineVersion,
      mysql.database.port,
      mysql.database.parameterGroupFamily,
    ]).toEqual([DatabaseEngine.MYSQL, '8.4', 3306, 'mysql8.4']);
    const postgres = resolveEnvironment('test', {
      ...minimal,
      kind: EnvironmentKind.DEVELOPMENT,
      database: { engine: DatabaseEngine.POSTGRES },
    });
    expect([postgres.database.engineVersion, postgres.database.port, postgres.database.parameterGroupFamily]).toEqual([
      '16',
      5432,
      'postgres16',
    ]);
  });

  it('give the app 4 GiB (t3.medium), port 8080 and the Actuator health check', () => {
    const config = resolveEnvironment('test', { ...minimal, kind: EnvironmentKind.DEVELOPMENT });
    expect([config.app.instanceType, config.app.port, config.app.healthCheckPath]).toEqual([
      't3.medium',
      8080,
      '/actuator/health/liveness',
    ]);
    expect(config.app.capacity).toEqual({ min: 2, desired: 2, max: 4 });
  });
});

describe('subnet CIDRs are computed from the VPC CIDR', () => {
  it('as the first four blocks of the subnet size', () => {
    const config = resolveOk({ network: { vpcCidr: '172.16.0.0/20', subnetPrefixLength: 22 } });
    expect([...config.network.publicSubnets, ...config.network.privateSubnets].map((s) => s.cidr)).toEqual([
      '172.16.0.0/22',
      '172.16.4.0/22',
      '172.16.8.0/22',
      '172.16.12.0/22',
    ]);
  });

  it('shrinking the default size for a VPC smaller than /22', () => {
    const config = resolveOk({ network: { vpcCidr: '192.168.10.0/24' } });
    expect(config.network.privateSubnets[1].cidr).toBe('192.168.10.192/26');
  });

  it('or taken as given, each in its AZ', () => {
    const config = resolveOk({
      network: {
        subnetCidrs: { public: ['10.10.100.0/24', '10.10.101.0/24'], private: ['10.10.0.0/20', '10.10.16.0/20'] },
      },
    });
    expect(config.network.privateSubnets).toEqual([
      { availabilityZone: 'ap-northeast-2a', zoneSuffix: 'A', cidr: '10.10.0.0/20' },
      { availabilityZone: 'ap-northeast-2c', zoneSuffix: 'B', cidr: '10.10.16.0/20' },
    ]);
  });
});

describe('bad input is refused before any stack is built, naming the setting, the value and the fix', () => {
  describe('network', () => {
    it.each([
      ['10.0.0.0/33', /not a valid IPv4 CIDR/],
      ['10.0.0.0', /no "\/prefix"/],
      ['10.0.0/16', /not a valid IPv4 CIDR/],
      ['banana', /no "\/prefix"/],
      ['10.0.0.1/16', /host bits set.*"10\.0\.0\.0\/16"/],
      ['10.0.0.0/8', /\/16 to \/28/],
      ['fd00::/48', /IPv6 block where an IPv4 block is needed/],
    ])('a malformed VPC CIDR %s', (vpcCidr, message) => {
      expectRefused({ network: { vpcCidr } }, 'network.vpcCidr', message);
    });

    it.each([
      ['10.10.0/16', '10.10.0.0/16'],
      ['172.16/20', '172.16.0.0/20'],
      ['10.20.0.0', '10.20.0.0/16'],
      ['010.1.0.0/16', '10.1.0.0/16'],
      ['10.30.0.0/33', '10.30.0.0/16'],
    ])('a malformed VPC CIDR %s, with the repair it most likely needs (%s)', (vpcCidr, repaired) => {
      expectRefused(
        { network: { vpcCidr } },
        'network.vpcCidr',
        new RegExp(`Fix: write it as "${repaired.replace(/\./g, '\\.')}"`),
      );
    });

    it('a VPC CIDR beyond repair, with an example', () => {
      expectRefused({ network: { vpcCidr: '10.0.300.0/16' } }, 'network.vpcCidr', /Fix: write it as 10\.0\.0\.0\/16\./);
    });

    it('overlapping subnets', () => {
      expectRefused(
        {
          network: {
            subnetCidrs: { public: ['10.10.0.0/24', '10.10.1.0/24'], private: ['10.10.0.128/25', '10.10.3.0/24'] },
          },
        },
        'network.subnetCidrs.private.0',
        /overlaps network\.subnetCidrs\.public\.0 \(10\.10\.0\.0\/24\)/,
      );
    });

    it('a subnet outside the VPC', () => {
      expectRefused(
        {
          network: {
            subnetCidrs: { public: ['10.10.0.0/24', '10.99.1.0/24'], private: ['10.10.2.0/24', '10.10.3.0/24'] },
          },
        },
        'network.subnetCidrs.public.1',
        /outside the VPC 10\.10\.0\.0\/16/,
      );
    });

    it.each([
      ['10.0.0.0/27', '10.0.0.0/26'],
      ['10.0.0.32/27', '10.0.0.0/26'],
      ['192.168.5.16/28', '192.168.5.0/26'],
    ])(
      'a VPC %s too small for four subnets: the VPC is blamed, not the subnet size the user never set',
      (vpcCidr, larger) => {
        const problems = problemsOf({ network: { vpcCidr } });
        expect(problems.map((p) => p.setting)).toEqual(['network.vpcCidr']);
        expectRefused(
          { network: { vpcCidr } },
          'network.vpcCidr',
          new RegExp(
            `four subnets .* at least a /28 each.*must be a /26 or larger\\. Fix: use "${larger.replace(/\./g, '\\.')}"`,
          ),
        );
      },
    );

    it('a subnet size that does not fit four subnets', () => {
      expectRefused(
        { network: { vpcCidr: '10.0.0.0/24', subnetPrefixLength: 25 } },
        'network.subnetPrefixLength',
        /do not fit.*between 26 and 28/,
      );
    });

    it('an unknown NAT mode', () => {
      expectRefused({ network: { natGateways: 'two' } }, 'network.natGateways', /one of "single", "one-per-az"/);
    });

    it('a flow log retention CloudWatch does not accept', () => {
      expectRefused({ network: { flowLogRetentionDays: 45 } }, 'network.flowLogRetentionDays', /30, 60/);
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
      expectRefused(
        { availabilityZones: ['ap-northeast-2a', 'ap-northeast-2a'] },
        'availabilityZones',
        /same AZ twice/,
      );
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
      for (const [region, zones] of Object.entries(AVAILABILITY_ZONES)) {
        expect(KNOWN_REGIONS).toContain(region);
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

  describe('environment, tags and backend', () => {
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

    it.each([[''], ['   ']])('an empty state bucket name %j', (bucket) => {
      expectRefused({ backend: { bucket } }, 'backend.bucket', /must not be empty/);
    });

    it('a bucket name S3 refuses', () => {
      expectRefused({ backend: { bucket: 'My_Bucket' } }, 'backend.bucket', /lowercase letters, digits/);
    });

    it('two environments sharing one state bucket', () => {
      const shared = {
        ...environments,
        prod: settingsWith({ backend: { bucket: environments.dev.backend.bucket } }, prod),
      };
      expect(() => loadEnvironments(shared)).toThrow(
        /backend\.bucket = "devloop-tfstate-dev-apne2": is also the state bucket of environment "dev"/,
      );
    });

    it('a tag that would replace one the project sets', () => {
      expectRefused({ tags: { Environment: 'x' } }, 'tags.Environment', /set by the project/);
    });

    it('an unknown setting (a typo)', () => {
      expectRefused({ network: { vpcCIDR: '10.0.0.0/16' } }, 'network.vpcCIDR', /unknown setting/);
    });

    it.each([
      [
        { project: undefined },
        'project',
        /required: the short name that starts every resource name\. Fix: add project: "<name>"/,
      ],
      [
        { backend: undefined },
        'backend',
        /required: where the state lives\. Fix: add backend: \{ bucket: "devloop-tfstate-dev-<account id>" \}/,
      ],
      [
        { backend: { bucket: undefined } },
        'backend.bucket',
        /required: the S3 bucket that holds the state \(the dev-state stack creates it\)\. Fix: add bucket: "devloop-tfstate-dev-<account id>"/,
      ],
      [
        { access: undefined },
        'access',
        /required: who may SSH to the bastion, and with which key\. Fix: add access: \{ adminCidrs: \[.*\], sshKey: \{ publicKey: .* \} \}/,
      ],
      [
        { access: { adminCidrs: undefined } },
        'access.adminCidrs',
        /required with access\.mode BASTION \(the default\): the addresses that may SSH to the bastion\. Fix: add adminCidrs: \["<your public IPv4 address>\/32"\].*or set mode: AccessMode\.SESSION_MANAGER_ONLY/,
      ],
      [
        { access: { sshKey: undefined } },
        'access.sshKey',
        /required with access\.mode BASTION .*: the key the bastion accepts\. Fix: add sshKey: \{ publicKey: .* \}, or sshKey: \{ existingKeyPairName: .* \}/,
      ],
      [
        { backend: { breakGlassRoleArn: undefined } },
        'backend.breakGlassRoleArn',
        /required: the one role that may delete state versions .* Fix: add breakGlassRoleArn: "arn:aws:iam::<account id>:role\//,
      ],
      [
        { ci: undefined },
        'ci',
        /required: the GitHub repository whose workflow plans and deploys this environment\. Fix: add ci: \{ repository: "<owner>\/<name>" \}/,
      ],
      [
        { ci: { repository: undefined } },
        'ci.repository',
        /required: the GitHub repository .* Fix: add repository: "<owner>\/<name>"/,
      ],
      [
        { app: undefined },
        'app',
        /required: the application the load balancer serves\. Fix: add app: \{ image: "<account id>\.dkr\.ecr\.ap-northeast-2\.amazonaws\.com\/<repository>:<tag>" \}/,
      ],
      [
        { app: { image: undefined } },
        'app.image',
        /required: the container image the app instances run\. Fix: add image: ".*", pinned/,
      ],
    ])('a missing required setting %j, with what it is for and an example', (patch, setting, message) => {
      expectRefused(patch, setting, message);
    });

    it('a missing section reads as its own line: not set, what it is for, what to add', () => {
      expect(() => resolveEnvironment('dev', settingsWith({ backend: undefined }))).toThrow(
        'backend = (not set): required: where the state lives. Fix: add backend: { bucket: "devloop-tfstate-dev-<account id>" }.',
      );
    });

    it("the example image of a missing app section is in the environment's region", () => {
      expectRefused(
        { region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'], app: undefined },
        'app',
        /\.dkr\.ecr\.eu-west-1\.amazonaws\.com/,
      );
    });

    it('a value of the wrong type', () => {
      expectRefused({ app: { port: '8080' } }, 'app.port', /must be a number/);
    });

    it('an unknown lifecycle', () => {
      expectRefused(
        { lifecycle: 'retired' },
        'lifecycle',
        /unknown value\. Fix: use one of "active", "decommissioning"/,
      );
    });
  });

  describe('machine image', () => {
    it('an Amazon Linux release not written as in the AMI names', () => {
      expectRefused(
        { machineImage: { amazonLinuxRelease: '2023.11' } },
        'machineImage.amazonLinuxRelease',
        /not an Amazon Linux 2023 release\. Fix: .*"2023\.11\.20260427\.1"/,
      );
    });

    it('an AMI ID that is not one', () => {
      expectRefused({ machineImage: { amiId: 'al2023' } }, 'machineImage.amiId', /not an AMI ID\. Fix:/);
    });

    it('two ways of choosing the image at once', () => {
      expectRefused(
        { machineImage: { amiId: 'ami-0123456789abcdef0', latestAmazonLinux: true } },
        'machineImage',
        /must be \{ amazonLinuxRelease/,
      );
    });

    it('defaults to the pinned release, and takes the newest or an AMI of your own when asked', () => {
      expect(resolveOk().context.machineImage).toEqual({ kind: 'amazon-linux-release', release: '2023.11.20260427.1' });
      expect(resolveOk({ machineImage: { latestAmazonLinux: true } }).context.machineImage).toEqual({
        kind: 'latest-amazon-linux',
      });
      expect(resolveOk({ machineImage: { amiId: 'ami-0123456789abcdef0' } }).context.machineImage).toEqual({
        kind: 'ami',
        amiId: 'ami-0123456789abcdef0',
      });
    });
  });

  describe('bastion access', () => {
    it('a missing admin CIDR list', () => {
      expectRefused({ access: { adminCidrs: undefined } }, 'access.adminCidrs', /required/);
    });

    it('an empty admin CIDR list', () => {
      expectRefused({ access: { adminCidrs: [] } }, 'access.adminCidrs', /at least one administrator CIDR/);
    });

    it.each([['0.0.0.0/0'], ['::/0']])('%s', (cidr) => {
      expectRefused({ access: { adminCidrs: ['203.0.113.7/32', cidr] } }, 'access.adminCidrs.1', /whole internet/);
    });

    it('a malformed admin CIDR', () => {
      expectRefused(
        { access: { adminCidrs: ['203.0.113.300/32'] } },
        'access.adminCidrs.0',
        /not a valid IPv4 CIDR.*Fix: write it as a\.b\.c\.d\/32/,
      );
    });

    it('an admin address without a prefix, with the /32 it most likely means', () => {
      expectRefused(
        { access: { adminCidrs: ['203.0.113.7'] } },
        'access.adminCidrs.0',
        /no "\/prefix"\)\. Fix: write it as "203\.0\.113\.7\/32"/,
      );
    });

    it.each([
      ['0.0.0.0/1', '2,147,483,648'],
      ['10.0.0.0/8', '16,777,216'],
      ['198.50.0.0/15', '131,072'],
      ['198.51.0.0/15', '131,072'],
    ])('an admin block broader than /16: %s', (cidr, addresses) => {
      expectRefused(
        { access: { adminCidrs: [cidr] } },
        'access.adminCidrs.0',
        new RegExp(
          `to ${addresses} addresses.*at most a /16\\. Fix: use your own public IPv4 address as "a\\.b\\.c\\.d/32"`,
        ),
      );
    });

    it('accepts an admin block of /16 and narrower', () => {
      expect(
        resolveOk({ access: { adminCidrs: ['198.51.0.0/16', '203.0.113.7/32'] } }).access.bastion?.adminIpv4Cidrs,
      ).toEqual(['198.51.0.0/16', '203.0.113.7/32']);
    });

    it.each([['2001:db8::/64'], ['2001:db8:1234::/48'], ['2001:db8::/32']])(
      'an IPv6 admin block %s: the VPC has no IPv6',
      (cidr) => {
        expectRefused(
          { access: { adminCidrs: ['203.0.113.7/32', cidr] } },
          'access.adminCidrs.1',
          /IPv6 block, but the VPC has no IPv6.*Fix: use your own public IPv4 address as "a\.b\.c\.d\/32"/,
        );
      },
    );

    it.each([
      ['ssh-ed25519 AAAAnotakey me@laptop', /not an OpenSSH public key/],
      [
        '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----',
        /PRIVATE key/,
      ],
      ['', /not an OpenSSH public key/],
    ])('a malformed public key %#', (publicKey, message) => {
      expectRefused({ access: { sshKey: { publicKey } } }, 'access.sshKey.publicKey', message);
    });

    it.each([
      [
        'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKuOX+4qmINSDPnbRWeyXt7WmSmUvLhhTCeOoKH3rr3Zv/sB74U5TLeRrKO0t4Z+im2JtFARVzK9vJGHzkOAmU0= me@laptop',
        'ecdsa-sha2-nistp256',
      ],
      [
        'ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBItbUuhNe6KEguTVXOeWGO4K5HwuPhkXixKoS+VaScGDQl3x28sy0zWb1tAbEox/Y2O3n9/XQiakgIsJCUOvgWLJZenEX0sunD6IPKcxICH5n2riAhd31hvSj7zq/B7IeQ== me@laptop',
        'ecdsa-sha2-nistp384',
      ],
    ])('an ECDSA key, which EC2 does not import (%#)', (publicKey, algorithm) => {
      expectRefused(
        { access: { sshKey: { publicKey } } },
        'access.sshKey.publicKey',
        new RegExp(
          `is an ECDSA key \\(${algorithm}\\), which EC2 does not import: it takes ED25519 and RSA keys only\\. Fix: make an ED25519 key \\(\`ssh-keygen -t ed25519\`\\)`,
        ),
      );
    });

    it('an RSA key under 2048 bits', () => {
      const rsa1024 =
        'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDbXqhUoj5mIq8TD1yrX+H0c2N1NowjbX7Hzn1eFsE8KWYgCnZVmQHcsbZ+Dz2tpEGKh/1DpKdb9l8fRiSLtv4R6RRu7mNnm3bkUoZCw+3l7nm0yP3xSHHrsXPyK9Vtl2p2DGwDcdOudSrmbo1G8Yc+XJ7hAdKfI/ZM0sUqeFB/2Q== weak';
      expectRefused({ access: { sshKey: { publicKey: rsa1024 } } }, 'access.sshKey.publicKey', /1024 bits, too weak/);
    });
  });

  describe("access mode and the app instances' key", () => {
    const withoutBastion = {
      access: { mode: AccessMode.SESSION_MANAGER_ONLY, adminCidrs: undefined, sshKey: undefined },
    };

    it('accepts Session Manager only, without admin CIDRs or a key', () => {
      const config = resolveOk(withoutBastion);
      expect(config.access).toEqual({ mode: AccessMode.SESSION_MANAGER_ONLY });
    });

    it.each([
      ['adminCidrs', { adminCidrs: ['203.0.113.10/32'] }],
      ['sshKey', { sshKey: environments.dev.access.sshKey }],
      ['instanceType', { instanceType: 't3.micro' }],
    ])('a bastion setting (%s) without a bastion', (setting, extra) => {
      expectRefused(
        { access: { ...withoutBastion.access, ...extra } },
        `access.${setting}`,
        new RegExp(
          `there is no bastion with access\\.mode SESSION_MANAGER_ONLY.*Fix: remove ${setting}, or set mode: AccessMode\\.BASTION`,
        ),
      );
    });

    it('an empty list of admin CIDRs with a bastion', () => {
      expectRefused({ access: { adminCidrs: [] } }, 'access.adminCidrs', /must list at least one administrator CIDR/);
    });

    it("takes a key of the app instances' own, checked as the bastion's is", () => {
      const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHbOAj+6vXY8bXiNyoaQAHKhCLA8NM5T9ZR2C1mmK0QH app@example';
      expect(resolveOk({ app: { sshKey: { publicKey: key } } }).app.sshKey).toEqual({
        kind: 'public-key',
        publicKey: key,
      });
      expect(resolveOk().app.sshKey).toBeUndefined();
      expectRefused(
        { app: { sshKey: { publicKey: 'ssh-rsa AAAA' } } },
        'app.sshKey.publicKey',
        /is not an OpenSSH public key/,
      );
    });

    it('an app key with no bastion to reach the app instances through', () => {
      expectRefused(
        { ...withoutBastion, app: { sshKey: { existingKeyPairName: 'app-ops' } } },
        'app.sshKey',
        /no SSH reaches the app instances with access\.mode SESSION_MANAGER_ONLY.*Fix: remove app\.sshKey/,
      );
    });
  });

  describe('egress: VPC endpoints and the internet', () => {
    it('no endpoints and no internet: nothing could reach ECR or Secrets Manager', () => {
      expectRefused(
        { app: { internetEgress: false } },
        'app.internetEgress',
        /the internet is the app instances' only way .* Fix: remove internetEgress .*or set network\.interfaceEndpoints: true/,
      );
    });

    it('endpoints, and an image outside ECR without internet egress', () => {
      expectRefused(
        { network: { interfaceEndpoints: true }, app: { image: 'ghcr.io/acme/api:1.0.0' } },
        'app.image',
        /is outside Amazon ECR, and with network\.interfaceEndpoints on .* Fix: push the image to ECR in ap-northeast-2, or set app\.internetEgress: true/,
      );
    });

    it("endpoints, and an image in another region's ECR, which they do not serve", () => {
      expectRefused(
        {
          network: { interfaceEndpoints: true },
          app: { image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/api:1.0.0' },
        },
        'app.image',
        /is in Amazon ECR of us-east-1, which the endpoints of ap-northeast-2 do not serve/,
      );
    });

    it('accepts an outside registry with internet egress set explicitly, and endpoints besides', () => {
      const config = resolveOk({
        network: { interfaceEndpoints: true },
        app: { image: 'ghcr.io/acme/api:1.0.0', internetEgress: true },
      });
      expect([config.network.interfaceEndpoints, config.app.internetEgress]).toEqual([true, true]);
    });
  });

  describe('CI repository and branch', () => {
    it.each([
      ['acme/*', /is a pattern: the roles would trust every repository it matches/],
      ['acme', /must be "owner\/name", one slash/],
      ['-acme/infra', /the owner "-acme" is not a GitHub user or organization name/],
      ['acme/in fra', /the name "in fra" is not a GitHub repository name/],
      ['acme/infra.git', /the name "infra\.git" is not a GitHub repository name/],
    ])('a repository %s', (repository, message) => {
      expectRefused({ ci: { repository } }, 'ci.repository', message);
    });

    it.each([
      ['refs/heads/main', /is a full ref; the setting takes the branch name\. Fix: write "main"/],
      ['release/*', /is a pattern: every branch it matches could deploy/],
      ['main..x', /is not a git branch name/],
      ['feature.lock', /is not a git branch name/],
      ['with space', /is not a git branch name/],
    ])('a branch %s', (branch, message) => {
      expectRefused({ ci: { repository: 'acme/infra', branch } }, 'ci.branch', message);
    });

    it('accepts a branch with slashes, and defaults to main', () => {
      expect(resolveOk({ ci: { repository: 'acme/infra', branch: 'release/prod' } }).ci.branch).toBe('release/prod');
      expect(resolveOk({ ci: { repository: 'acme/infra' } }).ci.branch).toBe('main');
    });
  });

  describe('the break-glass role of the state bucket', () => {
    it.each([
      ['arn:aws:iam::111122223333:role/*', /is a pattern: every role it matches could delete state versions/],
      ['state-admin', /is not an IAM role ARN/],
      ['arn:aws:iam::111122223333:user/alice', /is not an IAM role ARN/],
      [
        'arn:aws:iam::111122223333:role/devloop-dev-ci-deploy',
        /is one of the roles CI assumes \(devloop-dev-ci-plan, devloop-dev-ci-deploy\)/,
      ],
    ])('%s', (arn, message) => {
      expectRefused({ backend: { breakGlassRoleArn: arn } }, 'backend.breakGlassRoleArn', message);
    });

    it('accepts a role with a path, as SSO roles have', () => {
      const arn =
        'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/ap-northeast-2/AWSReservedSSO_StateBreakGlass_0123456789abcdef';
      expect(resolveOk({ backend: { breakGlassRoleArn: arn } }).context.backend.breakGlassRoleArn).toBe(arn);
    });
  });

  describe('account-level resources shared between environments', () => {
    it('accepts an environment that shares the account of one that creates them', () => {
      const shared = {
        ...environments,
        dev: settingsWith({ accountResources: AccountResources.SHARED }, environments.dev),
      };
      expect(loadEnvironments(shared).map((c) => c.context.accountResources)).toEqual([
        AccountResources.SHARED,
        AccountResources.CREATE,
      ]);
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

  describe('application and database', () => {
    it.each([[0], [65536], [-1]])('an app port of %d', (port) => {
      expectRefused({ app: { port } }, 'app.port', /must be (at least 1|at most 65535)/);
    });

    it('an app port that is the SSH port, which sshd holds on the instances', () => {
      expectRefused({ app: { port: 22 } }, 'app.port', /is the SSH port.*Fix: use another port, e\.g\. 8080/);
    });

    it.each([
      [DatabaseEngine.MYSQL, 3306, /is the mysql default of database\.port: .*Fix: use another port, e\.g\. 8080/],
      [
        DatabaseEngine.POSTGRES,
        5432,
        /is the postgres default of database\.port: .*Fix: use another port, e\.g\. 8080/,
      ],
    ])('an app port that is the database port (%s, %d by default)', (engine, port, message) => {
      expectRefused({ app: { port }, database: { engine } }, 'app.port', message);
    });

    it('an app port that is a database port set by hand', () => {
      expectRefused(
        { app: { port: 5000 }, database: { port: 5000 } },
        'app.port',
        /is also database\.port: .*Fix: use another port, e\.g\. 8080/,
      );
      expectRefused(
        { app: { port: 8080 }, database: { port: 8080 } },
        'app.port',
        /Fix: use another port, e\.g\. 8081, or set database\.port back to 3306/,
      );
    });

    it('a database port on the default app port: the problem is on the setting the user wrote', () => {
      const problems = problemsOf({ database: { port: 8080 } });
      expect(problems.map((p) => p.setting)).toEqual(['database.port']);
      expectRefused(
        { database: { port: 8080 } },
        'database.port',
        /is also the app's port \(app\.port, default 8080\).*Fix: use another port, e\.g\. 3306/,
      );
    });

    it.each([[0], [70000]])('a database port of %d', (port) => {
      expectRefused({ database: { port } }, 'database.port', /must be (at least 1|at most 65535)/);
    });

    it('a database port RDS refuses', () => {
      expectRefused({ database: { port: 80 } }, 'database.port', /1150 to 65535/);
    });

    it.each([['actuator/health'], ['/with space'], ['']])('a health check path %j', (healthCheckPath) => {
      expectRefused({ app: { healthCheckPath } }, 'app.healthCheckPath', /starting with "\/"/);
    });

    it('an empty image', () => {
      expectRefused({ app: { image: '' } }, 'app.image', /must name the container image/);
    });

    it.each([['MyRegistry/App:1'], ['repo:tag with space'], ['repo@sha256:tooshort'], ['repo:']])(
      'a malformed image %j',
      (image) => {
        expectRefused({ app: { image } }, 'app.image', /not a container image reference/);
      },
    );

    it.each([
      [{ min: 1, desired: 5, max: 4 }, 'app.capacity.desired'],
      [{ min: 3, desired: 2, max: 4 }, 'app.capacity.desired'],
      [{ min: 5, desired: 5, max: 4 }, 'app.capacity.min'],
    ])('capacity %j', (capacity, setting) => {
      expectRefused({ app: { capacity } }, setting, /min <= desired <= max/);
    });

    it('an unknown database engine', () => {
      expectRefused({ database: { engine: 'oracle' } }, 'database.engine', /one of "mysql", "postgres"/);
    });

    it('an engine version without a parameter group family', () => {
      expectRefused({ database: { engineVersion: '5.7' } }, 'database.engineVersion', /"8\.0", "8\.4"/);
    });

    it('production without a certificate', () => {
      expectRefused({ app: { certificateArn: undefined } }, 'app.certificateArn', /production serves HTTPS only/, prod);
    });

    it('a certificate from another region', () => {
      expectRefused(
        {
          app: {
            certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/a94ba420-9c6e-4576-a130-00d6c1b8fe8a',
          },
        },
        'app.certificateArn',
        /only use a certificate from its own region/,
        prod,
      );
    });

    it('a TLS policy older than TLS 1.2', () => {
      expectRefused({ app: { sslPolicy: 'ELBSecurityPolicy-2016-08' } }, 'app.sslPolicy', /TLS 1\.2\+/, prod);
    });

    it('a disposable database in production', () => {
      expectRefused(
        { database: { protection: DatabaseProtection.DISPOSABLE } },
        'database.protection',
        /careless `cdktf destroy`/,
        prod,
      );
    });

    it.each([['1FOO'], ['MY-VAR'], ['']])(
      'a container variable name %j that is not one: the name is the value shown',
      (name) => {
        const problems = problemsOf({ app: { environment: { OK: 'fine', [name]: 'x' } } });
        expect(problems).toEqual([
          {
            setting: 'app.environment',
            value: name,
            message: 'is not a valid variable name. Fix: use letters, digits and "_", not starting with a digit.',
          },
        ]);
        expectRefused({ app: { environment: { [name]: 'x' } } }, 'app.environment', /not a valid variable name/);
        expect(() => resolveEnvironment('dev', settingsWith({ app: { environment: { [name]: 'x' } } }))).toThrow(
          `app.environment = ${JSON.stringify(name)}: is not a valid`,
        );
      },
    );

    it('a container variable that looks like a secret', () => {
      const problems = problemsOf({ app: { environment: { STRIPE_API_KEY: 'sk_live_x' } } });
      expect(problems[0].setting).toBe('app.environment.STRIPE_API_KEY');
      expect(problems[0].value).toBe('(hidden)');
      expect(problems[0].message).toMatch(/Secrets Manager/);
    });
  });

  it('reports every problem of an environment at once', () => {
    const problems = problemsOf({
      region: 'mars-1',
      app: { healthCheckPath: 'x' },
      network: { vpcCidr: '10.0.0.0/8' },
    });
    expect(problems.map((p) => p.setting)).toEqual(
      expect.arrayContaining(['region', 'app.healthCheckPath', 'network.vpcCidr']),
    );
  });
});

describe('soft problems are warnings, not errors', () => {
  it('a single NAT gateway or a single-AZ database in production', () => {
    const config = resolveOk(
      { network: { natGateways: NatGateways.SINGLE }, database: { multiAz: false } },
      prod,
      'prod',
    );
    expect(config.warnings.map((w) => w.setting)).toEqual(
      expect.arrayContaining(['network.natGateways', 'database.multiAz']),
    );
  });

  it('an app instance type with less than 4 GiB', () => {
    const config = resolveOk({ app: { instanceType: 't3.micro' } });
    expect(config.warnings.find((w) => w.setting === 'app.instanceType')?.message).toMatch(/1 GiB of memory/);
  });

  it('MySQL 8.0, past RDS standard support', () => {
    const config = resolveOk({ database: { engineVersion: '8.0' } });
    expect(config.warnings.find((w) => w.setting === 'database.engineVersion')?.message).toMatch(/Extended Support/);
  });
});

describe('scaling and monitoring', () => {
  it('default to scaling on CPU at 50 %, and thresholds documented in settings.ts', () => {
    const config = resolveOk({}, prod, 'prod');
    expect(config.app.scaling).toEqual({ metric: ScalingMetric.CPU, target: 50 });
    expect(config.monitoring).toEqual({
      alarmEmail: environments.prod.monitoring?.alarmEmail,
      http5xxRatePercent: 1,
      responseTimeP95Seconds: 1,
      databaseCpuPercent: 80,
      databaseFreeStorageGiB: 2,
      databaseFreeableMemoryMiB: 100,
      // 10 connections per instance at prod's max of 6, plus 10.
      databaseConnections: 70,
    });
  });

  it('default the request-count target to 1000 requests per instance per minute', () => {
    expect(resolveOk({ app: { scaling: { metric: ScalingMetric.REQUEST_COUNT_PER_TARGET } } }).app.scaling).toEqual({
      metric: ScalingMetric.REQUEST_COUNT_PER_TARGET,
      target: 1000,
    });
  });

  it.each([
    [ScalingMetric.CPU, 95, /outside 10 to 90 % CPU/],
    [ScalingMetric.CPU, 5, /outside 10 to 90 % CPU/],
    [ScalingMetric.REQUEST_COUNT_PER_TARGET, 0, /outside 1 to 100,000 requests per instance per minute/],
  ])('refuse a %s target of %d', (metric, target, message) => {
    expectRefused({ app: { scaling: { metric, target } } }, 'app.scaling.target', message);
  });

  it('refuse an unknown scaling metric', () => {
    expectRefused(
      { app: { scaling: { metric: 'memory' } } },
      'app.scaling.metric',
      /unknown value. Fix: use one of "cpu", "request-count-per-target"/,
    );
  });

  it.each([
    ['http5xxRatePercent', 0, /between 0\.01 and 100 % of requests/],
    ['http5xxRatePercent', 101, /between 0\.01 and 100 % of requests/],
    ['responseTimeP95Seconds', 0, /between 0\.01 and 600 seconds/],
    ['databaseCpuPercent', 120, /between 1 and 100 % CPU/],
    ['databaseFreeStorageGiB', 0, /between 1 and 65536 GiB/],
    ['databaseFreeableMemoryMiB', -5, /between 1 and 1048576 MiB/],
    ['databaseConnections', 0, /between 1 and 100000 connections/],
  ])('refuse a threshold %s of %d', (setting, value, message) => {
    expectRefused({ monitoring: { [setting]: value } }, `monitoring.${setting}`, message);
  });

  it.each([['not an address'], ['Ops <ops@acme.io>'], ['a@b']])('refuse an alarm email %j', (alarmEmail) => {
    expectRefused({ monitoring: { alarmEmail } }, 'monitoring.alarmEmail', /is not an email address/);
  });

  it('accept an alarm email, and warn about an example one', () => {
    expect(resolveOk({ monitoring: { alarmEmail: 'oncall@acme.io' } }).monitoring.alarmEmail).toBe('oncall@acme.io');
    const example = resolveOk({ monitoring: { alarmEmail: 'oncall@example.com' } });
    expect(example.warnings.find((w) => w.setting === 'monitoring.alarmEmail')?.message).toMatch(/example address/);
  });

  it('warn when production has no alarm email, and not in development', () => {
    const production = resolveOk({ monitoring: { alarmEmail: undefined } }, prod, 'prod');
    expect(production.monitoring.alarmEmail).toBeUndefined();
    expect(production.warnings.find((w) => w.setting === 'monitoring.alarmEmail')?.message).toMatch(
      /production has no alarm email: alarms change state, but nobody is told/,
    );
    expect(resolveOk({ monitoring: { alarmEmail: undefined } }).warnings.map((w) => w.setting)).not.toContain(
      'monitoring.alarmEmail',
    );
  });

  it('refuse an unknown monitoring setting', () => {
    expectRefused({ monitoring: { alarmEmails: ['a@acme.io'] } }, 'monitoring.alarmEmails', /unknown setting/);
  });

  it('refuse SPRING_CONFIG_IMPORT among the container variables: the credentials come from it', () => {
    expectRefused(
      { app: { environment: { SPRING_CONFIG_IMPORT: 'optional:file:/x' } } },
      'app.environment.SPRING_CONFIG_IMPORT',
      /is set by the instance/,
    );
  });
});

describe('images', () => {
  const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

  it('warn about a tag without a digest in production, where a pushed tag changes what new instances run', () => {
    const tagged = resolveOk(
      { app: { image: '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/api:1.4.2' } },
      prod,
      'prod',
    );
    expect(tagged.warnings.find((w) => w.setting === 'app.image')?.message).toMatch(
      /is a tag, which can be pushed again.*Pin the digest/,
    );
  });

  it('accept a digest, with or without its tag, silently in production; and a tag silently in development', () => {
    for (const image of [
      `111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/api@${digest}`,
      `111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/api:1.4.2@${digest}`,
    ]) {
      const config = resolveOk({ app: { image } }, prod, 'prod');
      expect(config.warnings.filter((w) => w.setting === 'app.image')).toEqual([]);
      expect(config.app.image).toEqual({
        reference: image,
        ecr: expect.objectContaining({ repositoryName: 'api', accountId: '111122223333' }),
      });
    }
    expect(
      resolveOk({ app: { image: '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/api:1.4.2' } }).warnings.filter(
        (w) => w.setting === 'app.image',
      ),
    ).toEqual([]);
  });
});
