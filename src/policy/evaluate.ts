// Runs the pack over synthesized stacks: every rule on every resource of the types it covers, with waivers
// read from the JSON.
import type { PolicyRule, RuleResult } from './rule';
import type { EnvironmentJson, ResourceView } from './terraform-json';
import { waiversInJson, type Waiver } from './waivers';

export interface Finding {
  readonly rule: PolicyRule;
  readonly resource: ResourceView;
  readonly result: RuleResult;
}

/** A waiver on a resource the rule passes for: it no longer decides anything and should go. */
export interface StaleWaiver {
  readonly resource: ResourceView;
  readonly waiver: Waiver;
}

export interface Evaluation {
  readonly findings: readonly Finding[];
  readonly staleWaivers: readonly StaleWaiver[];
}

/** Evaluates the rules on the resources of `stacks` (all stacks of `env` by default). */
export function evaluate(env: EnvironmentJson, rules: readonly PolicyRule[], stacks?: readonly string[]): Evaluation {
  const findings: Finding[] = [];
  const staleWaivers: StaleWaiver[] = [];
  const byType = new Map<string, PolicyRule[]>();
  for (const rule of rules) for (const type of rule.appliesTo) byType.set(type, [...(byType.get(type) ?? []), rule]);

  for (const resource of env.resources) {
    if (stacks && !stacks.includes(resource.stack)) continue;
    const waivers = waiversInJson(resource);
    for (const rule of byType.get(resource.type) ?? []) {
      const message = rule.check(resource, { env });
      const waiver = waivers.find((w) => w.rule === rule.id);
      if (message === undefined) {
        findings.push({ rule, resource, result: { status: 'pass' } });
        if (waiver) staleWaivers.push({ resource, waiver });
      } else if (waiver) {
        findings.push({ rule, resource, result: { status: 'waived', message, reason: waiver.reason } });
      } else {
        findings.push({ rule, resource, result: { status: 'fail', message } });
      }
    }
  }
  return { findings, staleWaivers };
}

/** `[EC2-IMDSV2] dev-app:aws_launch_template.App: <message> (checkov CKV_AWS_79, ...)` */
export function describeFinding(finding: Finding): string {
  const { checkov = [], cdkNag = [], fsbp = [] } = finding.rule.publicIds;
  const ids = [...checkov.map((id) => `checkov ${id}`), ...cdkNag.map((id) => id), ...fsbp.map((id) => `FSBP ${id}`)];
  const message = finding.result.status === 'pass' ? 'passes' : finding.result.message;
  return `[${finding.rule.id}] ${finding.resource.stack}:${finding.resource.address}: ${message}${ids.length ? ` (${ids.join(', ')})` : ''}`;
}
