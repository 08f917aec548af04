#!/usr/bin/env node
// `npm run bench`: bundles each bench/*.bench.ts (node_modules external) and runs it in its own
// Node process, one after another (they measure time: never in parallel).
//   node scripts/bench.js [filter-substring ...]
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const filters = process.argv.slice(2);

async function main() {
  const dir = path.join(root, 'bench');
  let files = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
  if (filters.length) files = files.filter((f) => filters.some((s) => f.includes(s)));
  const outdir = path.join(root, 'out/bench');
  await esbuild.build({
    entryPoints: files.map((f) => path.join(dir, f)),
    outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    packages: 'external', logLevel: 'warning', absWorkingDir: root,
  });
  let failed = 0;
  for (const f of files) {
    console.log(`\n=== ${f} ===`);
    const r = spawnSync(process.execPath, ['--max-old-space-size=8192', path.join(outdir, f.replace(/\.ts$/, '.js'))], {
      cwd: root, stdio: 'inherit',
    });
    if (r.status !== 0) { failed++; console.log(`[bench] ${f} exited ${r.status}`); }
  }
  process.exit(failed ? 1 : 0);
}
main().catch((e) => { console.error(e); process.exit(1); });
