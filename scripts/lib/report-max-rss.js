// Preloaded by the benchmark (NODE_OPTIONS=--require): appends this process's peak RSS (KiB) to $BENCH_RSS_FILE.
'use strict';
const { appendFileSync } = require('node:fs');

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
