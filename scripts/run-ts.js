// Runs a TypeScript script of this project (`node scripts/run-ts.js scripts/policy.ts [args]`) through the
// same cached esbuild bundle as the app command (see scripts/bundle.js).
'use strict';
const { ensureBundle } = require('./bundle');

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.js <entry.ts> [args...]');
  process.exit(2);
}
const outfile = ensureBundle(entry, { vendor: true });
process.argv = [process.argv[0], outfile, ...args];
require(outfile);
