// A deployment's recorded calls checked against the identities that make them in CI: each Terraform run is given
// the role that runs it there (plans with the plan role, applies of the CI-deployed stacks with the deploy role, the
// state and CI stacks by an operator, a production decommission by the break-glass role), each of its calls decoded
// into what IAM authorizes, and each authorization evaluated. The figures: calls, denials, and the deploy role's
// grants that no call used.
import type { RecordedCall, TerraformRun } from './call-log';
import {
  administrator,
  covers,
  evaluate,
  grantedActions,
  resourcePolicyFor,
  type Decision,
  type ResourcePolicies,
  type RolePrincipal,
} from './iam-evaluation';
import { decodeCalls, type DecodedCall, type IamRequest } from './iam-requests';

/** Who makes a call in CI and production. */
export enum CiIdentity {
  /** terraform init, plan (`-lock=false`), output and state reads: the read-only plan role. */
  PLAN = 'plan role',
  /** terraform apply and destroy of the stacks CI deploys. */
  DEPLOY = 'deploy role',
  /** The state and CI stacks: an operator, as the break-glass role (README "Bootstrap", "CI identity"). */
  OPERATOR = 'operator',
  /** A production decommission (README "Destroy"): the only identity the data's guards let through. */
  BREAK_GLASS = 'break-glass role',
  /** Calls that no Terraform run made: the tests' own SDK calls standing in for people. */
  HARNESS = 'test harness',
}

/** The tiers an operator applies, never CI. */
const OPERATOR_TIERS = ['state', 'ci'];

/** The identity that makes a run's calls in CI. */
export function identityOf(run: TerraformRun | undefined): CiIdentity {
  if (!run) return CiIdentity.HARNESS;
  const tier = run.stack.slice(run.stack.indexOf('-') + 1);
  if (run.command !== 'apply' && run.command !== 'destroy') return CiIdentity.PLAN;
  if (OPERATOR_TIERS.includes(tier)) return CiIdentity.OPERATOR;
  return run.phase === 'decommission' ? CiIdentity.BREAK_GLASS : CiIdentity.DEPLOY;
}

export interface TraceInput {
  readonly calls: readonly RecordedCall[];
  readonly account: string;
  readonly roles: { readonly plan: RolePrincipal; readonly deploy: RolePrincipal };
  readonly breakGlassRoleArn: string;
  readonly resourcePolicies: ResourcePolicies;
}

/** One authorization of one call, decided for the identity that makes it. */
export interface TracedRequest {
  readonly call: DecodedCall;
  readonly identity: CiIdentity;
  readonly request: IamRequest;
  readonly decision: Decision;
  readonly deniedBy: readonly string[];
  /** For the break-glass role's calls: what the deploy role would get (the guards show here). */
  readonly deployDecision?: Decision;
}

export interface Trace {
  /** Every call of a Terraform run, decoded. */
  readonly calls: readonly DecodedCall[];
  readonly requests: readonly TracedRequest[];
  /** Calls whose operation the Service Authorization Reference has no action for. */
  readonly unmapped: readonly DecodedCall[];
}

function principalFor(identity: CiIdentity, input: TraceInput, run: TerraformRun | undefined): RolePrincipal {
  switch (identity) {
    case CiIdentity.PLAN:
      return input.roles.plan;
    case CiIdentity.DEPLOY:
      return input.roles.deploy;
    default: {
      // An operator and the break-glass role are administrators: only resource policies stand in their way.
      const name = input.breakGlassRoleArn.slice(input.breakGlassRoleArn.lastIndexOf('/') + 1);
      return administrator(run ? name : 'harness', input.breakGlassRoleArn);
    }
  }
}

/** Decodes and evaluates every call that a Terraform run made. */
export async function traceCalls(input: TraceInput): Promise<Trace> {
  const decoded = await decodeCalls(input.calls, input.account);
  const terraform = decoded.filter((call) => call.call.run);
  const requests: TracedRequest[] = [];
  for (const call of terraform) {
    const identity = identityOf(call.call.run);
    const principal = principalFor(identity, input, call.call.run);
    for (const request of call.requests) {
      const policy = resourcePolicyFor(request, input.resourcePolicies);
      // A request the simulator refuses (a resource of the wrong type) is reported with the denials, to be fixed.
      const { decision, deniedBy } = await evaluate(principal, request, policy).catch((error: Error) => ({
        decision: 'ImplicitlyDenied' as const,
        deniedBy: [`the simulator: ${error.message}`],
      }));
      const deployDecision =
        identity === CiIdentity.BREAK_GLASS
          ? (
              await evaluate(input.roles.deploy, request, policy).catch(() => ({
                decision: 'ImplicitlyDenied' as const,
              }))
            ).decision
          : undefined;
      requests.push({ call, identity, request, decision, deniedBy, deployDecision });
    }
  }
  return { calls: terraform, requests, unmapped: terraform.filter((call) => !call.action) };
}

/** `<identity> <stack> <command>: <action> on <resource>` for a report line. */
export function describeRequest(traced: TracedRequest): string {
  const run = traced.call.call.run;
  const by = traced.request.impliedBy ? ` (for ${traced.request.impliedBy})` : '';
  const context = Object.keys(traced.request.context).length ? ` ${JSON.stringify(traced.request.context)}` : '';
  const denied = traced.deniedBy.length ? ` denied by ${traced.deniedBy.join(', ')}` : '';
  return `${traced.identity} ${run?.stack} ${run?.phase}/${run?.command}: ${traced.request.action}${by} on ${traced.request.resource}${context}${denied}`;
}

/** What IAM would deny: each authorization of a run that its identity may not make. */
export function deniedRequests(trace: Trace): TracedRequest[] {
  return trace.requests.filter((r) => r.decision !== 'Allowed');
}

/** The deploy role's grants and the recorded calls that used them. */
export interface GrantUse {
  readonly granted: readonly string[];
  readonly used: readonly string[];
  readonly unused: readonly string[];
}

/**
 * Which of the deploy roles' action entries (`ec2:Describe*` counts once) an allowed call of a deploy role used,
 * over several deployments (each with its environment's deploy role).
 */
export function grantUse(deployments: readonly { readonly deploy: RolePrincipal; readonly trace: Trace }[]): GrantUse {
  const granted = [...new Set(deployments.flatMap(({ deploy }) => grantedActions(deploy)))].sort();
  const actions = new Set(
    deployments.flatMap(({ trace }) =>
      trace.requests
        .filter((r) => r.identity === CiIdentity.DEPLOY && r.decision === 'Allowed')
        .map((r) => r.request.action),
    ),
  );
  const used = granted.filter((entry) => [...actions].some((action) => covers(entry, action)));
  return { granted, used, unused: granted.filter((entry) => !used.includes(entry)) };
}
