// IAM policy simulation of the synthesized stacks with @cloud-copilot/iam-simulate: the policies are read from the
// Terraform JSON, their CDKTF references replaced by plausible values, and each request is evaluated as IAM would.
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { EnvironmentJson } from '../../src/policy/terraform-json';

/** The account every simulated resource lives in (the one `data.aws_caller_identity` would return). */
export const ACCOUNT = '111122223333';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** A plausible value for one attribute of a resource, read from its configuration where the value is known there. */
function attributeValue(
  type: string,
  name: string,
  attribute: string,
  config: Readonly<Record<string, unknown>>,
  region: string,
): string {
  const key = `${type}.${attribute}`;
  switch (key) {
    case 'aws_iam_openid_connect_provider.arn':
      return `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(config.url).replace(/^https:\/\//, '')}`;
    case 'aws_iam_policy.arn':
      return `arn:aws:iam::${ACCOUNT}:policy/${String(config.name)}`;
    case 'aws_iam_role.arn':
      return `arn:aws:iam::${ACCOUNT}:role/${String(config.name)}`;
    case 'aws_cloudwatch_log_group.arn':
      return `arn:aws:logs:${region}:${ACCOUNT}:log-group:${String(config.name)}`;
    case 'aws_db_instance.master_user_secret[0].secret_arn':
      // RDS names the secret rds!db-<uuid>; Secrets Manager appends six random characters.
      return `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:rds!db-3f1c2b7e-8d4a-4c59-9e0f-${name.length.toString().padStart(12, '0')}-AbCdEf`;
    case 'aws_s3_bucket.arn':
      return `arn:aws:s3:::${String(config.bucket)}`;
    case 'aws_lb_target_group.arn':
      return `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:targetgroup/${String(config.name_prefix ?? config.name)}0123456789abcdef/0123456789abcdef`;
    case 'aws_kms_key.arn':
      return `arn:aws:kms:${region}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    default:
      throw new Error(`iam simulation: no value for ${type}.${name}.${attribute}; add a rule to attributeValue()`);
  }
}

/**
 * Replaces every `${...}` reference in a synthesized value, seen from `stack`: the caller identity's account, a
 * resource's attribute, or a remote-state output (followed to the upstream stack's own expression).
 */
export function resolveReferences(text: string, env: EnvironmentJson, stack: string, region: string): string {
  return text.replace(/\$\{([^}]+)\}/g, (whole, inner: string) => {
    if (/^data\.aws_caller_identity\.[A-Za-z0-9_-]+\.account_id$/.test(inner)) return ACCOUNT;
    const remote =
      /^data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9-]+)\.outputs\.([A-Za-z0-9_.-]+)$/.exec(
        inner,
      );
    if (remote) {
      const [, upstream, output] = remote;
      const value = env.stacks[upstream]?.output?.[output]?.value;
      if (typeof value !== 'string') throw new Error(`iam simulation: no output ${output} in ${upstream}`);
      return resolveReferences(value, env, upstream, region);
    }
    const reference = /^(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(.+)$/.exec(inner);
    if (!reference) throw new Error(`iam simulation: cannot resolve ${whole}`);
    const [, type, name, attribute] = reference;
    const resource = env.get(stack, `${type}.${name}`);
    if (!resource) throw new Error(`iam simulation: ${stack} has no ${type}.${name}`);
    return attributeValue(type, name, attribute, resource.config, region);
  });
}

/** A policy document held in a resource attribute (`policy`, `assume_role_policy`), references resolved. */
export function policyOf(
  env: EnvironmentJson,
  stack: string,
  address: string,
  attribute: string,
  region: string,
): object {
  const resource = env.get(stack, address);
  if (!resource) throw new Error(`no ${address} in ${stack}`);
  const value = resource.config[attribute];
  if (typeof value !== 'string') throw new Error(`${stack}:${address}.${attribute} is not a literal policy document`);
  return JSON.parse(resolveReferences(value, env, stack, region)) as object;
}

export interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
}

export interface Principal {
  /** The session's ARN (`arn:aws:sts::<account>:assumed-role/<role>/<session>`) or the role's. */
  readonly arn: string;
  readonly roleArn: string;
  readonly identityPolicies: readonly object[];
  readonly boundary?: object;
}

/**
 * What IAM decides for `request` made by `principal`, with an optional resource policy (a bucket policy). Throws when
 * the simulator refuses the input (an invalid policy, an action that does not exist, a resource of the wrong type)
 * or ignores a context key (a condition it would then never see), so a denial always means IAM denies.
 */
export async function decide(principal: Principal, request: Request, resourcePolicy?: object): Promise<Decision> {
  const simulation: Simulation = {
    request: {
      principal: principal.arn,
      action: request.action,
      resource: { resource: request.resource, accountId: ACCOUNT },
      // Every request reaches AWS over TLS, as the SDKs' and Terraform's do; the role is the principal.
      contextVariables: {
        'aws:SecureTransport': 'true',
        'aws:PrincipalArn': principal.roleArn,
        'aws:PrincipalAccount': ACCOUNT,
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
  if (result.resultType !== 'single')
    throw new Error(`simulation of ${request.action} on ${request.resource} matched several resources`);
  const ignored = result.result.ignoredContextKeys ?? [];
  const meaningful = ignored.filter(
    (key) =>
      !['aws:SecureTransport', 'aws:PrincipalArn', 'aws:PrincipalAccount'].includes(key) ||
      request.context?.[key] !== undefined,
  );
  if (meaningful.length > 0)
    throw new Error(`simulation of ${request.action} ignored the context keys ${meaningful.join(', ')}`);
  return result.overallResult as Decision;
}

/** A GitHub Actions OIDC token's claims, as STS sees them, named as IAM's condition keys name them (without the host). */
export type Claims = Readonly<Record<string, string>>;

const HOST = 'token.actions.githubusercontent.com';

/**
 * Whether STS lets a GitHub token assume the role with trust policy `trust`. The Service Authorization Reference
 * lists GitHub's own claims (ref, environment, job_workflow_ref, ...) as condition keys of AssumeRoleWithWebIdentity
 * but not the generic OIDC `aud` and `sub`, which STS has always evaluated; iam-simulate drops keys the reference does
 * not list. So the trust policy is first validated by runSimulation (it must not be refused), then evaluated with
 * runUnsafeSimulation, which keeps every key. (runUnsafeSimulation 0.1.173 reads the resource policy's name from its
 * metadata, which it does not set for a plain document: the document is passed as a validated policy.)
 */
export async function assumable(
  trust: object,
  roleArn: string,
  providerArn: string,
  claims: Claims,
): Promise<Decision> {
  const contextVariables = Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [`${HOST}:${name}`, value]),
  );
  const base = {
    request: {
      principal: providerArn,
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: { resource: roleArn, accountId: ACCOUNT },
      contextVariables,
    },
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  const validated = await runSimulation({ ...base, resourcePolicy: trust }, {});
  if (validated.resultType === 'error')
    throw new Error(`the trust policy of ${roleArn} is refused: ${JSON.stringify(validated.errors)}`);
  return runUnsafeSimulation(
    {
      ...base,
      resourcePolicy: { __validated: true, policyDocument: trust, metadata: { name: 'trust policy' }, errors: [] },
    } as Simulation,
    {},
  ) as Decision;
}
