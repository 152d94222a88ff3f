// Stands in for `archiver` in the synth bundle (see scripts/run-ts.js). cdktf requires archiver when it loads,
// only to zip assets, which this project has none of; this loads the real one on first use instead.
'use strict';
const { createRequire } = require('node:module');
const path = require('node:path');

let archiver;
module.exports = (...args) => {
  // __dirname is the bundle's directory, .build/, at run time.
  archiver = archiver || createRequire(path.join(__dirname, '..', 'node_modules', 'cdktf', 'package.json'))('archiver');
  return archiver(...args);
};
