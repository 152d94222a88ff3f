// Waivers: an explicit, written decision that a resource does not follow a rule. They live as construct
// metadata next to the setting that causes them, and are copied into the synthesized JSON (under the `//`
// comment key, which Terraform ignores) so that reports and the CI's checkov gate read the same decisions.
import type { IConstruct } from 'constructs';
import type { ResourceView } from './terraform-json';

export interface Waiver {
  /** Our rule ID (`RDS-MULTI-AZ`). */
  readonly rule: string;
  /** Why: a sentence a reviewer can judge, not "n/a". */
  readonly reason: string;
}

const METADATA_TYPE = 'policy/waiver';
/** Where a resource's waivers are written in its synthesized JSON: `"//": { "policy_waivers": [...] }`. */
export const JSON_KEY = 'policy_waivers';

/** Waives `rule` for `scope` and everything under it. */
export function waive(scope: IConstruct, rule: string, reason: string): void {
  scope.node.addMetadata(METADATA_TYPE, { rule, reason } satisfies Waiver, { stackTrace: false });
}

/** The waivers that apply to a construct: its own and its parents'. */
export function waiversOf(construct: IConstruct): Waiver[] {
  return construct.node.scopes.flatMap((scope) =>
    scope.node.metadata.filter((entry) => entry.type === METADATA_TYPE).map((entry) => entry.data as Waiver),
  );
}

/** What is wrong with a waiver, or undefined: an unknown rule, or a reason that is not a real sentence. */
export function waiverProblem(waiver: Waiver, knownRules: ReadonlySet<string>): string | undefined {
  if (!knownRules.has(waiver.rule)) {
    return `waives "${waiver.rule}", which is not a rule of the policy pack. Fix: use one of the IDs \`npm run policy\` lists, or remove the waiver.`;
  }
  const words = waiver.reason
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length < 6 || !/[.!]$/.test(waiver.reason.trim())) {
    return `waives "${waiver.rule}" without a reason of at least a sentence ("${waiver.reason}"). Fix: say why the risk is accepted, in a full sentence.`;
  }
  return undefined;
}

/** The waivers written into a resource's synthesized JSON. */
export function waiversInJson(resource: ResourceView): Waiver[] {
  const comment = resource.config['//'];
  if (!comment || typeof comment !== 'object') return [];
  const waivers = (comment as Record<string, unknown>)[JSON_KEY];
  return Array.isArray(waivers) ? (waivers as Waiver[]) : [];
}
