// For the tests of generated files (the docs, the diagrams): the committed file must be what the generator writes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root';

/** Fails with the first line that differs, and the command that regenerates the file (`fix`). */
export function expectUpToDate(file: string, actual: string, fix: string): void {
  let committed: string;
  try {
    committed = readFileSync(join(projectRoot(), file), 'utf8');
  } catch {
    throw new Error(`${file} is missing: ${fix}`);
  }
  if (committed === actual) return;
  const a = committed.split('\n');
  const b = actual.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  throw new Error(
    `${file} is out of date: ${fix}\nfirst difference at line ${at + 1}:\n  committed: ${a[at] ?? '(end of file)'}\n  generated: ${b[at] ?? '(end of file)'}`,
  );
}
