// Compute rules: each with a compliant and a non-compliant case.
import { asgElbHealthCheck } from '../../../src/policy/rules/compute/asg-elb-health-check';
import { asgLaunchTemplate } from '../../../src/policy/rules/compute/asg-launch-template';
import { asgMultiAz } from '../../../src/policy/rules/compute/asg-multi-az';
import { asgTags } from '../../../src/policy/rules/compute/asg-tags';
import { ebsEncrypted } from '../../../src/policy/rules/compute/ebs-encrypted';
import { ec2DetailedMonitoring } from '../../../src/policy/rules/compute/ec2-detailed-monitoring';
import { ec2EbsOptimized } from '../../../src/policy/rules/compute/ec2-ebs-optimized';
import { ec2InstanceProfile } from '../../../src/policy/rules/compute/ec2-instance-profile';
import { ec2NoPublicIp } from '../../../src/policy/rules/compute/ec2-no-public-ip';
import { ec2NoSecretsInUserData } from '../../../src/policy/rules/compute/ec2-no-secrets-in-user-data';
import { ec2TerminationProtection } from '../../../src/policy/rules/compute/ec2-termination-protection';
import { eipAttached } from '../../../src/policy/rules/compute/eip-attached';
import { eipVpcDomain } from '../../../src/policy/rules/compute/eip-vpc-domain';
import { imdsHopLimit } from '../../../src/policy/rules/compute/imds-hop-limit';
import { imdsv2Required } from '../../../src/policy/rules/compute/imdsv2-required';
import { ssmSessionEncryptedAndLogged } from '../../../src/policy/rules/compute/ssm-session-preferences';
import { computeRules } from '../../../src/policy/rules/compute';
import { EnvironmentJson, type StackJson } from '../../../src/policy/terraform-json';
import { envOf, verdict } from '../../helpers/policy';

describe('EC2-IMDSV2', () => {
  it('passes an instance and a launch template that require tokens', () => {
    const env = envOf({
      'aws_instance.a': { metadata_options: { http_tokens: 'required' } },
      'aws_launch_template.b': { metadata_options: [{ http_tokens: 'required' }] },
    });
    expect(verdict(imdsv2Required, env, 'aws_instance.a')).toBeUndefined();
    expect(verdict(imdsv2Required, env, 'aws_launch_template.b')).toBeUndefined();
  });

  it('fails optional tokens and a missing block, naming the fix', () => {
    const env = envOf({
      'aws_instance.a': { metadata_options: { http_tokens: 'optional' } },
      'aws_launch_template.b': {},
    });
    expect(verdict(imdsv2Required, env, 'aws_instance.a')).toMatch(/Fix: set metadata_options/);
    expect(verdict(imdsv2Required, env, 'aws_launch_template.b')).toMatch(/IMDSv1/);
  });
});

/** `env` with outputs (cross-stack references) or locals added to a stack, as CDKTF writes them. */
function withStackJson(env: EnvironmentJson, stack: string, extra: Partial<StackJson>): EnvironmentJson {
  return new EnvironmentJson({ ...env.stacks, [stack]: { ...env.stacks[stack], ...extra } as StackJson });
}

/** A reference through remote state to an output of `stack`. */
const remote = (stack: string, output: string) =>
  `\${data.terraform_remote_state.cross-stack-reference-input-${stack}.outputs.${output}}`;

describe('compute rules', () => {
  it('are all in the area index, with unique IDs', () => {
    const ids = computeRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'EC2-IMDSV2',
        'EC2-IMDS-HOP-LIMIT',
        'EBS-ENCRYPTED',
        'EC2-NO-PUBLIC-IP',
        'EC2-DETAILED-MONITORING',
        'EC2-EBS-OPTIMIZED',
        'EC2-INSTANCE-PROFILE',
        'EC2-NO-SECRETS-IN-USER-DATA',
        'EC2-TERMINATION-PROTECTION',
        'ASG-LAUNCH-TEMPLATE',
        'ASG-ELB-HEALTH-CHECK',
        'ASG-MULTI-AZ',
        'ASG-TAGS',
        'EIP-VPC-DOMAIN',
        'EIP-ATTACHED',
      ]),
    );
  });
});

