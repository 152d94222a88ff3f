// `npm run checkov:gate -- <checkov-results.json> <cdktf.out dir>`: fails CI on every checkov finding that the
// policy pack does not waive. A finding is waived when the resource it names carries a policy waiver (copied
// into its synthesized JSON under "//": {"policy_waivers": [...]}, see src/policy/waivers.ts) whose rule lists
// the finding's checkov ID in `publicIds.checkov`: the same written decisions as `npm run policy`, no second
// suppression list. Exit codes: 0 nothing unwaived, 1 some finding unwaived, 2 bad input.
//
// `npm run checkov:gate -- --prepare <cdktf.out dir> <out dir>` copies the stacks for checkov's terraform_json
// parser, which stops on block entries that are not objects (see `checkovCompatible`).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { POLICY_PACK } from '../src/policy/pack';
import type { PolicyRule } from '../src/policy/rule';
import { resourcesOf, type ResourceView, type StackJson } from '../src/policy/terraform-json';
import { waiversInJson } from '../src/policy/waivers';

/** What the gate needs of a rule: its ID and the checkov IDs it implements. */
export type GateRule = Pick<PolicyRule, 'id' | 'publicIds'>;

/** One failed check, as checkov's JSON output has it (a `Record` of checkov/common/output/record.py). */
export interface CheckovFailure {
  readonly check_id: string;
  readonly check_name: string;
  /** `aws_lb.LoadBalancer` (graph checks), `resource.LoadBalancer` (terraform_json resource checks), ... */
  readonly resource: string;
  /** Relative to the scanned directory: `/stacks/dev-app/cdk.tf.json`. */
  readonly file_path: string;
  readonly guideline?: string | null;
}

/** One report of checkov's JSON output: `Report.get_dict()` in checkov/common/output/report.py. */
export interface CheckovReport {
  readonly check_type: string;
  readonly results: {
    readonly failed_checks?: readonly CheckovFailure[];
    readonly parsing_errors?: readonly string[];
  };
}

export interface WaivedFinding {
  readonly failure: CheckovFailure;
  readonly stack: string;
  readonly resource: ResourceView;
  readonly rule: string;
  readonly reason: string;
}

export interface UnwaivedFinding {
  readonly failure: CheckovFailure;
  readonly stack?: string;
  readonly resource?: ResourceView;
  /** Why it is not waived. */
  readonly why: string;
}

export interface GateResult {
  readonly waived: readonly WaivedFinding[];
  readonly unwaived: readonly UnwaivedFinding[];
  /** Files checkov could not parse: nothing in them was checked. */
  readonly parsingErrors: readonly string[];
  /** How many reports checkov produced; 0 when it found nothing to check. */
  readonly reports: number;
}

export const FIX_HINT = 'fix the resource, or add/extend a rule of the policy pack and waive it with a reason';

