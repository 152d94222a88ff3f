// The network section: the VPC and subnet blocks, NAT gateways, flow logs.
import { expectRefused, problemsOf, resolveOk } from '../../helpers/config';

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

describe('bad network settings are refused, naming the setting, the value and the fix', () => {
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