describe('EC2-IMDS-HOP-LIMIT', () => {
  it('passes a hop limit of 1 (number or string), and no limit or no block (AWS default 1), as checkov does', () => {
    const env = envOf({
      'aws_launch_template.a': { metadata_options: { http_put_response_hop_limit: 1 } },
      'aws_instance.b': { metadata_options: [{ http_put_response_hop_limit: '1' }] },
      'aws_launch_template.c': { metadata_options: { http_tokens: 'required' } },
      'aws_launch_template.d': {},
    });
    for (const address of [
      'aws_launch_template.a',
      'aws_instance.b',
      'aws_launch_template.c',
      'aws_launch_template.d',
    ]) {
      expect(verdict(imdsHopLimit, env, address)).toBeUndefined();
    }
  });

  it('fails a hop limit above 1', () => {
    const env = envOf({
      'aws_launch_template.a': { metadata_options: [{ http_put_response_hop_limit: 2 }] },
      'aws_instance.b': { metadata_options: { http_put_response_hop_limit: '3' } },
    });
    expect(verdict(imdsHopLimit, env, 'aws_launch_template.a')).toMatch(
      /= 2.*Fix: set metadata_options \{ http_put_response_hop_limit = 1 \}/,
    );
    expect(verdict(imdsHopLimit, env, 'aws_instance.b')).toMatch(/Fix:/);
  });
});

describe('EBS-ENCRYPTED', () => {
  it('passes encrypted volumes, instance devices and launch template mappings (true or "true", object or list)', () => {
    const env = envOf({
      'aws_ebs_volume.v': { encrypted: true },
      'aws_instance.i': {
        root_block_device: { encrypted: true },
        ebs_block_device: [{ encrypted: 'true' }, { snapshot_id: 'snap-1' }],
      },
      'aws_launch_template.t': { block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: 'true' } }] },
      'aws_launch_configuration.c': { root_block_device: [{ encrypted: 'true' }] },
    });
    for (const address of [
      'aws_ebs_volume.v',
      'aws_instance.i',
      'aws_launch_template.t',
      'aws_launch_configuration.c',
    ]) {
      expect(verdict(ebsEncrypted, env, address)).toBeUndefined();
    }
  });

  it('passes a template without mappings that only instances (with their own root device) launch from', () => {
    const env = envOf({
      'aws_launch_template.t': { image_id: 'ami-1' },
      'aws_instance.i': {
        launch_template: { id: '${aws_launch_template.t.id}' },
        root_block_device: { encrypted: true },
      },
    });
    expect(verdict(ebsEncrypted, env, 'aws_launch_template.t')).toBeUndefined();
  });

  it('fails unencrypted volumes and devices, a missing root device, and a template without mappings an ASG uses', () => {
    const env = envOf({
      'aws_ebs_volume.v': { encrypted: false },
      'aws_instance.i': { root_block_device: { encrypted: true }, ebs_block_device: { encrypted: false } },
      'aws_instance.j': {},
      'aws_launch_template.t': { block_device_mappings: { ebs: { volume_size: 30 } } },
      'aws_launch_template.u': {},
      'aws_autoscaling_group.g': { launch_template: { id: '${aws_launch_template.u.id}' } },
    });
    expect(verdict(ebsEncrypted, env, 'aws_ebs_volume.v')).toMatch(/Fix: set encrypted = true/);
    expect(verdict(ebsEncrypted, env, 'aws_instance.i')).toMatch(/ebs_block_device\[0\] is not encrypted.*Fix:/);
    expect(verdict(ebsEncrypted, env, 'aws_instance.j')).toMatch(
      /no root_block_device.*Fix: declare root_block_device/,
    );
    expect(verdict(ebsEncrypted, env, 'aws_launch_template.t')).toMatch(
      /block_device_mappings\[0\]\.ebs is not encrypted.*Fix:/,
    );
    expect(verdict(ebsEncrypted, env, 'aws_launch_template.u')).toMatch(/no block_device_mappings.*Fix:/);
  });
});

