#!/usr/bin/env node
// Bundles GradLab with esbuild (esbuild does not typecheck: `npm run check` does).
//   node scripts/build.js [--production] [--watch] [--only extension,worker,cli,engine,webview]
// dist/extension.js  VS Code entry (cjs, `vscode` external)
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

function webviewEntries() {
  const dir = path.join(root, 'webview');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^[a-zA-Z]+Panel\.ts$|^[a-zA-Z]+\.entry\.ts$/.test(f))
    .map((f) => path.join('webview', f));
}

const targets = {
  extension: { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  worker: { ...node, entryPoints: ['src/extension/workers/worker.ts'], outfile: 'dist/worker.js' },
  cli: {
    ...node,
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  engine: { ...node, entryPoints: ['src/engine/index.ts'], outfile: 'dist/engine.js' },
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
    outdir: 'dist/webview',
    entryNames: '[name]',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
    legalComments: 'none',
  },
};

async function main() {
  const t0 = Date.now();
  const names = Object.keys(targets).filter((n) => !only || only.includes(n));
  const active = names.filter((n) => {
    const t = targets[n];
    const entries = t.entryPoints;
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
  if (production && !only) fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  await Promise.all(active.map((n) => esbuild.build(targets[n])));
  if (active.includes('cli')) fs.chmodSync(path.join(root, 'dist/cli.js'), 0o755);
  console.log(`[build] ${active.join(', ')} in ${Date.now() - t0} ms${production ? ' (production)' : ''}`);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
