#!/usr/bin/env node
// Engine and CLI unit tests on plain Node (node:test). Each test/**/*.test.ts outside
// test/extension and test/e2e is bundled by esbuild (node_modules stay external) into out/unit,
// then run by `node --test`. Prints `unit: N passed, N failed` and exits non-zero on any failure.
//   node scripts/test-unit.js [filter-substring ...]
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const root = path.resolve(__dirname, '..');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function collect(dir, acc = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const rel = path.relative(path.join(root, 'test'), p);
      if (rel === 'extension' || rel === 'e2e' || rel === 'realvscode' || rel === 'fixtures') continue;
      collect(p, acc);
    } else if (e.name.endsWith('.test.ts')) acc.push(p);
  }
  return acc;
}

async function main() {
  let files = collect(path.join(root, 'test')).sort();
  if (filters.length) files = files.filter((f) => filters.some((s) => f.includes(s)));
  if (files.length === 0) {
    console.log('unit: 0 passed, 1 failed (no test files found)');
    process.exit(1);
  }
  // One folder per run: several runs (e.g. people working in parallel) must not clobber each other.
  const outdir = path.join(root, `out/unit-${process.pid}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: files,
    outdir,
    outbase: path.join(root, 'test'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    absWorkingDir: root,
    define: { __TEST_ROOT__: JSON.stringify(root) },
  });
  const outs = files.map((f) => path.join(outdir, path.relative(path.join(root, 'test'), f)).replace(/\.ts$/, '.js'));
  // TAP goes to a file for counting; the spec reporter to the console for people.
  const tap = path.join(outdir, 'results.tap');
  const args = ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...outs];
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, GRADLAB_ROOT: root } });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  if (!process.argv.includes('--keep')) fs.rmSync(outdir, { recursive: true, force: true });
  const num = (k) => Number((text.match(new RegExp(`^# ${k} (\\d+)`, 'm')) || [])[1] || 0);
  const passed = num('pass');
  let failed = num('fail') + num('cancelled');
  const skipped = num('skip') + num('todo');
  if (code !== 0 && failed === 0) failed = 1; // a crash outside any test still fails the suite
  console.log(`unit: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 || skipped > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log('unit: 0 passed, 1 failed');
  process.exit(1);
});