describe('EC2-NO-PUBLIC-IP', () => {
  it('passes false, "false" and unset', () => {
    const env = envOf({
      'aws_instance.a': { associate_public_ip_address: false },
      'aws_launch_template.b': { network_interfaces: [{ associate_public_ip_address: 'false' }] },
      'aws_launch_configuration.c': {},
    });
    expect(verdict(ec2NoPublicIp, env, 'aws_instance.a')).toBeUndefined();
    expect(verdict(ec2NoPublicIp, env, 'aws_launch_template.b')).toBeUndefined();
    expect(verdict(ec2NoPublicIp, env, 'aws_launch_configuration.c')).toBeUndefined();
  });

  it('fails a public address on an instance, any template interface, a launch configuration', () => {
    const env = envOf({
      'aws_instance.a': { associate_public_ip_address: 'true' },
      'aws_launch_template.b': { network_interfaces: [{ device_index: 0 }, { associate_public_ip_address: true }] },
      'aws_launch_configuration.c': { associate_public_ip_address: true },
    });
    expect(verdict(ec2NoPublicIp, env, 'aws_instance.a')).toMatch(/Fix: set associate_public_ip_address = false/);
    expect(verdict(ec2NoPublicIp, env, 'aws_launch_template.b')).toMatch(/network_interfaces\[1\].*Fix:/);
    expect(verdict(ec2NoPublicIp, env, 'aws_launch_configuration.c')).toMatch(/Fix:/);
  });
});

describe('EC2-DETAILED-MONITORING', () => {
  it('passes monitoring on instances and templates, and a template only instances launch from', () => {
    const env = envOf({
      'aws_instance.a': { monitoring: 'true' },
      'aws_launch_template.b': { monitoring: [{ enabled: true }] },
      'aws_launch_template.c': {},
      'aws_instance.d': { launch_template: { id: '${aws_launch_template.c.id}' }, monitoring: true },
    });
    for (const address of ['aws_instance.a', 'aws_launch_template.b', 'aws_launch_template.c']) {
      expect(verdict(ec2DetailedMonitoring, env, address)).toBeUndefined();
    }
  });

  it('fails an instance and an unused template without it', () => {
    const env = envOf({
      'aws_instance.a': {},
      'aws_launch_template.b': { monitoring: { enabled: false } },
      'aws_launch_template.c': {},
    });
    expect(verdict(ec2DetailedMonitoring, env, 'aws_instance.a')).toMatch(/Fix: set monitoring = true/);
    expect(verdict(ec2DetailedMonitoring, env, 'aws_launch_template.b')).toMatch(
      /Fix: set monitoring \{ enabled = true \}/,
    );
    expect(verdict(ec2DetailedMonitoring, env, 'aws_launch_template.c')).toMatch(/Fix:/);
  });
});

describe('EC2-EBS-OPTIMIZED', () => {
  it('passes true and "true"', () => {
    const env = envOf({ 'aws_instance.a': { ebs_optimized: true }, 'aws_instance.b': { ebs_optimized: 'true' } });
    expect(verdict(ec2EbsOptimized, env, 'aws_instance.a')).toBeUndefined();
    expect(verdict(ec2EbsOptimized, env, 'aws_instance.b')).toBeUndefined();
  });

  it('fails false and unset', () => {
    const env = envOf({ 'aws_instance.a': { ebs_optimized: false }, 'aws_instance.b': {} });
    expect(verdict(ec2EbsOptimized, env, 'aws_instance.a')).toMatch(/Fix: set ebs_optimized = true/);
    expect(verdict(ec2EbsOptimized, env, 'aws_instance.b')).toMatch(/Fix:/);
  });
});

