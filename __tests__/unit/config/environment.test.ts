// An environment as a whole: the shipped ones, the defaults across sections, and the checks that span sections
// (required settings, unknown keys, ports, keys, every problem at once).
import { environments } from '../../../src/config/environments';
import { loadEnvironments, resolveEnvironment } from '../../../src/config/resolve';
import {
  AccessMode,
  AccountResources,
  DatabaseEngine,
  DatabaseProtection,
  EnvironmentKind,
  EnvironmentLifecycle,
  NatGateways,
} from '../../../src/config/settings';
import {
  expectRefused,
  MINIMAL_SETTINGS,
  problemsOf,
  resolveOk,
  settingsWith,
  WITHOUT_BASTION,
} from '../../helpers/config';

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
      'ci.repositoryId',
      'ci.repositoryOwnerId',
    ]);
  });
});

describe('defaults across sections', () => {
  it('are the safe ones: production kind, Seoul, 2a/2c, 10.0.0.0/16 in /24s, NAT per AZ', () => {
    const certificateArn = 'arn:aws:acm:ap-northeast-2:111122223333:certificate/a94ba420-9c6e-4576-a130-00d6c1b8fe8a';
    const config = resolveEnvironment('test', {
      ...MINIMAL_SETTINGS,
      app: { ...MINIMAL_SETTINGS.app, certificateArn },
    });
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
      repositoryId: '812345678',
      repositoryOwnerId: '9123456',
      branch: 'main',
      workflowPath: '.github/workflows/infrastructure.yml',
    });
  });

  it('leave development without a web ACL or interface endpoints: its instances go out to the internet on 443', () => {
    const config = resolveEnvironment('test', { ...MINIMAL_SETTINGS, kind: EnvironmentKind.DEVELOPMENT });
    expect([config.app.webAcl, config.network.interfaceEndpoints, config.app.internetEgress]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('follow the kind: development gets one NAT gateway and a disposable single-AZ database', () => {
    const config = resolveEnvironment('test', { ...MINIMAL_SETTINGS, kind: EnvironmentKind.DEVELOPMENT });
    expect(config.network.natGateways).toBe(NatGateways.SINGLE);
    expect(config.database.multiAz).toBe(false);
    expect(config.database.protection).toBe(DatabaseProtection.DISPOSABLE);
    expect(config.network.flowLogRetentionDays).toBe(30);
  });

  it('decide by kind and lifecycle what no setting names: log retention, deletion protection, log bucket deletion', () => {
    const certificateArn = 'arn:aws:acm:ap-northeast-2:111122223333:certificate/a94ba420-9c6e-4576-a130-00d6c1b8fe8a';
    const production = { ...MINIMAL_SETTINGS, app: { ...MINIMAL_SETTINGS.app, certificateArn } };
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
    expect(decided({ ...MINIMAL_SETTINGS, kind: EnvironmentKind.DEVELOPMENT })).toEqual({
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
      ...MINIMAL_SETTINGS,
      kind: EnvironmentKind.DEVELOPMENT,
      database: { protection: DatabaseProtection.PROTECTED },
    };
    expect([decided(protectedDev).databaseLogs, decided(protectedDev).database]).toEqual([365, true]);
  });
});

describe('bad input anywhere is refused before any stack is built, naming the setting, the value and the fix', () => {
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
      { ci: { repositoryId: undefined } },
      'ci.repositoryId',
      /required: the numeric ID of the repository.* Fix: add repositoryId: "<the output of gh api repos/,
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

describe('checks across sections: the app port against SSH and the database, the app key against the access mode', () => {
  it('an app port that is the SSH port, which sshd holds on the instances', () => {
    expectRefused({ app: { port: 22 } }, 'app.port', /is the SSH port.*Fix: use another port, e\.g\. 8080/);
  });

  it.each([
    [DatabaseEngine.MYSQL, 3306, /is the mysql default of database\.port: .*Fix: use another port, e\.g\. 8080/],
    [DatabaseEngine.POSTGRES, 5432, /is the postgres default of database\.port: .*Fix: use another port, e\.g\. 8080/],
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

  it('an app key with no bastion to reach the app instances through', () => {
    expectRefused(
      { ...WITHOUT_BASTION, app: { sshKey: { existingKeyPairName: 'app-ops' } } },
      'app.sshKey',
      /no SSH reaches the app instances with access\.mode SESSION_MANAGER_ONLY.*Fix: remove app\.sshKey/,
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
});
