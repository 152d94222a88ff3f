// The IAM documents of the CI identity: who may assume the plan and deploy roles (trust), what each may do, and the
// permissions boundary every role the deploy role creates must carry. Pure functions of names and ARNs, so that the
// stack stays readable; the tests simulate the synthesized JSON, not these objects.
import type { PolicyStatement } from '../../constructs/iam';
import { SESSION_PREFERENCES_DOCUMENT } from '../access/session-manager';

/**
 * What only the break-glass role may do to the state bucket: erase history (delete a version), or change what keeps
 * it (versioning, the lifecycle rule that expires old versions, the bucket policy, encryption, public access, ownership,
 * object lock, replication), or delete the bucket. Terraform's own work (read, write, lock, unlock) stays allowed.
 */
export const STATE_BUCKET_GUARDED_ACTIONS = [
  's3:DeleteObjectVersion',
  's3:PutBucketVersioning',
  's3:PutLifecycleConfiguration',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutEncryptionConfiguration',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketOwnershipControls',
  's3:PutBucketObjectLockConfiguration',
  's3:PutReplicationConfiguration',
  's3:DeleteBucket',
] as const;

/** What Terraform reads of a role and its instance profile when it plans them. */
const READ_ROLES_ACTIONS = [
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:ListInstanceProfilesForRole',
  'iam:ListRoleTags',
  'iam:GetInstanceProfile',
  'iam:ListInstanceProfileTags',
];

/** The public parameters that name the latest Amazon Linux images, which the plan-time AMI lookup may read. */
function readAmazonLinuxParameters(region: string): PolicyStatement {
  return {
    Sid: 'ReadThePublicAmazonLinuxParameters',
    Effect: 'Allow',
    Action: ['ssm:GetParameter', 'ssm:GetParameters'],
    Resource: [`arn:aws:ssm:${region}::parameter/aws/service/ami-amazon-linux-latest/*`],
  };
}

/** GitHub's OIDC issuer, as IAM names its provider (the URL without https://). */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** The audience aws-actions/configure-aws-credentials asks GitHub to put in the token. */
export const STS_AUDIENCE = 'sts.amazonaws.com';

/** What the CI documents are built from: the environment's names and where its state lives. */
export interface CiNames {
  readonly account: string;
  readonly region: string;
  readonly project: string;
  readonly environment: string;
  /** `owner/name` */
  readonly repository: string;
  /** The numeric IDs of the repository and its owner (the tokens' `repository_id`, `repository_owner_id`). */
  readonly repositoryId: string;
  readonly repositoryOwnerId: string;
  readonly branch: string;
  /**
   * Whether the plan role trusts pull requests. A pull request runs its own copy of the workflow, so whoever may push
   * a branch could read the environment's state with it: production's plans run only before its deploys.
   */
  readonly pullRequestPlans: boolean;
  /** `.github/workflows/infrastructure.yml` */
  readonly workflowPath: string;
  readonly providerArn: string;
  readonly stateBucket: string;
  readonly stateKeyPrefix: string;
  readonly stateRegion: string;
  /** `alias/<project>-<env>-tfstate` */
  readonly stateKeyAlias: string;
  /** The stacks CI deploys (network, access, data, app): the only state objects the deploy role writes. */
  readonly deployedTiers: readonly string[];
  /** The boundary every role the deploy role creates must carry. */
  readonly boundaryArn: string;
  /** The one role that may lift the data's protections: the deploy role may not touch it. */
  readonly breakGlassRoleArn: string;
  /** What the deploy role may never destroy (production): undefined where the data is disposable. */
  readonly guarded?: GuardedData;
}

/** The data and audit trail of a protected environment, which only the break-glass role may destroy. */
export interface GuardedData {
  /** The aliases of the keys whose deletion or key-policy change would lose data (storage, Performance Insights, sessions). */
  readonly keyAliases: readonly string[];
  /** The Session Manager log group (the sessions' audit trail) and its preferences document. */
  readonly sessionLogGroup: string;
  readonly sessionDocument: string;
}

type Claims = Readonly<Record<string, string>>;

function claim(name: string): string {
  return `${GITHUB_OIDC_HOST}:${name}`;
}

function webIdentityTrust(
  names: CiNames,
  statements: readonly { sid: string; equals: Claims; like?: Claims }[],
): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map(({ sid, equals, like }) => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: { Federated: names.providerArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [claim('aud')]: STS_AUDIENCE,
          // The repository by its IDs as well as its name: a name can be taken over after a rename or a deletion.
          [claim('repository_id')]: names.repositoryId,
          [claim('repository_owner_id')]: names.repositoryOwnerId,
          ...Object.fromEntries(Object.entries(equals).map(([k, v]) => [claim(k), v])),
        },
        ...(like ? { StringLike: Object.fromEntries(Object.entries(like).map(([k, v]) => [claim(k), v])) } : {}),
      },
    })),
  });
}

/** `owner/name/.github/workflows/infrastructure.yml@<ref>`: GitHub's `job_workflow_ref` claim. */
function workflowRef(names: CiNames, ref: string): string {
  return `${names.repository}/${names.workflowPath}@${ref}`;
}

