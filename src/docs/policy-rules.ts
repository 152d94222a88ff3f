// docs/policy-rules.md: every rule of the policy pack, generated from the pack (its IDs, titles, public rule IDs and
// resource types) and from each rule's file, read with the TypeScript parser: the comment that opens it (why the
// rule exists) and the fixes its messages give (the text after "Fix:").
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { POLICY_PACK } from '../policy/pack';
import type { PolicyRule } from '../policy/rule';
import { anchor, code, generatedHeader, table } from './markdown';

export const POLICY_RULES_DOC = join('docs', 'policy-rules.md');
const RULES_DIR = join('src', 'policy', 'rules');

/** What a rule's file says about it. */
export interface RuleSource {
  readonly file: string;
  /** The area: the folder under src/policy/rules/. */
  readonly area: string;
  /** The file's first comment line: why the rule exists. */
  readonly why: string;
  /** The fixes its messages give, in the order written; `…` stands for what the message fills in. */
  readonly fixes: readonly string[];
}

/** Each rule's file, by rule ID, found by the `id` its object declares. */
export function ruleSources(root: string): Map<string, RuleSource> {
  const sources = new Map<string, RuleSource>();
  for (const area of readdirSync(join(root, RULES_DIR), { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const name of readdirSync(join(root, RULES_DIR, area.name))
      .filter((n) => n.endsWith('.ts'))
      .sort()) {
      const file = join(RULES_DIR, area.name, name);
      const text = readFileSync(join(root, file), 'utf8');
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const ids: string[] = [];
      const fixes: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isPropertyAssignment(node) && node.name.getText() === 'id' && ts.isStringLiteral(node.initializer)) {
          ids.push(node.initializer.text);
        }
        const fix = fixOf(node);
        if (fix && !fixes.includes(fix)) fixes.push(fix);
        ts.forEachChild(node, visit);
      };
      visit(source);
      const why = /^\/\/ (.*)/.exec(text)?.[1] ?? '';
      for (const id of ids) sources.set(id, { file, area: area.name, why, fixes });
    }
  }
  return sources;
}

/** The text after "Fix:" in a string or template literal, its substitutions as `…`. */
function fixOf(node: ts.Node): string | undefined {
  let text: string | undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
  if (ts.isTemplateExpression(node)) {
    text = node.head.text + node.templateSpans.map((span) => `…${span.literal.text}`).join('');
  }
  const at = text?.indexOf('Fix:') ?? -1;
  return text !== undefined && at >= 0 ? text.slice(at + 'Fix:'.length).trim() : undefined;
}

function publicIds(rule: PolicyRule): string {
  const { checkov = [], cdkNag = [], fsbp = [] } = rule.publicIds;
  return [
    checkov.length > 0 ? `checkov ${checkov.join(', ')}` : '',
    cdkNag.length > 0 ? `cdk-nag ${cdkNag.join(', ')}` : '',
    fsbp.length > 0 ? `FSBP ${fsbp.join(', ')}` : '',
  ]
    .filter((text) => text !== '')
    .join('; ');
}

export function renderPolicyRulesDoc(root: string): string {
  const sources = ruleSources(root);
  const missing = POLICY_PACK.filter((rule) => !sources.has(rule.id)).map((rule) => rule.id);
  if (missing.length > 0) throw new Error(`no file under ${RULES_DIR} declares the rule(s) ${missing.join(', ')}`);
  const areas = [...new Set(POLICY_PACK.map((rule) => sources.get(rule.id)?.area ?? ''))];
  const lines = [
    generatedHeader('src/docs/policy-rules.ts', 'the policy pack, src/policy/pack.ts and src/policy/rules/**'),
    '# Policy rules',
    '',
    `The policy pack (\`src/policy/pack.ts\`): ${POLICY_PACK.length} rules that every synthesized stack passes, or waives`,
    'on a resource with a reason (`waive(construct, rule, reason)`, next to the setting that causes it; see',
    '[the waivers](waivers.md)). A failing rule stops `npm run synth` with the rule, the resource and the fix;',
    '`npm run policy` prints every rule on every resource. The public rule IDs are the checks of checkov, cdk-nag',
    "(AwsSolutions) and AWS Foundational Security Best Practices (Security Hub) that a rule stands for: CI's",
    'checkov gate accepts a checkov finding only on a resource that waives the rule listing its ID.',
    '',
    `Areas: ${areas.map((area) => `[${area}](#${anchor(area)})`).join(' · ')}`,
    '',
  ];
  for (const area of areas) {
    const rules = POLICY_PACK.filter((rule) => sources.get(rule.id)?.area === area);
    const rows = rules.map((rule) => {
      const source = sources.get(rule.id) as RuleSource;
      return [
        `[${code(rule.id)}](../${source.file})`,
        publicIds(rule),
        `${rule.title}. ${source.why}`,
        rule.appliesTo.map(code).join(', '),
        source.fixes.join(' Or: '),
      ];
    });
    lines.push(`## ${area}`, '', table(['rule', 'public rule IDs', 'checks', 'applies to', 'fix'], rows), '');
  }
  return `${lines.join('\n')}\n`;
}
