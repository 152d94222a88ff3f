// docs/waivers.md: what each shipped environment waives, and why, generated from the policy pack's own report
// (src/policy/report.ts, the one `npm run policy` prints): each waiver once, with the resources and environments
// it covers and its reason as written on the resource.
import { join } from 'node:path';
import { environments } from '../config/environments';
import { loadEnvironments } from '../config/resolve';
import { policyReport } from '../policy/report';
import { code, generatedHeader, table } from './markdown';

export const WAIVERS_DOC = join('docs', 'waivers.md');

interface WaiverRow {
  readonly rule: string;
  readonly reason: string;
  /** `<tier>:<address>` of each resource (without the environment's prefix), with the environments it is in. */
  readonly resources: Map<string, string[]>;
}

export function renderWaiversDoc(): string {
  const configs = loadEnvironments(environments);
  const names = configs.map((config) => config.context.name);
  const rows: WaiverRow[] = [];
  for (const config of configs) {
    const name = config.context.name;
    for (const finding of policyReport(config).findings) {
      if (finding.result.status !== 'waived') continue;
      const { reason } = finding.result;
      const resource = `${finding.resource.stack.slice(name.length + 1)}:${finding.resource.address}`;
      let row = rows.find((r) => r.rule === finding.rule.id && r.reason === reason);
      if (!row) {
        row = { rule: finding.rule.id, reason, resources: new Map() };
        rows.push(row);
      }
      row.resources.set(resource, [...(row.resources.get(resource) ?? []), name]);
    }
  }
  rows.sort((a, b) => a.rule.localeCompare(b.rule) || a.reason.localeCompare(b.reason));
  const inWhich = (environmentNames: readonly string[]) =>
    environmentNames.length === names.length ? 'all' : environmentNames.join(', ');
  const tableRows = rows.map((row) => {
    const environmentsOfRow = names.filter((name) => [...row.resources.values()].some((envs) => envs.includes(name)));
    const resources = [...row.resources.entries()].map(([resource, envs]) =>
      envs.length === environmentsOfRow.length ? code(resource) : `${code(resource)} (${envs.join(', ')})`,
    );
    return [code(row.rule), inWhich(environmentsOfRow), resources.join(', '), row.reason];
  });
  const lines = [
    generatedHeader(
      'src/docs/waivers.ts',
      "the policy pack's report on the environments of src/config/environments.ts",
    ),
    '# Waivers',
    '',
    `What the environments of \`src/config/environments.ts\` (${names.join(', ')}) waive of [the policy rules](policy-rules.md),`,
    'and why: each waiver is a decision written on the resource (`waive(construct, rule, reason)`), next to the setting',
    'that causes it, copied into its synthesized JSON, where the report and the checkov gate read it. The reason is',
    'the one on the resource; resources are `<tier>:<address>` in the stack `<environment>-<tier>`.',
    '`npm run policy -- --only-exceptions` lists them for any configured environment.',
    '',
    table(['rule', 'environments', 'resources', 'reason'], tableRows),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