/**
 * The deploy role trusts one job shape only: the infrastructure workflow, run from the protected branch, in the
 * GitHub environment named after this environment (GitHub's default `sub` for environment jobs names the
 * environment but not the branch, so `ref` and `job_workflow_ref`, which STS checks as claims of their own, bind the
 * branch and the workflow file). No `sub` customization of the repository is needed.
 */
export function deployTrustPolicy(names: CiNames): string {
  const ref = `refs/heads/${names.branch}`;
  return webIdentityTrust(names, [
    {
      sid: 'InfrastructureWorkflowOfTheProtectedBranchInThisEnvironment',
      equals: {
        sub: `repo:${names.repository}:environment:${names.environment}`,
        environment: names.environment,
        ref,
        job_workflow_ref: workflowRef(names, ref),
      },
    },
  ]);
}

/**
 * The plan role trusts the plan that precedes a deploy of the protected branch and, where `pullRequestPlans`, the
 * repository's own pull requests (forks get no token: GitHub gives fork pull requests no `id-token: write`, and a
 * fork's own runs carry the fork's name). It may only read, but a pull request runs its own copy of the workflow:
 * whatever it reads (the state, every description) its author sees, so production's plan role refuses them.
 */
export function planTrustPolicy(names: CiNames): string {
  const ref = `refs/heads/${names.branch}`;
  return webIdentityTrust(names, [
    ...(names.pullRequestPlans
      ? [
          {
            sid: 'PullRequestsOfTheRepository',
            equals: { sub: `repo:${names.repository}:pull_request`, repository: names.repository },
            like: { job_workflow_ref: workflowRef(names, 'refs/pull/*/merge') },
          },
        ]
      : []),
    {
      sid: 'PlanBeforeADeployOfTheProtectedBranch',
      equals: { sub: `repo:${names.repository}:ref:${ref}`, ref, job_workflow_ref: workflowRef(names, ref) },
    },
  ]);
}

const inRegion = (region: string) => ({ StringEquals: { 'aws:RequestedRegion': region } });

/** ARNs of the environment's own resources, by the `<project>-<env>-` prefix every name starts with. */
function arns(names: CiNames) {
  const prefix = `${names.project}-${names.environment}`;
  const iam = (kind: string, name: string) => `arn:aws:iam::${names.account}:${kind}/${name}`;
  return {
    prefix,
    roles: iam('role', `${prefix}-*`),
    ciRoles: iam('role', `${prefix}-ci-*`),
    instanceProfiles: iam('instance-profile', `${prefix}-*`),
    policies: iam('policy', `${prefix}-*`),
    stateBucket: `arn:aws:s3:::${names.stateBucket}`,
    stateObjects: `arn:aws:s3:::${names.stateBucket}/${names.stateKeyPrefix}/*`,
    stateKeys: `arn:aws:kms:${names.stateRegion}:${names.account}:key/*`,
    logBuckets: `arn:aws:s3:::${prefix}-alb-logs-*`,
  };
}

/** Reading state: the objects under the environment's key prefix, and kms:Decrypt with the state's key. */
function readState(names: CiNames): PolicyStatement[] {
  const a = arns(names);
  return [
    // Object names only, in a bucket that holds this environment's state alone; terraform init lists workspaces.
    { Sid: 'ListTheStateBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [a.stateBucket] },
    { Sid: 'ReadTheEnvironmentsState', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [a.stateObjects] },
    {
      Sid: 'DecryptWithTheStateKey',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [a.stateKeys],
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [names.stateKeyAlias] } },
    },
  ];
}

/**
 * What refreshing the environment's resources reads, in its region: descriptions and configurations, never data
 * (no secret values, no log events, no objects but the state).
 */
