// The checkov gate: checkov findings are accepted only where the policy pack waives them (scripts/checkov-gate.ts).
// Fixtures: __tests__/fixtures/checkov/results.json is checkov's `--output json` for one framework (one
// `Report.get_dict()`, see checkov/common/output/report.py and record.py), and synth/stacks/dev-app/cdk.tf.json a
// synthesized stack whose load balancer waives two rules.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FIX_HINT,
  checkovCompatible,
  formatReport,
  gate,
  main,
  parseCheckovOutput,
  passes,
  prepareForCheckov,
  readStacks,
  type CheckovFailure,
  type CheckovReport,
  type GateRule,
} from '../../scripts/checkov-gate';
import { POLICY_PACK } from '../../src/policy/pack';
import type { StackJson } from '../../src/policy/terraform-json';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, '..', 'fixtures', 'checkov');
const RESULTS_FILE = join(FIXTURES, 'results.json');
const SYNTH_DIR = join(FIXTURES, 'synth');

/** A small policy pack: only the IDs matter to the gate. */
const RULES: readonly GateRule[] = [
  { id: 'ELB-ACCESS-LOGS', publicIds: { checkov: ['CKV_AWS_91'] } },
  { id: 'ELB-WAF', publicIds: { checkov: ['CKV2_AWS_28'] } },
  { id: 'ELB-DELETION-PROTECTION', publicIds: { checkov: ['CKV_AWS_150'] } },
];

function fixtureJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>;
}

/** The fixture report with only the failed checks that `keep` selects. */
function reportWith(keep: (failure: CheckovFailure) => boolean): CheckovReport[] {
  const [report] = parseCheckovOutput(fixtureJson());
  return [
    { ...report, results: { ...report.results, failed_checks: (report.results.failed_checks ?? []).filter(keep) } },
  ];
}

const stacks = readStacks(SYNTH_DIR);

