// The app section: the image, port and health check, the instances, their scaling and key, the listener, egress.
import { environments } from '../../../src/config/environments';
import { resolveEnvironment } from '../../../src/config/resolve';
import { EnvironmentKind, ScalingMetric } from '../../../src/config/settings';
import { expectRefused, MINIMAL_SETTINGS, problemsOf, resolveOk, settingsWith } from '../../helpers/config';

const prod = environments.prod;

describe('defaults', () => {
  it('give the app 4 GiB (t3.medium), port 8080 and the Actuator health check', () => {
    const config = resolveEnvironment('test', { ...MINIMAL_SETTINGS, kind: EnvironmentKind.DEVELOPMENT });
    expect([config.app.instanceType, config.app.port, config.app.healthCheckPath]).toEqual([
      't3.medium',
      8080,
      '/actuator/health/liveness',
    ]);
    expect(config.app.capacity).toEqual({ min: 2, desired: 2, max: 4 });
  });

  it('default to scaling on CPU at 50 %', () => {
    const config = resolveOk({}, prod, 'prod');
    expect(config.app.scaling).toEqual({ metric: ScalingMetric.CPU, target: 50 });
  });

  it('default the request-count target to 1000 requests per instance per minute', () => {
    expect(resolveOk({ app: { scaling: { metric: ScalingMetric.REQUEST_COUNT_PER_TARGET } } }).app.scaling).toEqual({
      metric: ScalingMetric.REQUEST_COUNT_PER_TARGET,
      target: 1000,
    });
  });
});

describe('bad app settings are refused, naming the setting, the value and the fix', () => {
  it.each([[0], [65536], [-1]])('an app port of %d', (port) => {
    expectRefused({ app: { port } }, 'app.port', /must be (at least 1|at most 65535)/);
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

  it('refuse SPRING_CONFIG_IMPORT among the container variables: the credentials come from it', () => {
    expectRefused(
      { app: { environment: { SPRING_CONFIG_IMPORT: 'optional:file:/x' } } },
      'app.environment.SPRING_CONFIG_IMPORT',
      /is set by the instance/,
    );
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
});

describe("the app instances' own key", () => {
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

describe('soft problems are warnings, not errors', () => {
  it('an app instance type with less than 4 GiB', () => {
    const config = resolveOk({ app: { instanceType: 't3.micro' } });
    expect(config.warnings.find((w) => w.setting === 'app.instanceType')?.message).toMatch(/1 GiB of memory/);
  });
});
