// A user's clone holds only this repository: nothing in it may point at a file outside it, and every relative link
// of the documentation must lead to a file that exists.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { projectRoot } from '../../src/project-root';

const root = projectRoot();

/** The repository's files as git sees them (tracked, plus new ones not ignored). */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((file) => file !== '' && existsSync(join(root, file)))
    .filter((file) => !/^package-lock\.json$|\.(svg|png|dot)$|^__tests__\/fixtures\//.test(file));
}

/** Names of the team's own material outside the repository, which users never have. */
const OUTSIDE = [/\.\.\/shared\b/, /\bARCHITECTURE\.md\b/, /\/work\/(main|shared)\b/];

describe('the repository is self-contained', () => {
  const files = repositoryFiles();

  it('covers the repository', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'CONTRIBUTING.md',
        'docs/architecture.md',
        'examples/new-environment.ts',
        'main.ts',
        'src/app.ts',
      ]),
    );
  });

  it('names no file outside the repository', () => {
    const hits = files.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          OUTSIDE.some((pattern) => pattern.test(line)) ? [`${file}:${index + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(hits).toEqual([]);
  });

  it('links, in every Markdown file, only to files of the repository that exist', () => {
    const broken = files
      .filter((file) => file.endsWith('.md'))
      .flatMap((file) =>
        [...readFileSync(join(root, file), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
          .map((match) => match[1])
          .filter((target) => !/^(https?:|mailto:|#)/.test(target))
          .filter((target) => {
            const path = resolve(dirname(join(root, file)), target.split('#')[0]);
            return relative(root, path).startsWith('..') || !existsSync(path);
          })
          .map((target) => `${file}: ${target}`),
      );
    expect(broken).toEqual([]);
  });
});