describe('EC2-INSTANCE-PROFILE', () => {
  it('passes a profile on instances and templates (object or list), and a template only instances launch from', () => {
    const env = envOf({
      'aws_instance.a': { iam_instance_profile: '${aws_iam_instance_profile.p.name}' },
      'aws_launch_template.b': { iam_instance_profile: { arn: '${aws_iam_instance_profile.p.arn}' } },
      'aws_launch_template.c': { iam_instance_profile: [{ name: 'app' }] },
      'aws_launch_template.d': {},
      'aws_instance.e': { launch_template: { id: '${aws_launch_template.d.id}' }, iam_instance_profile: 'bastion' },
    });
    for (const address of [
      'aws_instance.a',
      'aws_launch_template.b',
      'aws_launch_template.c',
      'aws_launch_template.d',
    ]) {
      expect(verdict(ec2InstanceProfile, env, address)).toBeUndefined();
    }
  });

  it('fails an instance without one, and a template an Auto Scaling group launches from without one', () => {
    const env = envOf({
      'aws_instance.a': {},
      'aws_launch_template.b': {},
      'aws_autoscaling_group.g': { launch_template: { id: '${aws_launch_template.b.id}' } },
    });
    expect(verdict(ec2InstanceProfile, env, 'aws_instance.a')).toMatch(/Fix: set iam_instance_profile/);
    expect(verdict(ec2InstanceProfile, env, 'aws_launch_template.b')).toMatch(/Fix: set iam_instance_profile \{ arn/);
  });
});

describe('EC2-NO-SECRETS-IN-USER-DATA', () => {
  const script = [
    '#!/bin/bash',
    "aws secretsmanager get-secret-value --secret-id '${aws_secretsmanager_secret.db.arn}' --query SecretString --output text \\",
    '  | python3 -c \'import json, sys; s = json.load(sys.stdin); print("DB_PASSWORD=" + s["password"])\' > /run/app/secret.env',
    'aws ecr get-login-password --region ap-northeast-2 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com',
    'export DB_PASSWORD="$(cat /run/app/password)"',
  ].join('\n');

  it('passes a script that fetches its secrets at boot, through a local and as literal base64', () => {
    const env = withStackJson(
      envOf({
        'aws_launch_template.a': { user_data: '${base64encode(local.app_user_data)}' },
        'aws_instance.b': { user_data_base64: Buffer.from(script).toString('base64') },
        'aws_instance.c': { user_data: script },
      }),
      'test',
      { locals: { app_user_data: script } },
    );
    for (const address of ['aws_launch_template.a', 'aws_instance.b', 'aws_instance.c']) {
      expect(verdict(ec2NoSecretsInUserData, env, address)).toBeUndefined();
    }
  });

  it('fails credentials in a local, in literal base64 and in plain text', () => {
    const env = withStackJson(
      envOf({
        'aws_launch_template.a': { user_data: '${base64encode(local.app_user_data)}' },
        'aws_instance.b': {
          user_data_base64: Buffer.from('#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n').toString(
            'base64',
          ),
        },
        'aws_instance.c': { user_data: '#!/bin/bash\necho "db_password=hunter2hunter2" >> /etc/app.conf\n' },
        'aws_launch_template.d': {
          user_data: Buffer.from('-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbg==\n').toString('base64'),
        },
      }),
      'test',
      { locals: { app_user_data: '#!/bin/bash\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' } },
    );
    expect(verdict(ec2NoSecretsInUserData, env, 'aws_launch_template.a')).toMatch(
      /an AWS secret access key in user_data.*Fix:/,
    );
    expect(verdict(ec2NoSecretsInUserData, env, 'aws_instance.b')).toMatch(/an AWS access key ID in user_data_base64/);
    expect(verdict(ec2NoSecretsInUserData, env, 'aws_instance.c')).toMatch(/a password in user_data/);
    expect(verdict(ec2NoSecretsInUserData, env, 'aws_launch_template.d')).toMatch(/a private key.*Fix: remove it/);
  });
});

describe('EC2-TERMINATION-PROTECTION', () => {
  it('passes an instance with termination protection', () => {
    const env = envOf({ 'aws_instance.a': { disable_api_termination: 'true' } });
    expect(verdict(ec2TerminationProtection, env, 'aws_instance.a')).toBeUndefined();
  });

  it('fails an instance without it', () => {
    const env = envOf({ 'aws_instance.a': { disable_api_termination: false } });
    expect(verdict(ec2TerminationProtection, env, 'aws_instance.a')).toMatch(/Fix: set disable_api_termination = true/);
  });
});

describe('ASG-LAUNCH-TEMPLATE', () => {
  it('passes a launch template, directly or in a mixed instances policy', () => {
    const env = envOf({
      'aws_autoscaling_group.a': { launch_template: { id: '${aws_launch_template.t.id}' } },
      'aws_autoscaling_group.b': {
        mixed_instances_policy: [
          { launch_template: [{ launch_template_specification: [{ launch_template_id: 'lt-1' }] }] },
        ],
      },
    });
    expect(verdict(asgLaunchTemplate, env, 'aws_autoscaling_group.a')).toBeUndefined();
    expect(verdict(asgLaunchTemplate, env, 'aws_autoscaling_group.b')).toBeUndefined();
  });

  it('fails a launch configuration', () => {
    const env = envOf({ 'aws_autoscaling_group.a': { launch_configuration: '${aws_launch_configuration.c.name}' } });
    expect(verdict(asgLaunchTemplate, env, 'aws_autoscaling_group.a')).toMatch(/Fix: create an aws_launch_template/);
  });
});

describe('ASG-ELB-HEALTH-CHECK', () => {
  it('passes ELB health checks behind a load balancer, and a group behind none', () => {
    const env = envOf({
      'aws_autoscaling_group.a': { target_group_arns: ['${aws_lb_target_group.t.arn}'], health_check_type: 'ELB' },
      'aws_autoscaling_group.b': {},
    });
    expect(verdict(asgElbHealthCheck, env, 'aws_autoscaling_group.a')).toBeUndefined();
    expect(verdict(asgElbHealthCheck, env, 'aws_autoscaling_group.b')).toBeUndefined();
  });

  it('fails EC2 health checks behind target groups or an attachment', () => {
    const env = envOf({
      'aws_autoscaling_group.a': { target_group_arns: ['${aws_lb_target_group.t.arn}'] },
      'aws_autoscaling_group.b': { health_check_type: 'EC2' },
      'aws_autoscaling_attachment.x': {
        autoscaling_group_name: '${aws_autoscaling_group.b.id}',
        lb_target_group_arn: '${aws_lb_target_group.t.arn}',
      },
    });
    expect(verdict(asgElbHealthCheck, env, 'aws_autoscaling_group.a')).toMatch(
      /not set.*Fix: set health_check_type = "ELB"/,
    );
    expect(verdict(asgElbHealthCheck, env, 'aws_autoscaling_group.b')).toMatch(/"EC2".*Fix:/);
  });
});

describe('ASG-MULTI-AZ', () => {
  it('passes subnets in two zones, across stacks, and subnets whose zones are not known', () => {
    const env = withStackJson(
      envOf({
        'net:aws_subnet.a': { availability_zone: 'ap-northeast-2a' },
        'net:aws_subnet.c': { availability_zone: 'ap-northeast-2c' },
        'app:aws_autoscaling_group.g': { vpc_zone_identifier: [remote('net', 'subnet_a'), remote('net', 'subnet_c')] },
        'app:aws_autoscaling_group.h': { vpc_zone_identifier: ['subnet-1', 'subnet-2'] },
        'app:aws_autoscaling_group.i': { vpc_zone_identifier: '${var.private_subnet_ids}' },
      }),
      'net',
      { output: { subnet_a: { value: '${aws_subnet.a.id}' }, subnet_c: { value: '${aws_subnet.c.id}' } } },
    );
    for (const address of [
      'app:aws_autoscaling_group.g',
      'app:aws_autoscaling_group.h',
      'app:aws_autoscaling_group.i',
    ]) {
      expect(verdict(asgMultiAz, env, address)).toBeUndefined();
    }
  });

  it('fails one subnet, and two subnets in the same zone', () => {
    const env = envOf({
      'aws_subnet.a1': { availability_zone: 'ap-northeast-2a' },
      'aws_subnet.a2': { availability_zone: 'ap-northeast-2a' },
      'aws_autoscaling_group.g': { vpc_zone_identifier: ['${aws_subnet.a1.id}'] },
      'aws_autoscaling_group.h': { vpc_zone_identifier: ['${aws_subnet.a1.id}', '${aws_subnet.a2.id}'] },
    });
    expect(verdict(asgMultiAz, env, 'aws_autoscaling_group.g')).toMatch(/one subnet only.*Fix:/);
    expect(verdict(asgMultiAz, env, 'aws_autoscaling_group.h')).toMatch(
      /one Availability Zone \(ap-northeast-2a\).*Fix:/,
    );
  });
});

describe('ASG-TAGS', () => {
  it('passes tag blocks (list or single)', () => {
    const env = envOf({
      'aws_autoscaling_group.a': { tag: [{ key: 'Name', value: 'app', propagate_at_launch: true }] },
      'aws_autoscaling_group.b': { tag: { key: 'Name', value: 'app', propagate_at_launch: 'false' } },
    });
    expect(verdict(asgTags, env, 'aws_autoscaling_group.a')).toBeUndefined();
    expect(verdict(asgTags, env, 'aws_autoscaling_group.b')).toBeUndefined();
  });

  it('fails no tags', () => {
    const env = envOf({ 'aws_autoscaling_group.a': { tag: [] } });
    expect(verdict(asgTags, env, 'aws_autoscaling_group.a')).toMatch(/Fix: add tag/);
  });
});

describe('EIP-VPC-DOMAIN', () => {
  it('passes domain = "vpc" and the deprecated vpc = true', () => {
    const env = envOf({ 'aws_eip.a': { domain: 'vpc' }, 'aws_eip.b': { vpc: 'true' } });
    expect(verdict(eipVpcDomain, env, 'aws_eip.a')).toBeUndefined();
    expect(verdict(eipVpcDomain, env, 'aws_eip.b')).toBeUndefined();
  });

  it('fails no domain and domain = "standard"', () => {
    const env = envOf({ 'aws_eip.a': {}, 'aws_eip.b': { domain: 'standard' } });
    expect(verdict(eipVpcDomain, env, 'aws_eip.a')).toMatch(/Fix: set domain = "vpc"/);
    expect(verdict(eipVpcDomain, env, 'aws_eip.b')).toMatch(/Fix:/);
  });
});

describe('EIP-ATTACHED', () => {
  it('passes an EIP on an instance, associated across stacks, or on a NAT gateway', () => {
    const env = withStackJson(
      envOf({
        'net:aws_eip.direct': { domain: 'vpc', instance: '${aws_instance.i.id}' },
        'net:aws_eip.nat': { domain: 'vpc' },
        'net:aws_nat_gateway.n': { allocation_id: '${aws_eip.nat.allocation_id}' },
        'net:aws_eip.shared': { domain: 'vpc' },
        'access:aws_eip_association.a': {
          allocation_id: remote('net', 'shared_allocation'),
          instance_id: '${aws_instance.bastion.id}',
        },
      }),
      'net',
      { output: { shared_allocation: { value: '${aws_eip.shared.allocation_id}' } } },
    );
    for (const address of ['net:aws_eip.direct', 'net:aws_eip.nat', 'net:aws_eip.shared']) {
      expect(verdict(eipAttached, env, address)).toBeUndefined();
    }
  });

  it('fails an EIP nothing uses', () => {
    const env = envOf({
      'aws_eip.idle': { domain: 'vpc' },
      'aws_eip_association.a': { allocation_id: '${aws_eip.other.allocation_id}' },
    });
    expect(verdict(eipAttached, env, 'aws_eip.idle')).toMatch(/not used by anything.*Fix: associate it/);
  });
});

describe('SSM-SESSION-ENCRYPTED-LOGGED', () => {
  const document = (inputs: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    name: 'SSM-SessionManagerRunShell',
    document_type: 'Session',
    document_format: 'JSON',
    content: JSON.stringify({ schemaVersion: '1.0', sessionType: 'Standard_Stream', inputs }),
    ...extra,
  });
  const logged = {
    cloudWatchLogGroupName: '/p/session-manager',
    cloudWatchEncryptionEnabled: true,
    kmsKeyId: '${aws_kms_key.K.arn}',
  };

  it('passes preferences that encrypt sessions and log them to an encrypted log group or bucket, and other documents', () => {
    const env = envOf({
      'aws_ssm_document.cw': document(logged),
      'aws_ssm_document.s3': document({ s3BucketName: 'logs', s3EncryptionEnabled: true, kmsKeyId: 'k' }),
      'aws_ssm_document.command': { document_type: 'Command', content: '{}' },
      'aws_ssm_document.forward': document({}, { content: JSON.stringify({ sessionType: 'Port', inputs: {} }) }),
    });
    for (const address of [
      'aws_ssm_document.cw',
      'aws_ssm_document.s3',
      'aws_ssm_document.command',
      'aws_ssm_document.forward',
    ]) {
      expect(verdict(ssmSessionEncryptedAndLogged, env, address)).toBeUndefined();
    }
  });

  it('fails preferences without a session key, or without an encrypted log destination', () => {
    const env = envOf({
      'aws_ssm_document.nokey': document({ ...logged, kmsKeyId: '' }),
      'aws_ssm_document.unencrypted': document({ ...logged, cloudWatchEncryptionEnabled: false }),
      'aws_ssm_document.yaml': document({}, { content: 'schemaVersion: "1.0"' }),
    });
    expect(verdict(ssmSessionEncryptedAndLogged, env, 'aws_ssm_document.nokey')).toMatch(
      /TLS only \(inputs\.kmsKeyId is empty\)\. Fix:/,
    );
    expect(verdict(ssmSessionEncryptedAndLogged, env, 'aws_ssm_document.unencrypted')).toMatch(
      /not logged to an encrypted destination/,
    );
    expect(verdict(ssmSessionEncryptedAndLogged, env, 'aws_ssm_document.yaml')).toMatch(/not JSON/);
  });
});