function readResources(names: CiNames): PolicyStatement[] {
  const a = arns(names);
  return [
    {
      Sid: 'DescribeTheEnvironmentsServicesInItsRegion',
      Effect: 'Allow',
      Action: [
        'ec2:Describe*',
        'ec2:GetLaunchTemplateData',
        // The AMI lookup (data aws_ami) reads the image's UEFI data at every plan.
        'ec2:GetInstanceUefiData',
        'elasticloadbalancing:Describe*',
        'autoscaling:Describe*',
        'rds:Describe*',
        'rds:ListTagsForResource',
        'logs:DescribeLogGroups',
        'logs:DescribeResourcePolicies',
        'logs:ListTagsForResource',
        'logs:ListTagsLogGroup',
        'kms:DescribeKey',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:ListAliases',
        'kms:ListResourceTags',
        'ssm:DescribeDocument',
        'ssm:DescribeDocumentPermission',
        'ssm:GetDocument',
        'ssm:ListTagsForResource',
        'wafv2:GetLoggingConfiguration',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'wafv2:ListTagsForResource',
        'wafv2:ListWebACLs',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:ListTagsForResource',
        'sns:GetTopicAttributes',
        'sns:GetSubscriptionAttributes',
        'sns:ListSubscriptionsByTopic',
        'sns:ListTagsForResource',
        'cloudwatch:GetDashboard',
        'events:DescribeRule',
        'events:ListTargetsByRule',
        'events:ListTagsForResource',
      ],
      Resource: ['*'],
      // These describe calls accept no narrower resource; the region is the narrowing AWS allows.
      Condition: inRegion(names.region),
    },
    readAmazonLinuxParameters(names.region),
    {
      Sid: 'ReadTheEnvironmentsRoles',
      Effect: 'Allow',
      Action: [
        ...READ_ROLES_ACTIONS,
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:ListPolicyTags',
        'iam:GetOpenIDConnectProvider',
        'iam:ListOpenIDConnectProviderTags',
      ],
      // The environment's roles, instance profiles and policies (the CI stack's among them) and the OIDC provider.
      Resource: [a.roles, a.instanceProfiles, a.policies, names.providerArn],
    },
    {
      // terraform refreshes a bucket with HeadBucket, which IAM authorizes as s3:ListBucket.
      Sid: 'ListTheEnvironmentsLogBuckets',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [a.logBuckets],
    },
    {
      Sid: 'ReadTheEnvironmentsBucketSettings',
      Effect: 'Allow',
      Action: [
        's3:GetBucket*',
        's3:GetAccelerateConfiguration',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        's3:GetReplicationConfiguration',
      ],
      Resource: [a.stateBucket, a.logBuckets],
    },
  ];
}

/** The read-only role of `terraform plan`: state and resource descriptions, no write of any kind, no lock. */
export function planPolicy(names: CiNames): PolicyStatement[] {
  return [...readState(names), ...readResources(names)];
}

/**
 * The deploy role: what `terraform apply` of the network, access, data and app stacks needs, in the environment's
 * region and on its own names, and explicit denials of what would let a compromised pipeline outlive a revert: the
 * state's history and protections, the CI identity itself, and roles without the workload boundary.
 */