/** Bad input: a missing file, a file that is not checkov's JSON output, a directory without stacks. */
export class GateInputError extends Error {
  override readonly name = 'GateInputError';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function isFailure(value: unknown): value is CheckovFailure {
  return (
    isObject(value) &&
    typeof value.check_id === 'string' &&
    typeof value.resource === 'string' &&
    typeof value.file_path === 'string' &&
    typeof value.check_name === 'string'
  );
}

/**
 * checkov's JSON output as a list of reports. checkov prints one report object, a list of them (one per
 * framework), or only a summary (`{"passed": 0, "failed": 0, ...}`) when it found nothing to check.
 */
export function parseCheckovOutput(json: unknown): CheckovReport[] {
  const items = Array.isArray(json) ? json : [json];
  if (items.length === 0)
    throw new GateInputError('an empty list: checkov prints one report object or a list of reports');
  const reports: CheckovReport[] = [];
  for (const [index, item] of items.entries()) {
    const where = Array.isArray(json) ? `report ${index}` : 'the report';
    if (!isObject(item)) throw new GateInputError(`${where} is not an object`);
    if (!('check_type' in item) && !('results' in item) && 'checkov_version' in item && 'failed' in item) {
      // The summary checkov prints when no report has a result: nothing was checked.
      continue;
    }
    if (typeof item.check_type !== 'string' || !isObject(item.results)) {
      throw new GateInputError(
        `${where} has no "check_type" and "results": not checkov's JSON output (run checkov with --output json)`,
      );
    }
    const failed = item.results.failed_checks ?? [];
    if (!Array.isArray(failed)) throw new GateInputError(`${where}: "results.failed_checks" is not a list`);
    failed.forEach((failure, i) => {
      if (!isFailure(failure)) {
        throw new GateInputError(`${where}: failed check ${i} lacks check_id, check_name, resource or file_path`);
      }
    });
    const parsingErrors = item.results.parsing_errors ?? [];
    reports.push({
      check_type: item.check_type,
      results: {
        failed_checks: failed as CheckovFailure[],
        parsing_errors: Array.isArray(parsingErrors) ? parsingErrors.map(String) : [],
      },
    });
  }
  return reports;
}

/** The stack a finding's file belongs to: `/stacks/dev-app/cdk.tf.json` -> `dev-app`. */
export function stackOfFile(filePath: string, stacks: Readonly<Record<string, StackJson>>): string | undefined {
  const normalized = filePath.replace(/\\/g, '/');
  const match = /(?:^|\/)stacks\/([^/]+)\/[^/]+$/.exec(normalized);
  if (match && match[1] in stacks) return match[1];
  const parent = basename(dirname(normalized));
  return parent in stacks ? parent : undefined;
}

/**
 * The resources of `stack` a finding's `resource` names. Matched on the name (the last segment, without an
 * index), which CDKTF keeps unique within a stack, since checkov writes it as `aws_lb.LoadBalancer`,
 * `resource.LoadBalancer` or `module.x.aws_lb.LoadBalancer` depending on the check; the type narrows the match
 * when it is there.
 */
export function resourcesNamed(resource: string, resources: readonly ResourceView[]): ResourceView[] {
  const segments = resource.replace(/\[[^\]]*\]/g, '').split('.');
  const name = segments[segments.length - 1];
  const type = segments.length >= 2 ? segments[segments.length - 2] : undefined;
  const named = resources.filter((r) => r.name === name);
  const typed = named.filter((r) => r.type === type || r.type === `provider.${type}`);
  return typed.length > 0 ? typed : named;
}

/** Decides one finding: waived (with the rule and reason) or not (with why). */
function decide(
  failure: CheckovFailure,
  stacks: Readonly<Record<string, StackJson>>,
  resourcesByStack: ReadonlyMap<string, readonly ResourceView[]>,
  rules: ReadonlyMap<string, GateRule>,
): WaivedFinding | UnwaivedFinding {
  const stack = stackOfFile(failure.file_path, stacks);
  if (!stack) return { failure, why: `${failure.file_path} is not the cdk.tf.json of a synthesized stack` };
  const candidates = resourcesNamed(failure.resource, resourcesByStack.get(stack) ?? []);
  if (candidates.length === 0)
    return { failure, stack, why: `no resource named like "${failure.resource}" in ${stack}` };

  let waived: WaivedFinding | undefined;
  for (const resource of candidates) {
    const waivers = waiversInJson(resource);
    const waiver = waivers.find((w) => rules.get(w.rule)?.publicIds.checkov?.includes(failure.check_id));
    if (!waiver) {
      if (waivers.length === 0) return { failure, stack, resource, why: 'no policy waiver on the resource' };
      const named = waivers
        .map((w) => (rules.has(w.rule) ? w.rule : `${w.rule} (not a rule of the policy pack)`))
        .join(', ');
      return {
        failure,
        stack,
        resource,
        why: `its waivers (${named}) name no rule that lists ${failure.check_id} in publicIds.checkov`,
      };
    }
    waived ??= { failure, stack, resource, rule: waiver.rule, reason: waiver.reason };
  }
  return waived as WaivedFinding;
}

