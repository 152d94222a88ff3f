// Applies the policy pack to every stack as a CDKTF Aspect: copies waivers into the JSON, evaluates the rules
// on the stack's resolved Terraform JSON, and turns every unwaived failure into an error annotation, which
// makes `cdktf synth` (and the tests) fail with the rule, the resource address and the fix.
import { Annotations, TerraformProvider, TerraformResource, TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { describeFinding, evaluate } from './evaluate';
import type { PolicyRule } from './rule';
import { EnvironmentJson, type StackJson } from './terraform-json';
import { JSON_KEY, waiverProblem, waiversOf } from './waivers';

export interface PolicyAspectProps {
  readonly rules: readonly PolicyRule[];
  /** The stacks of the environment, for references between them and the environment-wide checks. */
  readonly stacks: () => readonly TerraformStack[];
  /** Checks over the whole environment, run once every stack of it has been visited. */
  readonly environmentChecks?: (env: EnvironmentJson) => string[];
}

function addressOf(construct: IConstruct): string | undefined {
  if (construct instanceof TerraformResource) return `${construct.terraformResourceType}.${construct.friendlyUniqueId}`;
  if (construct instanceof TerraformProvider) return `provider.${construct.terraformResourceType}`;
  return undefined;
}

export class PolicyAspect implements IAspect {
  private readonly known: ReadonlySet<string>;
  private readonly json = new Map<string, StackJson>();
  private readonly visited = new Set<string>();

  constructor(private readonly props: PolicyAspectProps) {
    this.known = new Set(props.rules.map((rule) => rule.id));
  }

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const env = this.environment();
    const constructs = new Map<string, IConstruct>();
    for (const construct of node.node.findAll()) {
      const address = addressOf(construct);
      if (address) constructs.set(address, construct);
    }
    const { findings, staleWaivers } = evaluate(env, this.props.rules, [node.node.id]);
    for (const finding of findings) {
      if (finding.result.status !== 'fail') continue;
      Annotations.of(constructs.get(finding.resource.address) ?? node).addError(describeFinding(finding));
    }
    for (const stale of staleWaivers) {
      Annotations.of(constructs.get(stale.resource.address) ?? node).addWarning(
        `[${stale.waiver.rule}] ${node.node.id}:${stale.resource.address} passes the rule it waives. Fix: remove the waiver.`,
      );
    }
    this.visited.add(node.node.id);
    const stacks = this.props.stacks();
    if (this.props.environmentChecks && stacks.every((stack) => this.visited.has(stack.node.id))) {
      for (const problem of this.props.environmentChecks(env)) Annotations.of(node).addError(problem);
    }
  }

  /** Checks the waivers of a resource and writes them into its JSON, where reports and checkov's gate read them. */
  private recordWaivers(construct: IConstruct): void {
    const waivers = waiversOf(construct);
    if (waivers.length === 0 || !(construct instanceof TerraformResource || construct instanceof TerraformProvider))
      return;
    for (const waiver of waivers) {
      const problem = waiverProblem(waiver, this.known);
      if (problem) Annotations.of(construct).addError(`[waiver] ${addressOf(construct)} ${problem}`);
    }
    construct.addOverride(`//.${JSON_KEY}`, waivers);
  }

  /**
   * The environment's stacks as JSON, computed once, on the first visit: every stack's waivers are recorded first,
   * so the JSON already carries them, and nothing the aspect does afterwards changes it.
   */
  private environment(): EnvironmentJson {
    if (this.json.size === 0) {
      const stacks = this.props.stacks();
      for (const stack of stacks) for (const construct of stack.node.findAll()) this.recordWaivers(construct);
      for (const stack of stacks) this.json.set(stack.node.id, stack.toTerraform() as StackJson);
    }
    return new EnvironmentJson(Object.fromEntries(this.json));
  }
}
