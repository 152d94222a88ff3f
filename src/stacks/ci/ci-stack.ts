// The CI identity of an environment: GitHub's OIDC provider (when this environment creates the account's), the
// read-only plan role, the deploy role, and the permissions boundary of every role the deploy role creates.
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { Tier, type CiConfig } from '../../config/resolved';
import { AccountResources, EnvironmentKind } from '../../config/settings';
import { waive } from '../../policy/waivers';
import {
  deployPolicies,
  deployTrustPolicy,
  GITHUB_OIDC_HOST,
  planPolicy,
  planTrustPolicy,
  STS_AUDIENCE,
  workloadBoundary,
  type CiNames,
} from './policies';
import { EnvironmentStack, stateKeyAlias, type EnvironmentStackProps } from '../environment-stack';
import { iamPolicy } from '../../constructs/iam';
import { SESSION_PREFERENCES_DOCUMENT, sessionKeyAlias, sessionLogGroupName } from '../access/session-manager';
import { databaseKeyAliases } from '../data/data-stack';

export interface CiStackProps extends EnvironmentStackProps {
  /** The repository, branch and workflow the roles trust (`resolveEnvironment(...).ci`). */
  readonly ci: CiConfig;
  /**
   * Whether the environment's data is protected (`database.protection`): then the deploy role may not destroy it
   * or the sessions' audit trail, and only the break-glass role may (README "Destroy").
   */
  readonly protectsData: boolean;
}

/** What the CI stack gives the other stacks. */
export interface CiOutputs {
  /** Every role the deploy role creates carries this boundary, or the deploy role may not create it. */
  readonly workloadBoundaryArn: string;
}

/** The stacks CI deploys: everything but the state bucket and this identity, which an operator applies. */
export const CI_DEPLOYED_TIERS: readonly Tier[] = Object.values(Tier).filter(
  (tier) => tier !== Tier.STATE && tier !== Tier.CI,
);

/**
 * `<env>-ci`: the identities of the environment's pipeline, per environment so that each deploy role reaches one
 * environment's state and trusts one GitHub environment. An operator applies it (after the state stack), never CI:
 * the deploy role is denied every change to it.
 */
export class CiStack extends EnvironmentStack {
  readonly outputs: CiOutputs;

  constructor(scope: Construct, props: CiStackProps) {
    super(scope, Tier.CI, props);
    const { ci } = props;
    const environment = this.environment;
    const account = new DataAwsCallerIdentity(this, 'Account');
    // IAM holds one provider per URL and account: the environment that owns the account's shared resources
    // creates it, the others name it.
    const providerArn =
      environment.accountResources === AccountResources.CREATE
        ? new IamOpenidConnectProvider(this, 'GitHubOidcProvider', {
            url: `https://${GITHUB_OIDC_HOST}`,
            clientIdList: [STS_AUDIENCE],
            // No thumbprint: IAM validates GitHub's certificate against its own trusted CAs for this issuer.
            tags: { Name: 'github-actions' },
          }).arn
        : `arn:aws:iam::${account.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
    const boundaryName = this.resourceName('workload-boundary');
    const names: CiNames = {
      account: account.accountId,
      region: environment.region,
      project: environment.project,
      environment: environment.name,
      repository: ci.repository,
      repositoryId: ci.repositoryId,
      repositoryOwnerId: ci.repositoryOwnerId,
      pullRequestPlans: environment.kind !== EnvironmentKind.PRODUCTION,
      branch: ci.branch,
      workflowPath: ci.workflowPath,
      providerArn,
      stateBucket: environment.backend.bucket,
      stateKeyPrefix: environment.backend.keyPrefix,
      stateRegion: environment.backend.region,
      stateKeyAlias: stateKeyAlias(environment),
      deployedTiers: CI_DEPLOYED_TIERS,
      boundaryArn: `arn:aws:iam::${account.accountId}:policy/${boundaryName}`,
      breakGlassRoleArn: environment.backend.breakGlassRoleArn,
      guarded: props.protectsData
        ? {
            keyAliases: [
              ...Object.values(databaseKeyAliases(`${environment.project}-${environment.name}-db`)),
              sessionKeyAlias(environment.project),
            ],
            sessionLogGroup: `arn:aws:logs:${environment.region}:${account.accountId}:log-group:${sessionLogGroupName(environment.project)}`,
            sessionDocument: `arn:aws:ssm:${environment.region}:${account.accountId}:document/${SESSION_PREFERENCES_DOCUMENT}`,
          }
        : undefined,
    };

    const boundary = new IamPolicy(this, 'WorkloadBoundary', {
      name: boundaryName,
      description: `The most any role of environment ${environment.name} created by its deploy role may do`,
      policy: iamPolicy(...workloadBoundary(names)),
      tags: { Name: boundaryName },
    });
    waive(
      boundary,
      'IAM-SCOPED-RESOURCES',
      'ecr:GetAuthorizationToken, logs:DescribeLogGroups and the ssmmessages and ec2messages actions have no resource-level permissions, so AWS accepts only "*" for them; a boundary grants nothing by itself, and each role\'s own policy narrows it.',
    );

    const plan = new IamRole(this, 'PlanRole', {
      name: this.resourceName('ci-plan'),
      description: `terraform plan of environment ${environment.name}: reads its state and resources, writes nothing`,
      assumeRolePolicy: planTrustPolicy(names),
      maxSessionDuration: 3600,
      tags: { Name: this.resourceName('ci-plan') },
    });
    new IamRolePolicy(this, 'PlanRolePolicy', { name: 'plan', role: plan.id, policy: iamPolicy(...planPolicy(names)) });

    const deploy = new IamRole(this, 'DeployRole', {
      name: this.resourceName('ci-deploy'),
      description: `terraform apply of environment ${environment.name}'s network, access, data and app stacks`,
      assumeRolePolicy: deployTrustPolicy(names),
      // A production database can take most of an hour to create, and an apply must not lose its credentials.
      maxSessionDuration: 7200,
      tags: { Name: this.resourceName('ci-deploy') },
    });
    // Customer managed policies, one per part: IAM allows a role 10,240 characters of inline policy in all, and a
    // managed policy 6,144 each; the deploy role's permissions need more than the first.
    for (const [part, statements] of Object.entries(deployPolicies(names))) {
      const policy = new IamPolicy(this, `DeployPolicy_${part}`, {
        name: this.resourceName(`ci-deploy-${part}`),
        description: `terraform apply of environment ${environment.name}: ${part}`,
        policy: iamPolicy(...statements),
        tags: { Name: this.resourceName(`ci-deploy-${part}`) },
      });
      new IamRolePolicyAttachment(this, `DeployPolicyAttachment_${part}`, { role: deploy.name, policyArn: policy.arn });
    }

    this.outputs = { workloadBoundaryArn: boundary.arn };
    new TerraformOutput(this, 'plan_role_arn', {
      value: plan.arn,
      description: `Set as the repository variable AWS_PLAN_ROLE_ARN_${environment.name.toUpperCase()}`,
    });
    new TerraformOutput(this, 'deploy_role_arn', {
      value: deploy.arn,
      description: `Set as AWS_DEPLOY_ROLE_ARN, a variable of the GitHub environment "${environment.name}"`,
    });
  }
}