export function deployPolicies(
  names: CiNames,
): Readonly<Record<'state' | 'network' | 'services' | 'identity', PolicyStatement[]> & { guards?: PolicyStatement[] }> {
  const a = arns(names);
  const objects = (suffix: string) =>
    names.deployedTiers.map(
      (tier) => `arn:aws:s3:::${names.stateBucket}/${names.stateKeyPrefix}/${tier}.tfstate${suffix}`,
    );
  const region = inRegion(names.region);
  const state: PolicyStatement[] = [
    ...readState(names),
    {
      Sid: 'WriteTheDeployedStacksStateAndLocks',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: [...objects(''), ...objects('.tflock')],
    },
    // S3-native locking releases a lock by deleting its object (a delete marker, never a version).
    {
      Sid: 'ReleaseTheDeployedStacksLocks',
      Effect: 'Allow',
      Action: ['s3:DeleteObject'],
      Resource: objects('.tflock'),
    },
    {
      // S3 writes an SSE-KMS object with a data key (kms:GenerateDataKey), never with kms:Encrypt.
      Sid: 'EncryptWithTheStateKey',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey'],
      Resource: [a.stateKeys],
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [names.stateKeyAlias] } },
    },
    {
      // The bucket policy denies these to all but the break-glass role already; denied here too, so that a change
      // of the bucket policy alone cannot hand them to CI.
      Sid: 'NeverRewriteStateHistory',
      Effect: 'Deny',
      Action: [...STATE_BUCKET_GUARDED_ACTIONS],
      Resource: [a.stateBucket, `${a.stateBucket}/*`],
    },
    {
      Sid: 'NeverLoosenTheStateKey',
      Effect: 'Deny',
      Action: [
        'kms:ScheduleKeyDeletion',
        'kms:DisableKey',
        'kms:DisableKeyRotation',
        'kms:PutKeyPolicy',
        'kms:DeleteAlias',
        'kms:UpdateAlias',
      ],
      Resource: ['*'],
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [names.stateKeyAlias] } },
    },
  ];
  const network: PolicyStatement[] = [
    {
      Sid: 'ManageTheNetworkAndInstancesInTheRegion',
      Effect: 'Allow',
      Action: [
        'ec2:Describe*',
        'ec2:GetLaunchTemplateData',
        // The AMI lookup (data aws_ami) reads the image's UEFI data at every plan.
        'ec2:GetInstanceUefiData',
        'ec2:CreateTags',
        'ec2:DeleteTags',
        'ec2:CreateVpc',
        'ec2:DeleteVpc',
        'ec2:ModifyVpcAttribute',
        'ec2:CreateSubnet',
        'ec2:DeleteSubnet',
        'ec2:ModifySubnetAttribute',
        'ec2:CreateInternetGateway',
        'ec2:AttachInternetGateway',
        'ec2:DetachInternetGateway',
        'ec2:DeleteInternetGateway',
        'ec2:AllocateAddress',
        'ec2:ReleaseAddress',
        'ec2:AssociateAddress',
        'ec2:DisassociateAddress',
        'ec2:CreateNatGateway',
        'ec2:DeleteNatGateway',
        'ec2:CreateRouteTable',
        'ec2:DeleteRouteTable',
        'ec2:CreateRoute',
        'ec2:DeleteRoute',
        'ec2:ReplaceRoute',
        'ec2:AssociateRouteTable',
        'ec2:DisassociateRouteTable',
        'ec2:ReplaceRouteTableAssociation',
        'ec2:CreateFlowLogs',
        'ec2:DeleteFlowLogs',
        'ec2:CreateSecurityGroup',
        'ec2:DeleteSecurityGroup',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:AuthorizeSecurityGroupEgress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupEgress',
        'ec2:ModifySecurityGroupRules',
        'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
        'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
        'ec2:CreateVpcEndpoint',
        'ec2:ModifyVpcEndpoint',
        'ec2:DeleteVpcEndpoints',
        'ec2:RunInstances',
        'ec2:TerminateInstances',
        'ec2:StartInstances',
        'ec2:StopInstances',
        'ec2:ModifyInstanceAttribute',
        'ec2:ModifyInstanceMetadataOptions',
        'ec2:ModifyInstanceCreditSpecification',
        'ec2:MonitorInstances',
        'ec2:UnmonitorInstances',
        'ec2:AssociateIamInstanceProfile',
        'ec2:ReplaceIamInstanceProfileAssociation',
        'ec2:DisassociateIamInstanceProfile',
        'ec2:ImportKeyPair',
        'ec2:DeleteKeyPair',
        'ec2:CreateLaunchTemplate',
        'ec2:CreateLaunchTemplateVersion',
        'ec2:ModifyLaunchTemplate',
        'ec2:DeleteLaunchTemplate',
        'ec2:DeleteLaunchTemplateVersions',
        'elasticloadbalancing:Describe*',
        'elasticloadbalancing:Create*',
        'elasticloadbalancing:Delete*',
        'elasticloadbalancing:Modify*',
        'elasticloadbalancing:Set*',
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:RemoveTags',
        'autoscaling:Describe*',
        'autoscaling:CreateAutoScalingGroup',
        'autoscaling:UpdateAutoScalingGroup',
        'autoscaling:DeleteAutoScalingGroup',
        'autoscaling:CreateOrUpdateTags',
        'autoscaling:DeleteTags',
        'autoscaling:EnableMetricsCollection',
        'autoscaling:DisableMetricsCollection',
        'autoscaling:StartInstanceRefresh',
        'autoscaling:CancelInstanceRefresh',
        'autoscaling:PutScalingPolicy',
        'autoscaling:DeletePolicy',
        'autoscaling:PutLifecycleHook',
        'autoscaling:DeleteLifecycleHook',
        'autoscaling:AttachLoadBalancerTargetGroups',
        'autoscaling:DetachLoadBalancerTargetGroups',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DeleteAlarms',
        'cloudwatch:TagResource',
        'cloudwatch:UntagResource',
        'cloudwatch:ListTagsForResource',
        // The monitoring tier: the dashboard, the alert topic and its subscription, the rule for failed refreshes.
        'cloudwatch:PutDashboard',
        'cloudwatch:GetDashboard',
        'cloudwatch:DeleteDashboards',
        'sns:CreateTopic',
        'sns:DeleteTopic',
        'sns:GetTopicAttributes',
        'sns:SetTopicAttributes',
        'sns:Subscribe',
        'sns:Unsubscribe',
        'sns:GetSubscriptionAttributes',
        'sns:SetSubscriptionAttributes',
        'sns:ListSubscriptionsByTopic',
        'sns:TagResource',
        'sns:UntagResource',
        'sns:ListTagsForResource',
        'events:PutRule',
        'events:DeleteRule',
        'events:DescribeRule',
        'events:PutTargets',
        'events:RemoveTargets',
        'events:ListTargetsByRule',
        'events:TagResource',
        'events:UntagResource',
        'events:ListTagsForResource',
      ],
      Resource: ['*'],
      // EC2, load balancing and Auto Scaling take no narrower resource for most of these calls; an account per
      // environment is the boundary between environments, the region the narrowing AWS allows.
      Condition: region,
    },
  ];
  const services: PolicyStatement[] = [
    {
      Sid: 'ManageTheDatabaseKeysLogsAndFirewallInTheRegion',
      Effect: 'Allow',
      Action: [
        'rds:Describe*',
        'rds:ListTagsForResource',
        'rds:AddTagsToResource',
        'rds:RemoveTagsFromResource',
        'rds:CreateDBInstance',
        'rds:ModifyDBInstance',
        'rds:DeleteDBInstance',
        'rds:RebootDBInstance',
        'rds:CreateDBSnapshot',
        'rds:CreateDBSubnetGroup',
        'rds:ModifyDBSubnetGroup',
        'rds:DeleteDBSubnetGroup',
        'rds:CreateDBParameterGroup',
        'rds:ModifyDBParameterGroup',
        'rds:DeleteDBParameterGroup',
        'rds:CreateEventSubscription',
        'rds:ModifyEventSubscription',
        'rds:DeleteEventSubscription',
        'rds:AddSourceIdentifierToSubscription',
        'rds:RemoveSourceIdentifierFromSubscription',
        'kms:CreateKey',
        'kms:DescribeKey',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:ListAliases',
        'kms:ListResourceTags',
        'kms:PutKeyPolicy',
        'kms:EnableKeyRotation',
        'kms:UpdateKeyDescription',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:ScheduleKeyDeletion',
        'kms:CreateAlias',
        'kms:DeleteAlias',
        'kms:UpdateAlias',
        'logs:DescribeLogGroups',
        'logs:DescribeResourcePolicies',
        'logs:PutResourcePolicy',
        'logs:DeleteResourcePolicy',
        'logs:CreateLogDelivery',
        'logs:GetLogDelivery',
        'logs:UpdateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:ListLogDeliveries',
        'wafv2:CreateWebACL',
        'wafv2:UpdateWebACL',
        'wafv2:DeleteWebACL',
        'wafv2:GetWebACL',
        'wafv2:ListWebACLs',
        'wafv2:AssociateWebACL',
        'wafv2:DisassociateWebACL',
        'wafv2:GetWebACLForResource',
        'wafv2:PutLoggingConfiguration',
        'wafv2:GetLoggingConfiguration',
        'wafv2:DeleteLoggingConfiguration',
        'wafv2:ListResourcesForWebACL',
        'wafv2:TagResource',
        'wafv2:UntagResource',
        'wafv2:ListTagsForResource',
      ],
      Resource: ['*'],
      Condition: region,
    },
    {
      // RDS creates grants on the database's keys for itself; no other grant.
      Sid: 'LetRdsUseTheDatabaseKeys',
      Effect: 'Allow',
      Action: ['kms:CreateGrant'],
      Resource: [`arn:aws:kms:${names.region}:${names.account}:key/*`],
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
    {
      Sid: 'ManageTheEnvironmentsLogGroups',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:PutRetentionPolicy',
        'logs:DeleteRetentionPolicy',
        'logs:AssociateKmsKey',
        'logs:DisassociateKmsKey',
        'logs:TagResource',
        'logs:UntagResource',
        'logs:TagLogGroup',
        'logs:UntagLogGroup',
        'logs:ListTagsForResource',
        'logs:ListTagsLogGroup',
      ],
      Resource: [
        `arn:aws:logs:${names.region}:${names.account}:log-group:/${names.project}/${names.environment}/*`,
        `arn:aws:logs:${names.region}:${names.account}:log-group:/${names.project}/session-manager*`,
        `arn:aws:logs:${names.region}:${names.account}:log-group:/aws/rds/instance/${a.prefix}-*`,
        `arn:aws:logs:${names.region}:${names.account}:log-group:aws-waf-logs-${a.prefix}*`,
      ],
    },
    {
      // RDS creates, rotates and deletes the master password's secret with the caller's permissions; reading it is
      // not among them.
      Sid: 'LetRdsManageTheDatabaseSecret',
      Effect: 'Allow',
      Action: [
        'secretsmanager:CreateSecret',
        'secretsmanager:TagResource',
        'secretsmanager:RotateSecret',
        'secretsmanager:DeleteSecret',
        'secretsmanager:DescribeSecret',
      ],
      Resource: [`arn:aws:secretsmanager:${names.region}:${names.account}:secret:rds!*`],
    },
    {
      Sid: 'ManageTheSessionManagerPreferences',
      Effect: 'Allow',
      Action: [
        'ssm:CreateDocument',
        'ssm:UpdateDocument',
        'ssm:UpdateDocumentDefaultVersion',
        'ssm:DeleteDocument',
        'ssm:DescribeDocument',
        'ssm:DescribeDocumentPermission',
        'ssm:GetDocument',
        'ssm:AddTagsToResource',
        'ssm:RemoveTagsFromResource',
        'ssm:ListTagsForResource',
      ],
      Resource: [`arn:aws:ssm:${names.region}:${names.account}:document/${SESSION_PREFERENCES_DOCUMENT}`],
    },
    readAmazonLinuxParameters(names.region),
    {
      Sid: 'ManageTheAccessLogBucket',
      Effect: 'Allow',
      Action: [
        's3:CreateBucket',
        's3:DeleteBucket',
        's3:ListBucket',
        's3:ListBucketVersions',
        's3:GetBucket*',
        's3:PutBucket*',
        's3:DeleteBucketPolicy',
        's3:GetAccelerateConfiguration',
        's3:GetEncryptionConfiguration',
        's3:PutEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        's3:PutLifecycleConfiguration',
        's3:GetReplicationConfiguration',
        // Decommissioning empties it (force_destroy).
        's3:DeleteObject',
        's3:DeleteObjectVersion',
      ],
      Resource: [a.logBuckets, `${a.logBuckets}/*`],
    },
  ];
  const identity: PolicyStatement[] = [
    {
      Sid: 'ReadTheEnvironmentsRoles',
      Effect: 'Allow',
      Action: [...READ_ROLES_ACTIONS],
      Resource: [a.roles, a.instanceProfiles],
    },
    {
      // Every role the deploy role creates, or writes a policy into, carries the workload boundary: whatever policy
      // it writes into such a role, the role can do no more than the boundary allows. Only these actions have the
      // iam:PermissionsBoundary key (Service Authorization Reference); on any other, the condition never holds.
      Sid: 'ManageTheEnvironmentsRolesWithinTheBoundary',
      Effect: 'Allow',
      Action: [...ROLE_ACTIONS_WITH_THE_BOUNDARY_KEY],
      Resource: [a.roles],
      Condition: { StringEquals: { 'iam:PermissionsBoundary': names.boundaryArn } },
    },
    {
      // Tags, description, session length, trust and deletion of the environment's roles: IAM has no condition key
      // for a role's boundary on these (a deploy once failed halfway on a tag change), nor for the principals of a
      // trust policy, so the policy pack refuses roles trusted outside the account at synthesis
      // (IAM-TRUST-IN-ACCOUNT). The CI roles are denied below.
      Sid: 'TagAndDescribeTheEnvironmentsRoles',
      Effect: 'Allow',
      Action: [
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
        'iam:UpdateAssumeRolePolicy',
        'iam:DeleteRole',
      ],
      Resource: [a.roles],
    },
    {
      Sid: 'ManageTheEnvironmentsInstanceProfiles',
      Effect: 'Allow',
      Action: [
        'iam:CreateInstanceProfile',
        'iam:DeleteInstanceProfile',
        'iam:AddRoleToInstanceProfile',
        'iam:RemoveRoleFromInstanceProfile',
        'iam:TagInstanceProfile',
        'iam:UntagInstanceProfile',
      ],
      Resource: [a.instanceProfiles],
    },
    {
      // IfExists: AddRoleToInstanceProfile checks iam:PassRole on the role without naming a service.
      Sid: 'PassTheEnvironmentsRolesToTheirServices',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [a.roles],
      Condition: {
        StringEqualsIfExists: {
          'iam:PassedToService': ['ec2.amazonaws.com', 'vpc-flow-logs.amazonaws.com', 'monitoring.rds.amazonaws.com'],
        },
      },
    },
    {
      // First use of load balancing, Auto Scaling or RDS in a fresh account creates their service-linked roles.
      Sid: 'CreateServiceLinkedRolesOfTheServicesUsed',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: [`arn:aws:iam::${names.account}:role/aws-service-role/*`],
      Condition: {
        StringEquals: {
          'iam:AWSServiceName': [
            'elasticloadbalancing.amazonaws.com',
            'autoscaling.amazonaws.com',
            'rds.amazonaws.com',
          ],
        },
      },
    },
    {
      // The CI identity is applied by an operator, never by CI: a pipeline that could widen its own roles, their trust
      // or the boundary could make any change permanent. Nor the break-glass role: whoever could change its trust
      // or policies would hold the one identity that may destroy the data.
      Sid: 'NeverTheCiIdentityNorTheBreakGlassRole',
      Effect: 'Deny',
      Action: ['iam:*'],
      Resource: [a.ciRoles, names.boundaryArn, names.providerArn, names.breakGlassRoleArn],
    },
    {
      Sid: 'NeverLiftTheBoundary',
      Effect: 'Deny',
      Action: ['iam:DeleteRolePermissionsBoundary'],
      Resource: ['*'],
    },
  ];
  return { state, network, services, identity, ...(names.guarded ? { guards: dataGuards(names, names.guarded) } : {}) };
}

