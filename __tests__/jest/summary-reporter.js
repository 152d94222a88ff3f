// A jest reporter: after the run, prints the summary lines the test groups wrote (see summary.ts), and clears them
// before the next run so that a line never outlives the tests that wrote it.
'use strict';
const { existsSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.dir = join(globalConfig.rootDir, '.build', 'test-summary');
  }

  onRunStart() {
    rmSync(this.dir, { recursive: true, force: true });
  }

  onRunComplete() {
    if (!existsSync(this.dir)) return;
    const lines = readdirSync(this.dir)
      .sort()
      .map((file) => readFileSync(join(this.dir, file), 'utf8').trim());
    if (lines.length > 0) process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}

module.exports = SummaryReporter;