describe('gate', () => {
  it('reads checkov JSON: one report object, or a list of them', () => {
    const [report] = parseCheckovOutput(fixtureJson());
    expect(report.check_type).toBe('terraform_json');
    expect(report.results.failed_checks?.map((f) => f.check_id)).toEqual([
      'CKV_AWS_91',
      'CKV2_AWS_28',
      'CKV_AWS_150',
      'CKV_AWS_2',
    ]);
    const listed = parseCheckovOutput([fixtureJson(), { ...fixtureJson(), check_type: 'terraform' }]);
    expect(listed.map((r) => r.check_type)).toEqual(['terraform_json', 'terraform']);
  });

  it('passes a finding that a waiver of the resource covers, whether checkov names the resource by block or by type', () => {
    const result = gate(
      reportWith((f) => ['CKV_AWS_91', 'CKV2_AWS_28'].includes(f.check_id)),
      stacks,
      RULES,
    );
    expect(result.unwaived).toEqual([]);
    expect(
      result.waived.map((w) => [w.failure.check_id, w.failure.resource, w.stack, w.resource.address, w.rule]),
    ).toEqual([
      ['CKV_AWS_91', 'resource.LoadBalancer', 'dev-app', 'aws_lb.LoadBalancer', 'ELB-ACCESS-LOGS'],
      ['CKV2_AWS_28', 'aws_lb.LoadBalancer', 'dev-app', 'aws_lb.LoadBalancer', 'ELB-WAF'],
    ]);
    expect(result.waived[0].reason).toMatch(/^Access logs need a log bucket/);
    expect(passes(result)).toBe(true);
  });

  it('fails a finding on a resource without waivers', () => {
    const result = gate(
      reportWith((f) => f.check_id === 'CKV_AWS_2'),
      stacks,
      RULES,
    );
    expect(result.waived).toEqual([]);
    expect(result.unwaived).toHaveLength(1);
    expect(result.unwaived[0].resource?.address).toBe('aws_lb_listener.HttpListener');
    expect(result.unwaived[0].why).toBe('no policy waiver on the resource');
    expect(passes(result)).toBe(false);
  });

  it('fails a finding on a waived resource when no waived rule lists that checkov ID', () => {
    // The load balancer waives ELB-ACCESS-LOGS and ELB-WAF; CKV_AWS_150 belongs to ELB-DELETION-PROTECTION.
    const result = gate(
      reportWith((f) => f.check_id === 'CKV_AWS_150'),
      stacks,
      RULES,
    );
    expect(result.waived).toEqual([]);
    expect(result.unwaived).toHaveLength(1);
    expect(result.unwaived[0].resource?.address).toBe('aws_lb.LoadBalancer');
    expect(result.unwaived[0].why).toBe(
      'its waivers (ELB-ACCESS-LOGS, ELB-WAF) name no rule that lists CKV_AWS_150 in publicIds.checkov',
    );
    expect(passes(result)).toBe(false);
  });

  it('fails a finding whose waiver names a rule the pack does not have', () => {
    const result = gate(
      reportWith((f) => f.check_id === 'CKV_AWS_91'),
      stacks,
      RULES.filter((r) => r.id !== 'ELB-ACCESS-LOGS'),
    );
    expect(result.unwaived[0].why).toContain('ELB-ACCESS-LOGS (not a rule of the policy pack)');
  });

  it('fails findings it cannot place: an unknown stack or resource', () => {
    const [report] = parseCheckovOutput(fixtureJson());
    const base = report.results.failed_checks![0];
    const reports: CheckovReport[] = [
      {
        check_type: 'terraform_json',
        results: {
          failed_checks: [
            { ...base, file_path: '/stacks/qa-app/cdk.tf.json' },
            { ...base, resource: 'aws_lb.OtherLoadBalancer' },
          ],
        },
      },
    ];
    const result = gate(reports, stacks, RULES);
    expect(result.unwaived.map((u) => u.why)).toEqual([
      '/stacks/qa-app/cdk.tf.json is not the cdk.tf.json of a synthesized stack',
      'no resource named like "aws_lb.OtherLoadBalancer" in dev-app',
    ]);
  });

  it('reports waived findings with their reason and unwaived ones with the fix', () => {
    const result = gate(parseCheckovOutput(fixtureJson()), stacks, RULES);
    expect(result.waived).toHaveLength(2);
    expect(result.unwaived).toHaveLength(2);
    const text = formatReport(result);
    expect(text).toContain('4 failed check(s): 2 waived by the policy pack, 2 not waived.');
    expect(text).toContain(
      '| CKV_AWS_91 Ensure the ELBv2 (Application/Network) has access logging enabled | dev-app:aws_lb.LoadBalancer | ELB-ACCESS-LOGS | Access logs need',
    );
    expect(text).toContain(
      `| CKV_AWS_2 Ensure ALB protocol is HTTPS | dev-app:aws_lb_listener.HttpListener | no policy waiver on the resource | ${FIX_HINT}`,
    );
    expect(passes(result)).toBe(false);
  });

  it('fails when checkov could not parse a file or checked nothing', () => {
    const notParsed = gate(
      [
        {
          check_type: 'terraform_json',
          results: { failed_checks: [], parsing_errors: ['/x/stacks/dev-app/cdk.tf.json'] },
        },
      ],
      stacks,
      RULES,
    );
    expect(passes(notParsed)).toBe(false);
    expect(formatReport(notParsed)).toContain('- /x/stacks/dev-app/cdk.tf.json');
    // checkov prints only a summary when no report has any result.
    const nothing = gate(
      parseCheckovOutput({
        passed: 0,
        failed: 0,
        skipped: 0,
        parsing_errors: 0,
        resource_count: 0,
        checkov_version: '3.3.30',
      }),
      stacks,
      RULES,
    );
    expect(nothing.reports).toBe(0);
    expect(passes(nothing)).toBe(false);
  });

  it('uses the policy pack by default', () => {
    const rule = POLICY_PACK.find((r) => (r.publicIds.checkov ?? []).length > 0);
    if (!rule) throw new Error('the policy pack has no rule with a checkov ID');
    const checkId = rule.publicIds.checkov![0];
    const stack: StackJson = {
      resource: {
        aws_launch_template: {
          App: {
            '//': { policy_waivers: [{ rule: rule.id, reason: 'A reason a reviewer can judge, in a sentence.' }] },
          },
        },
      },
    };
    const failure: CheckovFailure = {
      check_id: checkId,
      check_name: rule.title,
      resource: 'aws_launch_template.App',
      file_path: '/stacks/dev-app/cdk.tf.json',
    };
    const result = gate([{ check_type: 'terraform_json', results: { failed_checks: [failure] } }], {
      'dev-app': stack,
    });
    expect(result.waived.map((w) => w.rule)).toEqual([rule.id]);
    expect(passes(result)).toBe(true);
  });
});