/** The role actions whose requests carry `iam:PermissionsBoundary` (the boundary the role has or is given). */
export const ROLE_ACTIONS_WITH_THE_BOUNDARY_KEY = [
  'iam:CreateRole',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
] as const;

/** What only the break-glass role may do to a guarded key: delete it, disable it, or rewrite its policy. */
export const GUARDED_KEY_ACTIONS = [
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:PutKeyPolicy',
  'kms:DeleteAlias',
  'kms:UpdateAlias',
] as const;

/**
 * A protected environment's deploy role may not destroy its data or the sessions' audit trail: the database, its
 * snapshots and automated backups (by any name: a database can be renamed), the keys they and the sessions are
 * encrypted with (by alias: re-pointing an alias is denied too), the session log group and its preferences
 * document. The break-glass role does these (README "Destroy"). IAM has no condition key for ModifyDBInstance's
 * DeletionProtection or BackupRetentionPeriod, so lifting the protection is not denied; deleting is.
 */
function dataGuards(names: CiNames, guarded: GuardedData): PolicyStatement[] {
  const rds = (kind: string) => `arn:aws:rds:${names.region}:${names.account}:${kind}:*`;
  return [
    {
      Sid: 'NeverDeleteADatabaseOrItsBackups',
      Effect: 'Deny',
      Action: [
        'rds:DeleteDBInstance',
        'rds:DeleteDBSnapshot',
        'rds:DeleteDBInstanceAutomatedBackup',
        'rds:DeleteDBCluster',
        'rds:DeleteDBClusterSnapshot',
      ],
      Resource: [rds('db'), rds('snapshot'), rds('auto-backup'), rds('cluster'), rds('cluster-snapshot')],
    },
    {
      Sid: 'NeverDeleteOrLoosenTheDataKeys',
      Effect: 'Deny',
      Action: [...GUARDED_KEY_ACTIONS],
      Resource: ['*'],
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [...guarded.keyAliases] } },
    },
    {
      // Not its retention: creating the group sets it, and IAM has no condition key for the number of days.
      Sid: 'NeverDeleteTheSessionLogs',
      Effect: 'Deny',
      Action: ['logs:DeleteLogGroup', 'logs:DeleteLogStream', 'logs:DisassociateKmsKey'],
      Resource: [guarded.sessionLogGroup, `${guarded.sessionLogGroup}:*`],
    },
    {
      Sid: 'NeverRewriteTheSessionPreferences',
      Effect: 'Deny',
      Action: ['ssm:UpdateDocument', 'ssm:UpdateDocumentDefaultVersion', 'ssm:DeleteDocument'],
      Resource: [guarded.sessionDocument],
    },
  ];
}

