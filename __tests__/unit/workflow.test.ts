// The CI/CD workflows, read by GitHub's own parser (@actions/workflow-parser, from actions/languageservices): no
// schema or expression errors, and the properties this project relies on (OIDC only, one plan per synthesized
// stack, serialized deploys, checkov on Terraform JSON, the README's test command).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as WorkflowParser from '@actions/workflow-parser';
import type { WorkflowTemplate } from '@actions/workflow-parser';
import { Testing, TerraformStack } from 'cdktf';
import { buildEnvironment } from '../../src/app';
import { environments } from '../../src/config/environments';
import { resolveEnvironment } from '../../src/config/resolve';
import { EnvironmentKind, type EnvironmentSettings } from '../../src/config/settings';

// The package is ESM only and imports its JSON schema without an import attribute: it is bundled into CommonJS
// with esbuild, the same way and into the same cache (.build/) as the app (scripts/bundle.js).
const { ensureBundle } = require('../../scripts/bundle') as { ensureBundle(entry: string): string };
const parser = require(ensureBundle('__tests__/fixtures/workflow-parser.ts')) as typeof WorkflowParser;

type TemplateToken = Parameters<typeof parser.isMapping>[0];
type Job = Extract<WorkflowTemplate['jobs'][number], { type: 'job' }>;

const WORKFLOW_DIR = join(__dirname, '..', '..', '.github', 'workflows');
const CONFIGURE_AWS = 'aws-actions/configure-aws-credentials';

/** A token as plain data: mappings as objects, sequences as arrays, expressions as `${{ ... }}` strings. */
function plain(token: TemplateToken | undefined): unknown {
  if (token === undefined) return undefined;
  if (parser.isMapping(token))
    return Object.fromEntries([...token].map(({ key, value }) => [String(plain(key)), plain(value)]));
  if (parser.isSequence(token)) return [...token].map((item) => plain(item));
  if (parser.isBasicExpression(token)) return `\${{ ${token.expression} }}`;
  if (parser.isString(token) || parser.isBoolean(token) || parser.isNumber(token)) return token.value;
  return null;
}

interface ParsedWorkflow {
  readonly errors: string[];
  readonly template: WorkflowTemplate;
  /** The whole document as plain data, for what the template model leaves out (`permissions`, a step's `with`). */
  readonly raw: Record<string, unknown>;
}

/** Parses and converts a workflow as GitHub does, collecting every error of both stages. */
async function parse(name: string, content: string): Promise<ParsedWorkflow> {
  const result = parser.parseWorkflow({ name, content }, new parser.NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((error) => error.message);
  if (!result.value) return { errors, template: { events: {}, jobs: [] } as unknown as WorkflowTemplate, raw: {} };
  // 1 = ErrorPolicy.TryConversion: convert despite schema errors, to report conversion errors too.
  const template = await parser.convertWorkflowTemplate(result.context, result.value, undefined, { errorPolicy: 1 });
  const all = (template.errors ?? []).map((error) => error.Message);
  return { errors: [...new Set([...errors, ...all])], template, raw: plain(result.value) as Record<string, unknown> };
}

/** Every stack the app synthesizes, for every environment (or those `only` keeps), as __tests__/helpers/synth.ts builds them. */
function appStacks(only: (settings: EnvironmentSettings) => boolean = () => true): string[] {
  const app = Testing.app();
  for (const [name, settings] of Object.entries(environments))
    if (only(settings)) buildEnvironment(app, resolveEnvironment(name, settings));
  return app.node
    .findAll()
    .filter(TerraformStack.isStack)
    .map((stack) => stack.node.id);
}

const files = readdirSync(WORKFLOW_DIR).filter((file) => /\.ya?ml$/.test(file));

describe('workflow parser', () => {
  it('has the infrastructure workflow to check', () => {
    expect(files).toContain('infrastructure.yml');
  });

  it('finds errors in a broken workflow (so that the checks below can fail)', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    permissions:',
      '      id-token: writ',
      '    timeout-minute: 5',
      '    steps:',
      '      - run: echo ${{ matrix.nope == }}',
      '  b:',
      '    needs: c',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo b',
    ].join('\n');
    const { errors } = await parse('broken.yml', broken);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining("Unexpected value 'writ'"),
        expect.stringContaining("Unexpected value 'timeout-minute'"),
        expect.stringContaining("depends on unknown job 'c'"),
      ]),
    );
    expect(errors.length).toBeGreaterThanOrEqual(4);
  });
});

