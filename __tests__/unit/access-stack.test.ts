// AccessStack: the bastion host, its address, its key, and SSH from the admin CIDRs only.
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { EipAssociation } from '@cdktf/provider-aws/lib/eip-association';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { KeyPair } from '@cdktf/provider-aws/lib/key-pair';
import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { environments } from '../../src/config/environments';
import { AccessMode, AccountResources } from '../../src/config/settings';
import { buildStacks, resources, synth, synthJson, tierStack } from '../helpers/synth';

describe('AccessStack', () => {
  const stack = tierStack('access');
  const json = synth(stack);

  it('is named <env>-access and keeps its state at <env>/access.tfstate', () => {
    expect(stack.node.id).toBe('dev-access');
    expect(synthJson(stack).terraform.backend).toMatchObject({ s3: { key: 'dev/access.tfstate', use_lockfile: true } });
  });

  it('puts a t3.micro bastion in public subnet A, on standard CPU credits', () => {
    expect(json).toHaveResourceWithProperties(Instance, {
      instance_type: 't3.micro',
      subnet_id: expect.stringContaining('PublicSubnetA'),
      credit_specification: { cpu_credits: 'standard' },
    });
  });

  it('leaves associate_public_ip_address unset, so the EIP it gets later does not force a replacement', () => {
    // The read-back trap of hashicorp/terraform-provider-aws#37318: with `false` in the configuration, AWS reports
    // the EIP-associated interface as public, the provider reads `true`, and every apply after the first replaces
    // the bastion. The local-deploy tests show the bastion converging; this pins the cause.
    expect(resources(stack, Instance.tfResourceType).Bastion).not.toHaveProperty('associate_public_ip_address');
  });

  it('gives no credit specification to a type without CPU credits', () => {
    expect(
      resources(tierStack('access', { access: { instanceType: 'm7g.medium' } }), Instance.tfResourceType).Bastion,
    ).not.toHaveProperty('credit_specification');
  });

  it('requires IMDSv2 and encrypts the root volume', () => {
    expect(json).toHaveResourceWithProperties(Instance, {
      metadata_options: {
        http_tokens: 'required',
        http_endpoint: 'enabled',
        http_put_response_hop_limit: 1,
        instance_metadata_tags: 'disabled',
      },
      root_block_device: {
        encrypted: true,
        volume_type: 'gp3',
        volume_size: 8,
        delete_on_termination: true,
        tags: { Name: 'devloop-dev-bastion' },
      },
    });
  });

  it('runs the pinned Amazon Linux 2023 release, looked up by its AMI name when Terraform plans', () => {
    expect(synthJson(stack).data?.aws_ami).toEqual({
      BastionImage: {
        owners: ['amazon'],
        most_recent: true,
        filter: [
          { name: 'name', values: ['al2023-ami-2023.11.20260427.1-kernel-6.1-x86_64'] },
          { name: 'architecture', values: ['x86_64'] },
        ],
      },
    });
    expect(json).toHaveResourceWithProperties(Instance, { ami: '${data.aws_ami.BastionImage.id}' });
  });

  it('picks the arm64 image for a Graviton instance type', () => {
    expect(
      synthJson(tierStack('access', { access: { instanceType: 't4g.micro' } })).data?.aws_ami?.BastionImage.filter,
    ).toEqual([
      { name: 'name', values: ['al2023-ami-2023.11.20260427.1-kernel-6.1-arm64'] },
      { name: 'architecture', values: ['arm64'] },
    ]);
  });

  it('follows the newest release through the public SSM parameter, or takes an AMI of your own', () => {
    const latest = tierStack('access', { machineImage: { latestAmazonLinux: true } });
    expect(synthJson(latest).data?.aws_ssm_parameter?.BastionImage).toEqual({
      name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    });
    expect(synth(latest)).toHaveResourceWithProperties(Instance, {
      ami: '${data.aws_ssm_parameter.BastionImage.insecure_value}',
    });
    const own = tierStack('access', { machineImage: { amiId: 'ami-0123456789abcdef0' } });
    expect(synthJson(own).data?.aws_ami).toBeUndefined();
    expect(synth(own)).toHaveResourceWithProperties(Instance, { ami: 'ami-0123456789abcdef0' });
  });

  it('associates an Elastic IP in the VPC domain with the bastion', () => {
    expect(json).toHaveResourceWithProperties(Eip, { domain: 'vpc' });
    expect(json).toHaveResourceWithProperties(EipAssociation, {
      allocation_id: '${aws_eip.BastionEip.allocation_id}',
      instance_id: '${aws_instance.Bastion.id}',
    });
  });

  it("lets Session Manager reach the bastion through its instance profile, with a policy of its own, not AWS's", () => {
    expect(json).not.toHaveResource(IamRolePolicyAttachment);
    const policy = JSON.parse(String(resources(stack, 'aws_iam_role_policy').BastionSessionManagerPolicy.policy));
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'RegisterWithSystemsManager',
      'OpenSessionChannels',
      'ReceiveAgentMessages',
      'DecryptSessionData',
      'StreamSessionsToTheSessionLogGroup',
      'CheckTheSessionLogGroupIsEncrypted',
    ]);
    expect(JSON.stringify(policy)).not.toMatch(/ssm:GetParameter/);
    expect(json).toHaveResourceWithProperties(Instance, {
      iam_instance_profile: '${aws_iam_instance_profile.BastionInstanceProfile.name}',
    });
    expect(resources(stack, 'aws_iam_role').BastionRole.permissions_boundary).toMatch(
      /cross-stack-output-aws_iam_policyWorkloadBoundaryarn/,
    );
  });

  it('encrypts every Session Manager session with a key of its own and logs it, streamed, to a log group under that key', () => {
    const document = resources(stack, 'aws_ssm_document').SessionManagerPreferences;
    expect(document).toMatchObject({
      name: 'SSM-SessionManagerRunShell',
      document_type: 'Session',
      document_format: 'JSON',
    });
    expect(JSON.parse(String(document.content)).inputs).toMatchObject({
      cloudWatchLogGroupName: '/devloop/session-manager',
      cloudWatchEncryptionEnabled: true,
      cloudWatchStreamingEnabled: true,
      kmsKeyId: '${aws_kms_key.SessionLogKey.arn}',
    });
    expect(resources(stack, 'aws_cloudwatch_log_group').SessionLogGroup).toMatchObject({
      name: '/devloop/session-manager',
      kms_key_id: '${aws_kms_key.SessionLogKey.arn}',
      retention_in_days: 365,
    });
    const keyPolicy = JSON.parse(String(resources(stack, 'aws_kms_key').SessionLogKey.policy));
    expect(keyPolicy.Statement[1]).toMatchObject({
      Principal: { Service: 'logs.ap-northeast-2.amazonaws.com' },
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn':
            'arn:aws:logs:ap-northeast-2:${data.aws_caller_identity.Account.account_id}:log-group:/devloop/session-manager',
        },
      },
    });
  });

  it("leaves the preferences to the environment that owns the account's, and logs to its group", () => {
    const shared = tierStack('access', { accountResources: AccountResources.SHARED });
    expect(synth(shared)).not.toHaveResource(SsmDocument);
    expect(shared.outputs.sessionLogGroupArn).toMatch(
      /^arn:aws:logs:ap-northeast-2:\$\{TfToken\[TOKEN\.\d+\]\}:log-group:\/devloop\/session-manager$/,
    );
  });

  it('sends HTTPS out to the internet only without interface endpoints, and to the endpoints and S3 with them', () => {
    expect(
      Object.values(resources(stack, 'aws_vpc_security_group_egress_rule')).map(
        (r) => r.cidr_ipv4 ?? r.prefix_list_id ?? r.referenced_security_group_id,
      ),
    ).toEqual(['0.0.0.0/0']);
    const withEndpoints = tierStack('access', { network: { interfaceEndpoints: true } });
    const egress = Object.keys(resources(withEndpoints, 'aws_vpc_security_group_egress_rule')).sort();
    expect(egress).toEqual(['BastionHttpsToEndpoints', 'BastionHttpsToS3']);
    expect(resources(withEndpoints, 'aws_vpc_security_group_egress_rule').BastionHttpsToS3.prefix_list_id).toMatch(
      /cross-stack-output-aws_vpc_endpointS3GatewayEndpointprefix_list_id/,
    );
    expect(Object.keys(resources(withEndpoints, 'aws_vpc_security_group_ingress_rule'))).toContain(
      'EndpointsHttpsFromBastion',
    );
  });

  it('with Session Manager only: no bastion, no address, no key, no open port; the session preferences stay', () => {
    const none = tierStack('access', {
      access: { mode: AccessMode.SESSION_MANAGER_ONLY, adminCidrs: undefined, sshKey: undefined },
    });
    const types = Object.keys(synthJson(none).resource).sort();
    expect(types).toEqual(['aws_cloudwatch_log_group', 'aws_kms_alias', 'aws_kms_key', 'aws_ssm_document']);
    expect(none.outputs.bastionSecurityGroupId).toBeUndefined();
  });

  it('allows SSH from each admin CIDR and from nowhere else', () => {
    const rules = resources(stack, VpcSecurityGroupIngressRule.tfResourceType);
    expect(Object.values(rules).map((r) => [r.cidr_ipv4, r.from_port, r.to_port, r.ip_protocol])).toEqual([
      ['203.0.113.10/32', 22, 22, 'tcp'],
    ]);
  });

  it('keys the SSH rules by CIDR, so reordering the list replaces nothing', () => {
    const a = tierStack('access', { access: { adminCidrs: ['203.0.113.10/32', '198.51.100.0/24'] } });
    const b = tierStack('access', { access: { adminCidrs: ['198.51.100.0/24', '203.0.113.10/32'] } });
    const ids = (s: typeof a) => Object.keys(resources(s, VpcSecurityGroupIngressRule.tfResourceType)).sort();
    expect(ids(a)).toEqual(ids(b));
    expect(Object.values(resources(a, VpcSecurityGroupIngressRule.tfResourceType)).map((r) => r.cidr_ipv4)).toContain(
      '198.51.100.0/24',
    );
  });

  it('imports the configured public key as a key pair', () => {
    expect(json).toHaveResourceWithProperties(KeyPair, {
      key_name: 'devloop-dev-bastion',
      public_key:
        environments.dev.access.sshKey && 'publicKey' in environments.dev.access.sshKey
          ? environments.dev.access.sshKey.publicKey
          : '',
    });
    expect(json).toHaveResourceWithProperties(Instance, { key_name: '${aws_key_pair.BastionKeyPair.key_name}' });
  });

  it('uses an existing key pair by name, without creating one', () => {
    const existing = buildStacks('dev', {
      ...environments.dev,
      access: { ...environments.dev.access, sshKey: { existingKeyPairName: 'ops-2026' } },
    }).access;
    expect(synth(existing)).not.toHaveResource(KeyPair);
    expect(synth(existing)).toHaveResourceWithProperties(Instance, { key_name: 'ops-2026' });
  });

  it('outputs the bastion public IP for humans', () => {
    expect(synthJson(stack).output?.bastion_public_ip?.value).toBe('${aws_eip.BastionEip.public_ip}');
  });
});