/**
 * The gate, without files: every failed check of `reports` decided against the waivers in the synthesized
 * `stacks` (by stack name) and the checkov IDs of `rules` (the policy pack by default).
 */
export function gate(
  reports: readonly CheckovReport[],
  stacks: Readonly<Record<string, StackJson>>,
  rules: readonly GateRule[] = POLICY_PACK,
): GateResult {
  const resourcesByStack = new Map(Object.entries(stacks).map(([name, json]) => [name, resourcesOf(name, json)]));
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const waived: WaivedFinding[] = [];
  const unwaived: UnwaivedFinding[] = [];
  for (const report of reports) {
    for (const failure of report.results.failed_checks ?? []) {
      const decision = decide(failure, stacks, resourcesByStack, byId);
      if ('rule' in decision) waived.push(decision);
      else unwaived.push(decision);
    }
  }
  const parsingErrors = reports.flatMap((report) => report.results.parsing_errors ?? []);
  return { waived, unwaived, parsingErrors, reports: reports.length };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function where(finding: { failure: CheckovFailure; stack?: string; resource?: ResourceView }): string {
  if (finding.stack && finding.resource) return `${finding.stack}:${finding.resource.address}`;
  return `${finding.failure.file_path} ${finding.failure.resource}`;
}

/** The gate's report as Markdown (the job summary): waived findings with their reason, unwaived ones with a fix. */
export function formatReport(result: GateResult): string {
  const lines = ['## checkov, gated by the policy pack', ''];
  const total = result.waived.length + result.unwaived.length;
  lines.push(
    `${total} failed check(s): ${result.waived.length} waived by the policy pack, ${result.unwaived.length} not waived.`,
    '',
  );
  if (result.waived.length > 0) {
    lines.push('### Waived', '', '| check | resource | rule | reason |', '|---|---|---|---|');
    for (const w of result.waived) {
      lines.push(
        `| ${w.failure.check_id} ${cell(w.failure.check_name)} | ${cell(where(w))} | ${w.rule} | ${cell(w.reason)} |`,
      );
    }
    lines.push('');
  }
  if (result.unwaived.length > 0) {
    lines.push('### Not waived', '', '| check | resource | why | fix |', '|---|---|---|---|');
    for (const u of result.unwaived) {
      const guide = u.failure.guideline ? ` (${u.failure.guideline})` : '';
      lines.push(
        `| ${u.failure.check_id} ${cell(u.failure.check_name)} | ${cell(where(u))} | ${cell(u.why)} | ${FIX_HINT}${cell(guide)} |`,
      );
    }
    lines.push('');
  }
  if (result.parsingErrors.length > 0) {
    lines.push('### Not checked', '', 'checkov could not parse these files, so nothing in them was checked:', '');
    for (const file of result.parsingErrors) lines.push(`- ${file}`);
    lines.push('');
  }
  if (result.reports === 0)
    lines.push('checkov checked nothing: it found no Terraform JSON with resources to check.', '');
  return lines.join('\n');
}

/** Whether the gate passes: nothing unwaived, every file parsed, and something was checked. */
export function passes(result: GateResult): boolean {
  return result.unwaived.length === 0 && result.parsingErrors.length === 0 && result.reports > 0;
}

/** The synthesized stacks of a cdktf.out directory: `stacks/<stack>/cdk.tf.json`, by stack name. */
export function readStacks(outDir: string): Record<string, StackJson> {
  const stacksDir = join(outDir, 'stacks');
  if (!existsSync(stacksDir) || !statSync(stacksDir).isDirectory()) {
    throw new GateInputError(
      `${outDir} has no stacks/ directory: pass the cdktf.out directory that \`npm run synth\` wrote`,
    );
  }
  const stacks: Record<string, StackJson> = {};
  for (const name of readdirSync(stacksDir).sort()) {
    const file = join(stacksDir, name, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    try {
      stacks[name] = JSON.parse(readFileSync(file, 'utf8')) as StackJson;
    } catch (error) {
      throw new GateInputError(`${file} is not JSON: ${(error as Error).message}`);
    }
  }
  if (Object.keys(stacks).length === 0) throw new GateInputError(`${stacksDir} holds no <stack>/cdk.tf.json`);
  return stacks;
}

/** checkov's JSON output from a file. */
export function readCheckovOutput(file: string): CheckovReport[] {
  if (!existsSync(file))
    throw new GateInputError(`${file} does not exist: did checkov run, with --output json --output-file-path?`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GateInputError(`${file} is not JSON (${(error as Error).message}): not checkov's --output json`);
  }
  try {
    return parseCheckovOutput(json);
  } catch (error) {
    throw new GateInputError(`${file}: ${(error as Error).message}`);
  }
}

/** Blocks whose entries are `type -> name -> config` (or lists, for providers): checkov reads these as they are. */
const NESTED_BLOCKS = new Set(['resource', 'data', 'provider', '//']);

/**
 * A stack's JSON as checkov's terraform_json parser can read it: it hands every entry of the other top-level
 * blocks to a function that accepts only objects, and stops the whole scan on a string such as a local's value
 * or `terraform.required_version` (bridgecrewio/checkov#7454). Those entries are left out; resources, data
 * sources and providers, which checkov checks, are unchanged. Returns the copy and what was left out.
 */
export function checkovCompatible(stack: Readonly<Record<string, unknown>>): {
  json: Record<string, unknown>;
  dropped: string[];
} {
  const json: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [block, entries] of Object.entries(stack)) {
    if (NESTED_BLOCKS.has(block) || !isObject(entries)) {
      json[block] = entries;
      continue;
    }
    json[block] = Object.fromEntries(
      Object.entries(entries).filter(([key, value]) => {
        const keep = isObject(value) || key === '//';
        if (!keep) dropped.push(`${block}.${key}`);
        return keep;
      }),
    );
  }
  return { json, dropped };
}

/** Writes the checkov-compatible copy of every stack of `outDir` to `<target>/stacks/<stack>/cdk.tf.json`. */
export function prepareForCheckov(outDir: string, target: string): string[] {
  const notes: string[] = [];
  for (const [name, stack] of Object.entries(readStacks(outDir))) {
    const { json, dropped } = checkovCompatible(stack as Record<string, unknown>);
    mkdirSync(join(target, 'stacks', name), { recursive: true });
    writeFileSync(join(target, 'stacks', name, 'cdk.tf.json'), `${JSON.stringify(json, null, 2)}\n`);
    notes.push(`${name}: ${dropped.length === 0 ? 'as synthesized' : `left out ${dropped.join(', ')}`}`);
  }
  return notes;
}

const USAGE = [
  'usage: npm run checkov:gate -- <checkov-results.json> <cdktf.out dir>',
  '       npm run checkov:gate -- --prepare <cdktf.out dir> <dir for checkov>',
].join('\n');

/** The command line; returns the exit code. */
export function main(
  args: readonly string[],
  out: (text: string) => void = console.log,
  err: (text: string) => void = console.error,
): number {
  try {
    if (args[0] === '--prepare') {
      if (args.length !== 3) throw new GateInputError(USAGE);
      for (const note of prepareForCheckov(args[1], args[2])) out(note);
      return 0;
    }
    if (args.length !== 2) throw new GateInputError(USAGE);
    const [resultsFile, outDir] = args;
    const result = gate(readCheckovOutput(resultsFile), readStacks(outDir));
    out(formatReport(result));
    if (!passes(result)) {
      err(
        `checkov gate: ${result.unwaived.length} finding(s) not waived by the policy pack${result.parsingErrors.length ? `, ${result.parsingErrors.length} file(s) not parsed` : ''}${result.reports === 0 ? ', nothing checked' : ''}.`,
      );
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof GateInputError) {
      err(`checkov gate: bad input: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

// Run as a script (`node scripts/run-ts.js scripts/checkov-gate.ts`, which runs .build/checkov-gate.bundle.js),
// not when a test imports the functions above.
if (/checkov-gate(\.bundle)?\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) process.exitCode = main(process.argv.slice(2));
