// Bundles a TypeScript entry point of this project with esbuild, and rebuilds only what changed. No type-check
// here: `npm run typecheck` and the test suite do that once. `npm run bench` compares the result with the CDKTF
// template's `npx ts-node main.ts`.
//
// The app (and the scripts run through run-ts.js) get two bundles, so that an edit rebuilds in a tenth of a second:
//   .build/<name>.vendor.js  the packages the entry imports (cdktf, the provider classes, zod, ...), all in one
//                            file; rebuilt only when the lockfile changes or the entry imports another package;
//   .build/<name>.bundle.js  the project's own code, whose imports of packages go to the vendor bundle.
// One file each because Node reads and parses one large file far faster than cdktf's hundreds of small ones.
//
// The app command in cdktf.json preloads this file: `node --require ./scripts/bundle.js .build/main.bundle.js`.
// Preloaded, it brings the bundles up to date before Node runs the app as the main module, which starts ~70 ms
// sooner than the same bundle loaded with require() from a wrapper script.
// Whitespace is minified (smaller is read and parsed faster), names are kept; for stack traces that point at
// the TypeScript sources, run with NODE_OPTIONS=--enable-source-maps.
'use strict';
const { mkdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { builtinModules } = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const buildDir = path.join(root, '.build');
// npm unpacks files with the tarball's fixed mtimes, so a changed package shows in the lockfiles instead.
const alwaysWatched = [
  'package-lock.json',
  'node_modules/.package-lock.json',
  'scripts/bundle.js',
  'scripts/lib/lazy-archiver.js',
];
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function bundlePath(entry) {
  return path.join(buildDir, `${path.basename(entry).replace(/\.[jt]s$/, '')}.bundle.js`);
}

function mtime(file) {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs;
}

/** Whether `outfile` is at least as new as every file listed in `<outfile>.inputs.json`. */
function isFresh(outfile) {
  const built = mtime(outfile);
  const inputsFile = `${outfile}.inputs.json`;
  if (built === undefined || mtime(inputsFile) === undefined) return false;
  return JSON.parse(readFileSync(inputsFile, 'utf8')).every((file) => {
    const changed = mtime(file);
    return changed !== undefined && changed <= built;
  });
}

function recordInputs(outfile, files) {
  writeFileSync(
    `${outfile}.inputs.json`,
    JSON.stringify([...files, ...alwaysWatched].map((file) => path.resolve(root, file))),
  );
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

/** A package import (`cdktf`, `@cdktf/provider-aws/lib/vpc`), as opposed to a relative path or a Node builtin. */
function isPackage(specifier) {
  return !specifier.startsWith('.') && !path.isAbsolute(specifier) && !builtins.has(specifier);
}

/**
 * The vendor bundle for `packages`: one function that returns a package's module, loading it on first use. Kept
 * when it already holds every package asked for and the lockfile has not changed since it was built.
 */
function ensureVendor(name, packages) {
  const outfile = path.join(buildDir, `${name}.vendor.js`);
  const listFile = `${outfile}.packages.json`;
  const held = mtime(listFile) === undefined ? [] : JSON.parse(readFileSync(listFile, 'utf8'));
  if (isFresh(outfile) && packages.every((p) => held.includes(p))) return outfile;
  const all = [...new Set([...held, ...packages])].sort();
  const entry = path.join(buildDir, `${name}.vendor-entry.js`);
  const loaders = all.map((p) => `  ${JSON.stringify(p)}: () => require(${JSON.stringify(p)}),`).join('\n');
  writeFileSync(
    entry,
    `'use strict';\nconst loaders = {\n${loaders}\n};\nconst loaded = {};\n` +
      'module.exports = (name) => {\n  if (!(name in loaded)) {\n    if (!loaders[name]) throw new Error(`${name} is not in the vendor bundle: rebuild it`);\n    loaded[name] = loaders[name]();\n  }\n  return loaded[name];\n};\n',
  );
  require('esbuild').buildSync({
    ...common,
    entryPoints: [entry],
    outfile,
    sourcemap: false,
    // cdktf loads archiver (~40 modules) at start-up only to zip assets, which this project has none of.
    alias: { archiver: path.join(__dirname, 'lib', 'lazy-archiver.js') },
  });
  recordInputs(outfile, []);
  writeFileSync(listFile, JSON.stringify(all));
  return outfile;
}

/**
 * Builds the bundle of `entry` unless it is up to date; returns its path.
 * @param options.external packages left out of the bundle entirely (required at run time)
 * @param options.sourcemap write a linked source map (default true)
 * @param options.vendor split the packages into a vendor bundle (default false: everything in one file)
 */
function ensureBundle(entry, options = {}) {
  const outfile = bundlePath(entry);
  const name = path.basename(outfile, '.bundle.js');
  mkdirSync(buildDir, { recursive: true });
  const split = options.vendor === true;
  if (isFresh(outfile) && (!split || isFresh(path.join(buildDir, `${name}.vendor.js`)))) return outfile;
  const external = options.external ?? [];
  const result = require('esbuild').buildSync({
    ...common,
    entryPoints: [path.resolve(root, entry)],
    // Split: every package stays out of this bundle and its require() is pointed at the vendor bundle below.
    ...(split ? { packages: 'external' } : { external }),
    outfile,
    sourcemap: options.sourcemap === false ? false : 'linked',
    alias: { archiver: path.join(__dirname, 'lib', 'lazy-archiver.js') },
  });
  if (split) {
    const packages = new Set();
    const vendor = `./${name}.vendor.js`;
    const code = readFileSync(outfile, 'utf8').replace(/require\("([^"]+)"\)/g, (call, specifier) => {
      if (!isPackage(specifier) || external.includes(specifier)) return call;
      packages.add(specifier);
      return `require(${JSON.stringify(vendor)})(${JSON.stringify(specifier)})`;
    });
    writeFileSync(outfile, code);
    ensureVendor(name, [...packages]);
  }
  recordInputs(outfile, Object.keys(result.metafile.inputs));
  return outfile;
}

module.exports = { ensureBundle };

// Preloaded for `.build/main.bundle.js`: build it from main.ts first.
if (process.argv[1] && path.resolve(process.argv[1]) === bundlePath('main.ts'))
  ensureBundle('main.ts', { vendor: true });
