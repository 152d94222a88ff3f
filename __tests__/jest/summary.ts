// One summary line per test group (the configuration matrix, the deploy tests), printed together after the run by
// summary-reporter.js, where jest's own output does not bury them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root';

export const SUMMARY_DIR = join(projectRoot(), '.build', 'test-summary');

export function writeSummary(name: string, line: string): void {
  mkdirSync(SUMMARY_DIR, { recursive: true });
  writeFileSync(join(SUMMARY_DIR, `${name}.txt`), `${line}\n`);
}
