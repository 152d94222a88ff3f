// What the README claims, where a test can tell: the commands it names exist, its numbers match the code, and its
// code runs as written.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLICY_PACK } from '../../src/policy/pack';
import { projectRoot } from '../../src/project-root';
import { README } from '../helpers/readme';

const root = projectRoot();
const readme = readFileSync(README, 'utf8');

/** The fenced block of `language` that follows `heading`. */
function blockAfter(heading: string, language: string): string {
  const section = readme.slice(readme.indexOf(heading));
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\``).exec(section);
  if (!match) throw new Error(`README.md: no \`\`\`${language} block after "${heading}"`);
  return match[1];
}

describe('README.md', () => {
  it('names only npm scripts that exist', () => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
    );
    const named = [...new Set([...readme.matchAll(/npm run (?:--[a-z-]+ )*([a-z:-]+)/g)].map((m) => m[1]))];
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it("counts the policy pack's rules right", () => {
    expect(readme).toContain(`${POLICY_PACK.length} rules, each a small pure function`);
  });

  it('shows a stack used on its own with code that runs as written', () => {
    const code = blockAfter('### Using one stack on its own', 'ts').replace(/'\.\/src\//g, "'../../src/");
    const dir = join(root, '.build', 'readme');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'one-stack.ts'), code);
    const outdir = mkdtempSync(join(tmpdir(), 'readme-'));
    const run = spawnSync(process.execPath, ['scripts/run-ts.js', '.build/readme/one-stack.ts'], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(
      Object.keys((JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: object }).stacks),
    ).toEqual(['dev-network']);
  });
});
