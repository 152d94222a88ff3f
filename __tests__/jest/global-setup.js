// Before any test: brings the one-file cdktf bundle up to date (see jest.config.js).
'use strict';
const { ensureBundle } = require('../../scripts/bundle');

module.exports = () => {
  // constructs stays outside: tests and cdktf must share one copy for `instanceof` checks. No source map: jest
  // would read it for every test file, and cdktf's frames are not what a failing test needs.
  ensureBundle('__tests__/jest/cdktf.js', { external: ['constructs'], sourcemap: false });
};
