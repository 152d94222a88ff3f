// What the docs (README.md, CONTRIBUTING.md, docs/*.md) claim, where a test can tell: every link and #anchor leads
// somewhere, the commands they name exist, their numbers match the code, and their code is the code that runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { POLICY_PACK } from '../../src/policy/pack';
import { projectRoot } from '../../src/project-root';
import { expectDocPart } from '../helpers/docs';

const root = projectRoot();
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** The text of a Markdown file outside its fenced code blocks, where headings and links are Markdown's. */
function prose(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The anchors GitHub gives a file's headings: lowercased, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** The fenced block of `language` that follows `heading` in `file`. */
function blockAfter(file: string, heading: string, language: string): string {
  const text = read(file);
  const at = text.indexOf(heading);
  if (at < 0) throw new Error(`${file}: no "${heading}"`);
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\``).exec(text.slice(at));
  if (!match) throw new Error(`${file}: no \`\`\`${language} block after "${heading}"`);
  return match[1];
}

describe('the docs', () => {
  it('are the README, CONTRIBUTING.md and the guides of docs/', () => {
    expect(DOCS).toEqual(
      expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/architecture.md', 'docs/operations.md']),
    );
  });

  it('link only to files that exist and to anchors their headings define', () => {
    const links = DOCS.flatMap((file) =>
      [...prose(read(file)).matchAll(/\]\(([^)\s]+)\)/g)]
        .map((match) => match[1])
        .filter((target) => !/^(https?:|mailto:)/.test(target))
        .map((target) => ({ file, target })),
    );
    expect(links.filter((link) => link.target.includes('#')).length).toBeGreaterThan(50);
    const broken = links.filter(({ file, target }) => {
      const [path, anchor] = target.split('#');
      const to = path === '' ? join(root, file) : resolve(dirname(join(root, file)), path);
      if (relative(root, to).startsWith('..') || !existsSync(to)) return true;
      return anchor !== undefined && (!to.endsWith('.md') || !anchors(readFileSync(to, 'utf8')).has(anchor));
    });
    expect(broken.map(({ file, target }) => `${file}: ${target}`)).toEqual([]);
  });

  it('name only npm scripts that exist', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    const named = [
      ...new Set(
        DOCS.flatMap((file) => [...read(file).matchAll(/npm run (?:--[a-z-]+ )*([a-z:-]+)/g)].map((m) => m[1])),
      ),
    ];
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it("count the policy pack's rules right", () => {
    expect(read('docs/security.md')).toContain(`${POLICY_PACK.length} rules, each a small pure function`);
  });

  it('show examples/new-environment.ts as it is in the README', () => {
    const lines = read('examples/new-environment.ts').split('\n');
    const start = lines.findIndex((line) => line.startsWith('export const newEnvironments'));
    const end = lines.indexOf('};', start);
    expect(end - start).toBeGreaterThan(10);
    const entries = lines.slice(start + 1, end).map((line) => line.replace(/^ {2}/, ''));
    expectDocPart(
      {
        file: 'README.md',
        start: '<!-- new-environment example: generated from examples/new-environment.ts -->',
        end: '<!-- end of new-environment example -->',
        update: 'UPDATE_DOCS=1 npx jest __tests__/unit/docs.test.ts',
      },
      ['```ts', ...entries, '```'].join('\n'),
    );
  });

  it('show a stack used on its own with code that runs as written', () => {
    const code = blockAfter('docs/architecture.md', '## Using one stack on its own', 'ts').replace(
      /'\.\/src\//g,
      "'../../src/",
    );
    const dir = join(root, '.build', 'docs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'one-stack.ts'), code);
    const outdir = mkdtempSync(join(tmpdir(), 'docs-'));
    const run = spawnSync(process.execPath, ['scripts/run-ts.js', '.build/docs/one-stack.ts'], {
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