describe('bad input', () => {
  it.each([
    ['an empty list', []],
    ['a report without results', { check_type: 'terraform_json' }],
    ['some other JSON', { foo: 1 }],
    [
      'a failed check without its resource',
      {
        check_type: 'terraform_json',
        results: {
          failed_checks: [{ check_id: 'CKV_AWS_2', check_name: 'x', file_path: '/stacks/dev-app/cdk.tf.json' }],
        },
      },
    ],
  ])('refuses %s', (_, json) => {
    expect(() => parseCheckovOutput(json)).toThrow(/checkov|list|lacks/);
  });

  describe('on the command line (exit 2)', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'checkov-gate-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    function run(args: string[]): { code: number; out: string; err: string } {
      const out: string[] = [];
      const err: string[] = [];
      const code = main(
        args,
        (t) => out.push(t),
        (t) => err.push(t),
      );
      return { code, out: out.join('\n'), err: err.join('\n') };
    }

    it('a missing results file', () => {
      const { code, err } = run([join(dir, 'results_json.json'), SYNTH_DIR]);
      expect(code).toBe(2);
      expect(err).toMatch(/bad input: .*results_json\.json does not exist/);
    });

    it('a file that is not JSON', () => {
      writeFileSync(join(dir, 'results.json'), 'Passed checks: 3, Failed checks: 1\n');
      const { code, err } = run([join(dir, 'results.json'), SYNTH_DIR]);
      expect(code).toBe(2);
      expect(err).toMatch(/is not JSON .*not checkov's --output json/);
    });

    it('JSON that is not checkov output', () => {
      writeFileSync(join(dir, 'results.json'), JSON.stringify({ version: 4, runs: [] }));
      const { code, err } = run([join(dir, 'results.json'), SYNTH_DIR]);
      expect(code).toBe(2);
      expect(err).toMatch(/not checkov's JSON output/);
    });

    it('a directory without synthesized stacks, and wrong arguments', () => {
      expect(run([RESULTS_FILE, dir]).code).toBe(2);
      const usage = run([RESULTS_FILE]);
      expect(usage.code).toBe(2);
      expect(usage.err).toContain('usage: npm run checkov:gate -- <checkov-results.json> <cdktf.out dir>');
    });
  });
});

describe('copy for checkov', () => {
  it('leaves out block entries that are not objects, and nothing else', () => {
    const { json, dropped } = checkovCompatible({
      ...(stacks['dev-app'] as Record<string, unknown>),
      terraform: { ...(stacks['dev-app'].terraform ?? {}), required_version: '>= 1.10' },
    });
    expect(dropped).toEqual(['locals.app_user_data', 'terraform.required_version']);
    expect(json.resource).toEqual(stacks['dev-app'].resource);
    expect(json.provider).toEqual(stacks['dev-app'].provider);
    expect((json.terraform as Record<string, unknown>).backend).toEqual(stacks['dev-app'].terraform?.backend);
  });

  it('writes stacks/<stack>/cdk.tf.json, the paths the gate maps back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkov-in-'));
    try {
      expect(prepareForCheckov(SYNTH_DIR, dir)).toEqual(['dev-app: left out locals.app_user_data']);
      const copy = JSON.parse(readFileSync(join(dir, 'stacks', 'dev-app', 'cdk.tf.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(copy.locals).toEqual({});
      expect(Object.keys(readStacks(dir))).toEqual(['dev-app']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run checkov:gate', () => {
  // Through the same runner as package.json's script (node scripts/run-ts.js scripts/checkov-gate.ts), with the
  // real policy pack: a finding it waives passes (exit 0), the fixture's unwaived findings fail (exit 1).
  function cli(args: string[]) {
    return spawnSync(process.execPath, ['scripts/run-ts.js', 'scripts/checkov-gate.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  }

  it('exits 0 when every finding is waived by the policy pack, 1 otherwise', () => {
    const rule = POLICY_PACK.find((r) => (r.publicIds.checkov ?? []).length > 0);
    if (!rule) throw new Error('the policy pack has no rule with a checkov ID');
    const dir = mkdtempSync(join(tmpdir(), 'checkov-gate-cli-'));
    try {
      const stack = {
        resource: {
          aws_launch_template: {
            App: { '//': { policy_waivers: [{ rule: rule.id, reason: 'Accepted for this test, in a sentence.' }] } },
          },
        },
      };
      mkdirSync(join(dir, 'synth', 'stacks', 'dev-app'), { recursive: true });
      writeFileSync(join(dir, 'synth', 'stacks', 'dev-app', 'cdk.tf.json'), JSON.stringify(stack));
      const report = {
        check_type: 'terraform_json',
        results: {
          failed_checks: [
            {
              check_id: rule.publicIds.checkov![0],
              check_name: rule.title,
              resource: 'resource.App',
              file_path: '/stacks/dev-app/cdk.tf.json',
            },
          ],
        },
      };
      writeFileSync(join(dir, 'results.json'), JSON.stringify(report));

      const waived = cli([join(dir, 'results.json'), join(dir, 'synth')]);
      expect(waived.stderr).toBe('');
      expect(waived.status).toBe(0);
      expect(waived.stdout).toContain(
        `| dev-app:aws_launch_template.App | ${rule.id} | Accepted for this test, in a sentence. |`,
      );

      const unwaived = cli([RESULTS_FILE, SYNTH_DIR]);
      expect(unwaived.status).toBe(1);
      expect(unwaived.stdout).toContain('### Not waived');
      expect(unwaived.stderr).toMatch(/checkov gate: [1-4] finding\(s\) not waived by the policy pack/);

      const bad = cli([join(dir, 'missing.json'), SYNTH_DIR]);
      expect(bad.status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
