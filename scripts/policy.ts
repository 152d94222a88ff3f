// `npm run policy [-- --only-exceptions]`: for each environment, every rule x resource of the policy pack
// (pass, fail, or waived with its reason), the traffic and AZ-failure checks, and the accepted single points
// of failure. Exits non-zero on any failure.
import { environments } from '../src/config/environments';
import { loadEnvironments } from '../src/config/resolve';
import type { Finding } from '../src/policy/evaluate';
import { POLICY_PACK } from '../src/policy/pack';
import { type PolicyReport, policyReport } from '../src/policy/report';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(finding: Finding): string {
  const result = finding.result;
  const outcome =
    result.status === 'pass'
      ? 'pass'
      : result.status === 'fail'
        ? `**FAIL**: ${result.message}`
        : `waived: ${result.reason}`;
  return `| ${finding.rule.id} | ${finding.resource.stack}:${finding.resource.address} | ${cell(outcome)} |`;
}

function print(report: PolicyReport, onlyExceptions: boolean): boolean {
  const { config, findings, staleWaivers, problems, acceptedBreaks } = report;
  const failures = findings.filter((f) => f.result.status === 'fail');
  const waived = findings.filter((f) => f.result.status === 'waived');
  const name = config.context.name;

  console.log(`\n## ${name} (${config.context.kind})\n`);
  console.log(
    `${findings.length} checks of ${POLICY_PACK.length} rules: ${findings.length - failures.length - waived.length} pass, ${waived.length} waived, ${failures.length} fail.\n`,
  );
  console.log('| rule | resource | result |');
  console.log('|---|---|---|');
  for (const finding of findings) if (!onlyExceptions || finding.result.status !== 'pass') console.log(row(finding));
  for (const stale of staleWaivers)
    console.log(
      `| ${stale.waiver.rule} | ${stale.resource.stack}:${stale.resource.address} | stale waiver: the rule passes; remove it |`,
    );

  console.log(
    `\nTraffic table and AZ failure: ${problems.length === 0 ? 'as docs/architecture.md says' : `${problems.length} problem(s)`}`,
  );
  for (const problem of problems) console.log(`- **FAIL** ${problem}`);
  if (acceptedBreaks.length > 0) {
    console.log('\nAccepted single points of failure:');
    for (const { text, reason } of acceptedBreaks) console.log(`- ${text}. Accepted: ${reason}`);
  }
  return failures.length === 0 && problems.length === 0;
}

const onlyExceptions = process.argv.includes('--only-exceptions');
const configs = loadEnvironments(environments, process.env.ENVIRONMENTS);
console.log(
  `# Policy report\n\nRules: ${POLICY_PACK.length}. Read a row as: rule ID, resource (stack:address), result.`,
);
const results = configs.map((config) => print(policyReport(config), onlyExceptions));
if (results.some((ok) => !ok)) {
  console.error('\nPolicy failures: fix the resource, or waive the rule on it with waive(construct, rule, reason).');
  process.exit(1);
}
