// Bundles a TypeScript entry point of this project with esbuild into .build/<name>.bundle.js, the project's
// code and node_modules in one file, and rebuilds it only when one of its inputs has changed. No type-check
// here: `npm run typecheck` and the test suite do that once. `npm run bench` compares the result with the
// CDKTF template's `npx ts-node main.ts`.
//
// The app command in cdktf.json preloads this file: `node --require ./scripts/bundle.js .build/main.bundle.js`.
// Preloaded, it brings the bundle up to date before Node runs it as the main module, which starts ~70 ms
// sooner than the same bundle loaded with require() from a wrapper script.
// Whitespace is minified (smaller is read and parsed faster), names are kept; for stack traces that point at
// the TypeScript sources, run with NODE_OPTIONS=--enable-source-maps.
'use strict';
const { readFileSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// npm unpacks files with the tarball's fixed mtimes, so a changed package shows in the lockfiles instead.
const alwaysWatched = ['package-lock.json', 'node_modules/.package-lock.json', 'scripts/bundle.js', 'scripts/lib/lazy-archiver.js'];

function bundlePath(entry) {
  return path.join(root, '.build', `${path.basename(entry).replace(/\.[jt]s$/, '')}.bundle.js`);
}

function mtime(file) {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs;
}

/** Whether the bundle is at least as new as every file it was built from. */
function isFresh(outfile) {
  const built = mtime(outfile);
  const inputsFile = `${outfile}.inputs.json`;
  if (built === undefined || mtime(inputsFile) === undefined) return false;
  return JSON.parse(readFileSync(inputsFile, 'utf8')).every((file) => {
    const changed = mtime(file);
    return changed !== undefined && changed <= built;
  });
}

/**
 * Builds the bundle of `entry` unless it is up to date; returns its path.
 * @param options.external packages left out of the bundle (required at run time)
 * @param options.sourcemap write a linked source map (default true)
 */
function ensureBundle(entry, options = {}) {
  const outfile = bundlePath(entry);
  if (isFresh(outfile)) return outfile;
  const result = require('esbuild').buildSync({
    entryPoints: [path.resolve(root, entry)],
    external: options.external ?? [],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    sourcemap: options.sourcemap === false ? false : 'linked',
    logLevel: 'warning',
    metafile: true,
    // cdktf loads archiver (~40 modules) at start-up only to zip assets, which this project has none of.
    alias: { archiver: path.join(__dirname, 'lib', 'lazy-archiver.js') },
  });
  const inputs = [...Object.keys(result.metafile.inputs), ...alwaysWatched].map((file) => path.resolve(root, file));
  writeFileSync(`${outfile}.inputs.json`, JSON.stringify(inputs));
  return outfile;
}

module.exports = { ensureBundle };

// Preloaded for `.build/main.bundle.js`: build it from main.ts first.
if (process.argv[1] && path.resolve(process.argv[1]) === bundlePath('main.ts')) ensureBundle('main.ts');