/**
 * The most any role the deploy role creates may do, whatever policies it carries: the instances' boot and Session
 * Manager, flow logs, RDS enhanced monitoring. It keeps the deploy role from minting a stronger identity than itself.
 */
export function workloadBoundary(names: CiNames): PolicyStatement[] {
  return [
    {
      Sid: 'LogsOfTheAccount',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:PutRetentionPolicy',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'logs:DescribeLogStreams',
        'logs:GetLogEvents',
      ],
      Resource: [`arn:aws:logs:${names.region}:${names.account}:log-group:*`],
    },
    {
      Sid: 'TheDatabaseSecret',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: [`arn:aws:secretsmanager:${names.region}:${names.account}:secret:rds!*`],
    },
    {
      // Any account and region: an image may live in another account's repository (its repository policy decides).
      Sid: 'PullImages',
      Effect: 'Allow',
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
      Resource: ['arn:aws:ecr:*:*:repository/*'],
    },
    {
      // The session key, by its alias: Session Manager encrypts session data with it.
      Sid: 'SessionData',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [`arn:aws:kms:${names.region}:${names.account}:key/*`],
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [`alias/${names.project}-session-manager`] } },
    },
    {
      Sid: 'SessionManagerRegistration',
      Effect: 'Allow',
      Action: ['ssm:UpdateInstanceInformation'],
      Resource: [`arn:aws:ec2:${names.region}:${names.account}:instance/*`],
    },
    {
      // The credential rotation: an app instance leaves its target group and rejoins it around its restart.
      Sid: 'LeaveAndRejoinTargetGroups',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
      Resource: [`arn:aws:elasticloadbalancing:${names.region}:${names.account}:targetgroup/*`],
    },
    {
      // Actions without resource-level permissions: AWS accepts only "*" for them.
      Sid: 'ActionsWithoutResources',
      Effect: 'Allow',
      Action: [
        'ecr:GetAuthorizationToken',
        'logs:DescribeLogGroups',
        'elasticloadbalancing:DescribeTargetHealth',
        'autoscaling:DescribeAutoScalingGroups',
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
        ...EC2_MESSAGES_ACTIONS,
      ],
      Resource: ['*'],
    },
  ];
}