describe.each(files)('.github/workflows/%s', (file) => {
  let parsed: ParsedWorkflow;
  beforeAll(async () => {
    parsed = await parse(file, readFileSync(join(WORKFLOW_DIR, file), 'utf8'));
  });

  const jobs = (): Job[] => parsed.template.jobs.filter((job): job is Job => job.type === 'job');
  const rawJob = (id: string): Record<string, unknown> =>
    (parsed.raw.jobs as Record<string, Record<string, unknown>>)[id];
  /** The steps of a job with their `with` inputs (which the template model leaves out). */
  const stepsOf = (job: Job): { uses?: string; run?: string; with: Record<string, unknown> }[] => {
    const raw = rawJob(job.id.value).steps as Record<string, unknown>[];
    return job.steps.map((step, i) => ({
      uses: 'uses' in step ? step.uses.value : undefined,
      run: 'run' in step ? String(plain(step.run)) : undefined,
      with: (raw[i].with as Record<string, unknown>) ?? {},
    }));
  };

  it('parses without errors', () => {
    expect(parsed.errors).toEqual([]);
  });

  it('runs on pull requests, by hand, and on pushes to main', () => {
    expect(Object.keys(parsed.template.events)).toEqual(
      expect.arrayContaining(['pull_request', 'workflow_dispatch', 'push']),
    );
    expect(parsed.template.events.push?.branches).toEqual(['main']);
  });

  it("runs `npm test`, the README's test command, in the test job, with the local AWS emulator installed", () => {
    const test = jobs().find((job) => job.id.value === 'test');
    expect(test).toBeDefined();
    const steps = stepsOf(test!);
    const runs = steps.map((step) => step.run);
    expect(runs).toContain('npm test');
    expect(runs).toContain('npm run synth');
    expect(
      runs.some((run) =>
        /npm run (--silent )?policy -- --only-exceptions >> "?\$GITHUB_STEP_SUMMARY"?/.test(run ?? ''),
      ),
    ).toBe(true);
    // moto's server, as the README pins it, on Python 3.11, before the tests run.
    const python = steps.findIndex((step) => step.uses?.startsWith('actions/setup-python@'));
    expect(steps[python]?.with['python-version']).toBe('3.11');
    const moto = runs.indexOf("pip install 'moto[server]==5.2.1'");
    expect(python).toBeGreaterThanOrEqual(0);
    expect(moto).toBeGreaterThan(python);
    expect(moto).toBeLessThan(runs.indexOf('npm test'));
  });

  it('installs npm packages without their install scripts, and never in a job that holds AWS credentials', () => {
    for (const job of jobs()) {
      const runs = stepsOf(job).map((step) => step.run ?? '');
      const installs = runs.filter((run) => /\bnpm (ci|install|i)\b/.test(run));
      for (const install of installs) expect(install).toBe('npm ci --ignore-scripts');
      const usesAws = stepsOf(job).some((step) => step.uses?.startsWith(`${CONFIGURE_AWS}@`));
      if (usesAws)
        expect({ job: job.id.value, npm: runs.filter((run) => /\bnp[mx]\b/.test(run)) }).toEqual({
          job: job.id.value,
          npm: [],
        });
    }
  });

  it("plans on pull requests exactly the development environments' stacks, in parallel, each with its environment's plan role and no lock", () => {
    const plan = jobs().find((job) => job.id.value === 'plan');
    expect(plan).toBeDefined();
    const strategy = plain(plan!.strategy) as {
      'fail-fast': boolean;
      matrix: { include: { stack: string; environment: string }[] };
    };
    expect(strategy['fail-fast']).toBe(false);
    const entries = strategy.matrix.include;
    // Production's plan role trusts no pull request (src/stacks/ci/policies.ts, planTrustPolicy).
    const development = appStacks((s) => (s.kind ?? EnvironmentKind.PRODUCTION) !== EnvironmentKind.PRODUCTION);
    expect(development.length).toBeGreaterThan(0);
    expect(entries.map((entry) => entry.stack).sort()).toEqual(development.sort());
    for (const entry of entries) expect(entry.stack.startsWith(`${entry.environment}-`)).toBe(true);
    expect(plan!.needs?.map((need) => need.value)).toEqual(['test']);
    const steps = stepsOf(plan!);
    const runs = steps.map((step) => step.run ?? '');
    expect(runs).toContain('terraform init -input=false -lockfile=readonly');
    expect(runs).toContain('terraform plan -input=false -no-color -lock=false -out=tfplan');
    expect(runs.some((run) => run.includes('terraform show -no-color tfplan') && run.includes('<details>'))).toBe(true);
    const role = steps.find((step) => step.uses?.startsWith(`${CONFIGURE_AWS}@`))?.with['role-to-assume'];
    expect(role).toBe("${{ vars[format('AWS_PLAN_ROLE_ARN_{0}', matrix.environment)] }}");
  });

  it('deploys every stack of an environment but its state and CI stacks, applying the plans it saved, one deploy at a time', () => {
    const stacks = appStacks();
    const ids = jobs().map((job) => job.id.value);
    expect(ids.filter((id) => /^(synth|plan-|deploy-)/.test(id))).toEqual([
      'synth',
      'plan-dev',
      'deploy-dev',
      'plan-prod',
      'deploy-prod',
    ]);
    const job = (id: string) => jobs().find((j) => j.id.value === id)!;
    expect(job('plan-dev').needs?.map((need) => need.value)).toEqual(['synth']);
    expect(job('plan-prod').needs?.map((need) => need.value)).toEqual(['deploy-dev']);
    for (const env of ['dev', 'prod']) {
      const plan = job(`plan-${env}`);
      const deploy = job(`deploy-${env}`);
      expect(deploy.needs?.map((need) => need.value)).toEqual([`plan-${env}`]);
      expect(plain(deploy.environment)).toBe(env);
      expect(plain(plan.environment)).toBeUndefined();
      expect(plain(deploy.concurrency)).toEqual({ group: `deploy-${env}`, 'cancel-in-progress': false });
      // Planned with the read-only role, in dependency order (state, ci, network, access, data, app) without the two
      // stacks an operator applies.
      const planStep = stepsOf(plan).find((step) => step.run?.startsWith('scripts/ci/terraform-stacks.sh plan'));
      expect(planStep?.run?.split(/\s+/).slice(2)).toEqual(
        stacks.filter((stack) => stack.startsWith(`${env}-`) && ![`${env}-state`, `${env}-ci`].includes(stack)),
      );
      expect(stepsOf(plan).find((step) => step.uses?.startsWith(`${CONFIGURE_AWS}@`))?.with['role-to-assume']).toBe(
        `\${{ vars.AWS_PLAN_ROLE_ARN_${env.toUpperCase()} }}`,
      );
      // The plans go to the deploy job as files, and it applies them as they are.
      const upload = stepsOf(plan).find((step) => step.uses?.startsWith('actions/upload-artifact@'));
      const download = stepsOf(deploy).find((step) => step.uses?.startsWith('actions/download-artifact@'));
      expect(upload?.with.name).toBe(`plans-${env}`);
      expect(download?.with.name).toBe(`plans-${env}`);
      const runs = stepsOf(deploy)
        .map((step) => step.run)
        .filter(Boolean);
      expect(runs.filter((run) => !run!.includes('date -u') && !run!.includes('wait-instance-refresh'))).toEqual([
        'scripts/ci/terraform-stacks.sh apply',
      ]);
    }
    // Nothing plans again at apply time.
    const text = readFileSync(join(WORKFLOW_DIR, file), 'utf8');
    expect(text).not.toMatch(/cdktf deploy|--auto-approve|-auto-approve/);
  });

  it("waits after each deploy for the app's instance refresh, with the bundle the synth job built, and fails on a failed or rolled-back one", () => {
    const synthRuns = stepsOf(jobs().find((j) => j.id.value === 'synth')!).map((step) => step.run ?? '');
    expect(synthRuns.indexOf('npm run --silent bundle:ci')).toBeGreaterThan(synthRuns.indexOf('npm run synth'));
    const deployJobs = jobs().filter((j) => j.id.value.startsWith('deploy-'));
    expect(deployJobs.map((j) => j.id.value)).toEqual(['deploy-dev', 'deploy-prod']);
    for (const job of deployJobs) {
      const env = job.id.value.slice('deploy-'.length);
      const runs = stepsOf(job).map((step) => step.run ?? '');
      const start = runs.findIndex((run) => run.includes('date -u') && run.includes('$GITHUB_OUTPUT'));
      const apply = runs.indexOf('scripts/ci/terraform-stacks.sh apply');
      // The parser turns a run line with an expression into a format() call: what matters is the command and its input.
      const wait = runs.findIndex(
        (run) =>
          run.includes(`node cdktf.out/ci/wait-instance-refresh.js ${env} --since`) &&
          run.includes('steps.start.outputs.time'),
      );
      expect([start >= 0, start < apply, apply < wait]).toEqual([true, true, true]);
    }
  });

  it('gets AWS credentials through OIDC only: a role from a variable, id-token: write, no keys', () => {
    const text = readFileSync(join(WORKFLOW_DIR, file), 'utf8');
    expect(text).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/i,
    );
    expect(text).not.toMatch(/secrets\.[A-Za-z0-9_]*AWS/i);
    const awsJobs = jobs().filter((job) => stepsOf(job).some((step) => step.uses?.startsWith(`${CONFIGURE_AWS}@`)));
    expect(awsJobs.map((job) => job.id.value).sort()).toEqual([
      'deploy-dev',
      'deploy-prod',
      'plan',
      'plan-dev',
      'plan-prod',
    ]);
    for (const job of awsJobs) {
      expect(rawJob(job.id.value).permissions).toMatchObject({ 'id-token': 'write' });
      for (const step of stepsOf(job).filter((s) => s.uses?.startsWith(`${CONFIGURE_AWS}@`))) {
        expect(Object.keys(step.with)).not.toEqual(expect.arrayContaining(['aws-access-key-id']));
        expect(Object.keys(step.with)).not.toEqual(expect.arrayContaining(['aws-secret-access-key']));
        expect(step.with['role-to-assume']).toMatch(
          /^\$\{\{ vars(\.AWS_[A-Z_]*ROLE_ARN[A-Z_]*|\[format\('AWS_PLAN_ROLE_ARN_\{0\}', matrix\.environment\)\]) \}\}$/,
        );
        // The deploy role only in a job of the GitHub environment whose variable holds it.
        if (job.id.value.startsWith('deploy-'))
          expect([step.with['role-to-assume'], plain(job.environment)]).toEqual([
            '${{ vars.AWS_DEPLOY_ROLE_ARN }}',
            job.id.value.slice('deploy-'.length),
          ]);
        else expect(String(step.with['role-to-assume'])).toContain('AWS_PLAN_ROLE_ARN');
      }
    }
  });

  it('gives each job only the permissions it needs', () => {
    expect(parsed.raw.permissions).toEqual({});
    for (const job of jobs()) {
      const permissions = rawJob(job.id.value).permissions as Record<string, string>;
      expect(permissions).toBeDefined();
      const usesAws = stepsOf(job).some((step) => step.uses?.startsWith(CONFIGURE_AWS));
      expect(permissions).toEqual(usesAws ? { 'id-token': 'write', contents: 'read' } : { contents: 'read' });
    }
  });

  it('runs checkov on the Terraform JSON and gates its findings on the policy pack', () => {
    const checkov = jobs().find((job) => job.id.value === 'checkov');
    expect(checkov).toBeDefined();
    expect(checkov!.needs?.map((need) => need.value)).toEqual(['test']);
    const steps = stepsOf(checkov!);
    const scan = steps.find(
      (step) =>
        step.uses?.startsWith('bridgecrewio/checkov-action@') || /\bcheckov\b.*--directory/.test(step.run ?? ''),
    );
    expect(scan).toBeDefined();
    if (scan!.uses) expect(scan!.with.framework).toBe('terraform_json');
    else expect(scan!.run).toMatch(/--framework terraform_json\b/);
    const gateIndex = steps.findIndex((step) =>
      /npm run (--silent )?checkov:gate -- \S+\.json cdktf\.out/.test(step.run ?? ''),
    );
    expect(gateIndex).toBeGreaterThan(steps.indexOf(scan!));
    expect(steps.findIndex((step) => step.run === 'npm ci')).toBeLessThan(gateIndex);
  });

  it('runs one exact Terraform release everywhere, installing only hashicorp/aws at the checksums of the lock file', () => {
    const terraformJobs = jobs().filter((job) =>
      stepsOf(job).some((step) => step.uses?.startsWith('hashicorp/setup-terraform@')),
    );
    expect(terraformJobs.length).toBeGreaterThanOrEqual(6);
    const versions = terraformJobs.flatMap((job) =>
      stepsOf(job)
        .filter((step) => step.uses?.startsWith('hashicorp/setup-terraform@'))
        .map((step) => step.with.terraform_version),
    );
    // A saved plan is refused by another Terraform version: plan and apply must run the same one.
    expect(new Set(versions).size).toBe(1);
    expect(String(versions[0])).toMatch(/^\d+\.\d+\.\d+$/);
    expect((parsed.raw.env as Record<string, string>).TF_CLI_CONFIG_FILE).toBe(
      "${{ format('{0}/.github/terraform.rc', github.workspace) }}",
    );
    // Every job that runs Terraform checks out the CLI configuration it names.
    for (const job of terraformJobs) {
      const checkout = stepsOf(job).find((step) => step.uses?.startsWith('actions/checkout@'));
      expect([job.id.value, Boolean(checkout)]).toEqual([job.id.value, true]);
      const sparse = checkout?.with['sparse-checkout'];
      if (sparse !== undefined) expect(sparse).toBe('.github/terraform.rc');
    }
    const script = readFileSync(join(__dirname, '..', '..', 'scripts', 'ci', 'terraform-stacks.sh'), 'utf8');
    const inits = script.split('\n').filter((line) => /terraform .*\binit\b/.test(line));
    expect(inits.length).toBeGreaterThan(0);
    for (const init of inits) expect(init).toContain('-lockfile=readonly');
  });

  it('pins every action to a full commit SHA, its tag in a comment', () => {
    for (const job of jobs()) {
      for (const step of stepsOf(job).filter((s) => s.uses))
        expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    }
    // The comment says which release the SHA is, for the people and the bots that update it.
    const lines = readFileSync(join(WORKFLOW_DIR, file), 'utf8')
      .split('\n')
      .filter((line) => /^\s*(-\s*)?uses:/.test(line));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\s*(-\s*)?uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('checks out without leaving a git token on the runner', () => {
    for (const job of jobs()) {
      for (const step of stepsOf(job).filter((s) => s.uses?.startsWith('actions/checkout@')))
        expect(String(step.with['persist-credentials'])).toBe('false');
    }
  });
});
