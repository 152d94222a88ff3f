// The access section: a bastion with its admin CIDRs and SSH key, or Session Manager only.
import { environments } from '../../../src/config/environments';
import { AccessMode } from '../../../src/config/settings';
import { expectRefused, resolveOk, WITHOUT_BASTION } from '../../helpers/config';

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
    ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', /PRIVATE key/],
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

describe('access mode', () => {
  it('accepts Session Manager only, without admin CIDRs or a key', () => {
    const config = resolveOk(WITHOUT_BASTION);
    expect(config.access).toEqual({ mode: AccessMode.SESSION_MANAGER_ONLY });
  });

  it.each([
    ['adminCidrs', { adminCidrs: ['203.0.113.10/32'] }],
    ['sshKey', { sshKey: environments.dev.access.sshKey }],
    ['instanceType', { instanceType: 't3.micro' }],
  ])('a bastion setting (%s) without a bastion', (setting, extra) => {
    expectRefused(
      { access: { ...WITHOUT_BASTION.access, ...extra } },
      `access.${setting}`,
      new RegExp(
        `there is no bastion with access\\.mode SESSION_MANAGER_ONLY.*Fix: remove ${setting}, or set mode: AccessMode\\.BASTION`,
      ),
    );
  });

  it('an empty list of admin CIDRs with a bastion', () => {
    expectRefused({ access: { adminCidrs: [] } }, 'access.adminCidrs', /must list at least one administrator CIDR/);
  });
});