/** The SSM agent's message delivery service, polled for commands (Run Command) beside Session Manager's channels. */
export const EC2_MESSAGES_ACTIONS = [
  'ec2messages:AcknowledgeMessage',
  'ec2messages:DeleteMessage',
  'ec2messages:FailMessage',
  'ec2messages:GetEndpoint',
  'ec2messages:GetMessages',
  'ec2messages:SendReply',
] as const;

/** The same reason for several grants. */
const because = (reason: string, ...actions: string[]): Record<string, string> =>
  Object.fromEntries(actions.map((action) => [action, reason]));

/**
 * The deploy role's grants that no call of the deploy tests' lanes (deploy from nothing, the day-2 table, destroy,
 * decommission) uses, each kept for the change that needs it. The deploy tests fail on an unused grant missing
 * here. Removed after the recording showed them unused: kms:Encrypt (S3 uses GenerateDataKey),
 * acm:DescribeCertificate and ec2:GetManagedPrefixListEntries (nothing reads them).
 */
export const GRANTS_THE_LANES_DO_NOT_USE: Readonly<Record<string, string>> = {
  ...because(
    "Removing a tag, or a tag change on a type the day-2 table's new tag does not reach: the provider tags in the create call otherwise.",
    'autoscaling:CreateOrUpdateTags',
    'autoscaling:DeleteTags',
    'cloudwatch:UntagResource',
    'ec2:DeleteTags',
    'elasticloadbalancing:RemoveTags',
    'events:UntagResource',
    'iam:UntagRole',
    'iam:UntagInstanceProfile',
    'iam:ListRoleTags',
    'iam:ListInstanceProfileTags',
    'kms:UntagResource',
    'logs:UntagResource',
    'logs:TagLogGroup',
    'logs:UntagLogGroup',
    'logs:ListTagsLogGroup',
    'rds:RemoveTagsFromResource',
    'sns:UntagResource',
    'ssm:AddTagsToResource',
    'ssm:RemoveTagsFromResource',
    'ssm:ListTagsForResource',
    'wafv2:TagResource',
    'wafv2:UntagResource',
  ),
  ...because(
    "A change of the app's launch template or group (image, type, capacity, health check) rolls out by instance refresh, lifecycle hook and target-group changes.",
    'autoscaling:CancelInstanceRefresh',
    'autoscaling:PutLifecycleHook',
    'autoscaling:DeleteLifecycleHook',
    'autoscaling:DisableMetricsCollection',
    'ec2:DeleteLaunchTemplateVersions',
    'ec2:GetLaunchTemplateData',
  ),
  ...because(
    'An in-place change of the bastion (its type, metadata options, credits, monitoring, instance profile), which the provider makes by stopping and starting it.',
    'ec2:AssociateIamInstanceProfile',
    'ec2:DisassociateIamInstanceProfile',
    'ec2:ReplaceIamInstanceProfileAssociation',
    'ec2:ModifyInstanceCreditSpecification',
    'ec2:ModifyInstanceMetadataOptions',
    'ec2:StartInstances',
    'ec2:StopInstances',
    'ec2:UnmonitorInstances',
  ),
  ...because(
    'A network change in place: a rule description or port, a subnet attribute, an endpoint, a NAT gateway replaced under its routes.',
    'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
    'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
    'ec2:ModifySubnetAttribute',
    'ec2:ModifyVpcEndpoint',
    'ec2:ReplaceRouteTableAssociation',
  ),
  ...because(
    "The first load balancer, Auto Scaling group or database of a fresh AWS account creates the service's linked role (the emulator needs none).",
    'iam:CreateServiceLinkedRole',
  ),
  ...because(
    'A change of a role in place: its trust, description, session length, or the boundary put on a role created before it (README "CI identity", upgrading).',
    'iam:PutRolePermissionsBoundary',
    'iam:UpdateAssumeRolePolicy',
    'iam:UpdateRole',
    'iam:UpdateRoleDescription',
  ),
  ...because(
    "A change of a key's policy, description or alias where the data is disposable (production's guards deny the policy and the alias).",
    'kms:PutKeyPolicy',
    'kms:UpdateAlias',
    'kms:UpdateKeyDescription',
  ),
  ...because(
    "A log group's key or retention changed; AWS WAF's log delivery, which WAF updates and deletes with the caller's permissions.",
    'logs:AssociateKmsKey',
    'logs:DisassociateKmsKey',
    'logs:DeleteRetentionPolicy',
    'logs:GetLogDelivery',
    'logs:ListLogDeliveries',
    'logs:UpdateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:DeleteResourcePolicy',
  ),
  ...because(
    'A database change in place (class, storage, parameters, subnets, events), a reboot it needs, a manual snapshot before an engine upgrade (README).',
    'rds:ModifyDBSubnetGroup',
    'rds:RebootDBInstance',
    'rds:CreateDBSnapshot',
    'rds:ModifyEventSubscription',
    'rds:AddSourceIdentifierToSubscription',
    'rds:RemoveSourceIdentifierFromSubscription',
  ),
  ...because(
    'Destroying an environment with access logs on and disposable data (app.accessLogs in development): emptying and deleting its log bucket. Production is decommissioned by the break-glass role.',
    's3:DeleteBucket',
    's3:DeleteBucketPolicy',
    's3:DeleteObjectVersion',
    's3:ListBucketVersions',
  ),
  ...because(
    "RDS deletes, describes and rotates the master user's secret with the caller's permissions (a database deleted, the rotation schedule changed).",
    'secretsmanager:DeleteSecret',
    'secretsmanager:DescribeSecret',
    'secretsmanager:RotateSecret',
  ),
  ...because(
    'The alert address changed or removed (monitoring.alarmEmail): the subscription is replaced.',
    'sns:ListSubscriptionsByTopic',
    'sns:SetSubscriptionAttributes',
    'sns:Unsubscribe',
  ),
  ...because(
    'machineImage: { latestAmazonLinux: true } reads the public Amazon Linux parameter at every plan.',
    'ssm:GetParameter',
    'ssm:GetParameters',
  ),
  ...because(
    "A change of the Session Manager preferences where the data is disposable (production's guards deny it).",
    'ssm:UpdateDocument',
    'ssm:UpdateDocumentDefaultVersion',
  ),
  ...because(
    'The web ACL changed, or turned off (app.webAcl) where the data is disposable.',
    'wafv2:UpdateWebACL',
    'wafv2:DeleteWebACL',
    'wafv2:DisassociateWebACL',
    'wafv2:DeleteLoggingConfiguration',
    'wafv2:ListResourcesForWebACL',
    'wafv2:ListWebACLs',
  ),
};
