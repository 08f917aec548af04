#!/usr/bin/env node
// Bundles GradLab with esbuild (esbuild does not typecheck: `npm run check` does).
//   node scripts/build.js [--production] [--watch] [--only extension,worker,cli,engine,webview] [--outdir=DIR]
// dist/extension.js  VS Code entry (cjs, `vscode` external); small, because the host parses it at load
// dist/lazy/*.js     what the extension loads on first use (the symbolic engine with mathjs; MathJax):
//                    separate bundles that dist/extension.js require()s from its `await import()`s
// dist/worker.js     worker thread for heavy engine work (imports no `vscode`)
// dist/cli.js        the `gradlab` command
// dist/engine.js     the engine's public API for Node users
// dist/webview/*.js  browser bundles of the panels (iife)
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice(7).split(',') : undefined;
// --outdir=DIR writes the bundles there instead of dist/ (the bundle-size test builds into a temp dir).
const outdirArg = process.argv.find((a) => a.startsWith('--outdir='));
const dist = outdirArg ? path.resolve(outdirArg.slice(9)) : path.join(root, 'dist');

const version = require('../package.json').version;
const define = { GRADLAB_VERSION: JSON.stringify(version) };

const node = {
  define,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

/**
 * The extension's lazily loaded parts: module (as `await import()`ed from src/extension) → bundle
 * name in dist/lazy/. esbuild would inline them into dist/extension.js (evaluated lazily, but
 * parsed at every load: mathjs + MathJax are ~2.3 MB of the 2.4 MB). Each one becomes its own
 * bundle instead, and the `await import()` becomes `require('./lazy/<name>.js')` at first use.
 * Classes in both bundles are two copies (e.g. GradLabError): src/extension tests errors with
 * `isGradLabError` (a brand check), never `instanceof`.
 */
const LAZY = {
  symbolic: 'src/engine/symbolic/index.ts',
  texToSvg: 'src/extension/hover/texToSvg.ts',
};

/** esbuild plugin: a dynamic import of a LAZY module → external ./lazy/<name>.js; a static one is an error. */
function lazyPlugin() {
  const byFile = new Map(Object.entries(LAZY).map(([name, entry]) => [path.join(root, entry), name]));
  // Import paths that may name a LAZY module ('../../engine/symbolic', './texToSvg'); others resolve as usual.
  const stems = Object.values(LAZY).map((e) => path.basename(e.replace(/\/index\.ts$/, ''), '.ts'));
  const filter = new RegExp(`(^|/)(${stems.join('|')})(/index)?(\\.[jt]s)?$`);
  return {
    name: 'gradlab-lazy',
    setup(build) {
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData === 'gradlab-lazy') return undefined;
        const r = await build.resolve(args.path, {
          kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'gradlab-lazy',
        });
        const name = r.errors.length === 0 ? byFile.get(r.path) : undefined;
        if (!name) return undefined;
        if (args.kind !== 'dynamic-import') {
          return { errors: [{ text: `${LAZY[name]} is loaded lazily (dist/lazy/${name}.js): import it with \`await import()\`, not statically (from ${path.relative(root, args.importer)})` }] };
        }
        return { path: `./lazy/${name}.js`, external: true };
      });
    },
  };
}

function webviewEntries() {
  const dir = path.join(root, 'webview');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^[a-zA-Z]+Panel\.ts$|^[a-zA-Z]+\.entry\.ts$/.test(f))
    .map((f) => path.join('webview', f));
}

const targets = {
  extension: {
    ...node,
    entryPoints: ['src/extension/extension.ts'],
    outfile: path.join(dist, 'extension.js'),
    external: ['vscode'],
    plugins: [lazyPlugin()],
    // `await import('./lazy/x.js')` → `require('./lazy/x.js')`: a plain CommonJS load next to this file.
    supported: { 'dynamic-import': false },
  },
  // Built whenever `extension` is (dist/extension.js cannot work without it).
  lazy: {
    ...node,
    entryPoints: Object.fromEntries(Object.entries(LAZY).map(([name, entry]) => [`lazy/${name}`, entry])),
    outdir: dist,
    external: ['vscode'],
  },
  worker: { ...node, entryPoints: ['src/extension/workers/worker.ts'], outfile: path.join(dist, 'worker.js') },
  cli: {
    ...node,
    entryPoints: ['src/cli/bin.ts'],
    outfile: path.join(dist, 'cli.js'),
    banner: { js: '#!/usr/bin/env node' },
    // Every gradlab call parses this file: minified, it starts in about half the time (source map kept).
    minify: true,
    keepNames: true,
  },
  engine: { ...node, entryPoints: ['src/engine/index.ts'], outfile: path.join(dist, 'engine.js') },
  webview: {
    bundle: true,
    platform: 'browser',
    define,
    format: 'iife',
    target: 'es2022',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
    absWorkingDir: root,
    entryPoints: webviewEntries(),
    outdir: path.join(dist, 'webview'),
    entryNames: '[name]',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
    legalComments: 'none',
  },
};

async function main() {
  const t0 = Date.now();
  const wanted = only && only.includes('extension') ? [...only, 'lazy'] : only;
  const names = Object.keys(targets).filter((n) => !wanted || wanted.includes(n));
  const active = names.filter((n) => {
    const t = targets[n];
    const entries = Object.values(t.entryPoints);
    return entries.length > 0 && entries.every((e) => fs.existsSync(path.join(root, e)));
  });
  if (watch) {
    for (const n of active) {
      const ctx = await esbuild.context(targets[n]);
      await ctx.watch();
    }
    console.log(`[build] watching ${active.join(', ')}`);
    return;
  }
  // A production build starts from an empty dist/, so no stale file (e.g. a dev source map) ships.
  if (production && !only) fs.rmSync(dist, { recursive: true, force: true });
  await Promise.all(active.map((n) => esbuild.build(targets[n])));
  if (active.includes('cli')) fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
  const where = outdirArg ? ` into ${path.relative(process.cwd(), dist) || '.'}` : '';
  console.log(`[build] ${active.join(', ')}${where} in ${Date.now() - t0} ms${production ? ' (production)' : ''}`);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
