// The backend section: the state bucket and its break-glass role.
import { environments } from '../../../src/config/environments';
import { loadEnvironments } from '../../../src/config/resolve';
import { expectRefused, resolveOk, settingsWith } from '../../helpers/config';

const prod = environments.prod;

describe('the state bucket', () => {
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
