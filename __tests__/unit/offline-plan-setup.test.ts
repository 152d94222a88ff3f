// The Terraform tests never skip: without Terraform or the provider they fail and say how to install them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeValue, locateProviderMirror, locateTerraform } from '../helpers/offline-plan';

describe('finding Terraform and the provider', () => {
  it('fails with installation instructions when Terraform is missing', async () => {
    await expect(locateTerraform({ ...process.env, TERRAFORM_BINARY: '/nonexistent/terraform' })).rejects.toThrow(
      /Terraform could not be run as "\/nonexistent\/terraform".*Install Terraform >= 1\.10/s,
    );
  });

  it('fails with installation instructions when TF_PROVIDER_MIRROR lacks the provider', () => {
    const empty = mkdtempSync(join(tmpdir(), 'mirror-'));
    expect(() => locateProviderMirror({ TF_PROVIDER_MIRROR: empty })).toThrow(
      /does not hold hashicorp\/aws 5\.100\.0.*TF_PROVIDER_MIRROR=<dir>/s,
    );
  });

  it('falls back to the registry when no mirror is configured or found', () => {
    expect(locateProviderMirror({}, [mkdtempSync(join(tmpdir(), 'none-'))])).toBeUndefined();
  });

  it('stubs only upstream outputs it has a rule for, loudly otherwise', () => {
    expect(fakeValue('${aws_subnet.PublicSubnetA.id}', 'ap-northeast-2')).toMatch(/^subnet-[0-9a-f]{17}$/);
    expect(fakeValue('${aws_subnet.PublicSubnetA.id}', 'ap-northeast-2')).not.toBe(
      fakeValue('${aws_subnet.PublicSubnetB.id}', 'ap-northeast-2'),
    );
    expect(() => fakeValue('${aws_lb.LoadBalancer.zone_id}', 'ap-northeast-2')).toThrow(
      /no stub rule for attribute "zone_id"/,
    );
  });
});
