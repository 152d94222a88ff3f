// The machine-image setting: the pinned Amazon Linux release, the newest one, or an AMI of your own.
import { expectRefused, resolveOk } from '../../helpers/config';

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
