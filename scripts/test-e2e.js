#!/usr/bin/env node
// End-to-end UI tests: package the .vsix, install it into code-server, drive the workbench with
// Debian's Chromium (test/e2e). Screenshots: out/e2e/. Prints `ui: N passed, N failed`.
//   node scripts/test-e2e.js [--only scenario]
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { root, TOOLS, run, runCapture, ensureTools, isolatedPrefix, copyExamples, counts } = require('./lib');

async function main() {
  await ensureTools();
  const vsix = path.join(root, 'out/e2e-ext.vsix');
  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  if ((await run(process.execPath, [path.join(root, 'scripts/package.js'), '--out', vsix])) !== 0) throw new Error('packaging failed');
  await esbuild.build({
    entryPoints: [path.join(root, 'test/e2e/drive.ts')], outfile: path.join(root, 'out/test/e2e/drive.js'),
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['playwright-core'],
    sourcemap: 'inline', logLevel: 'warning', absWorkingDir: root,
  });
  const ws = copyExamples();
  const oi = process.argv.indexOf('--only');
  const args = [path.join(root, 'out/test/e2e/drive.js'), '--vsix', vsix, '--workspace', ws, '--out', path.join(root, 'out/e2e'),
    ...(oi > 0 ? ['--only', process.argv[oi + 1]] : [])];
  const pre = isolatedPrefix();
  const env = { ...process.env, REALVSCODE_TOOLS: TOOLS, NODE_PATH: path.join(root, 'node_modules') };
  const { code, output } = await runCapture(pre.length ? pre[0] : process.execPath,
    pre.length ? [...pre.slice(1), process.execPath, ...args] : args, { env });
  fs.rmSync(ws, { recursive: true, force: true });
  if (!counts(output, 'ui')) console.log(`ui: 0 passed, 1 failed (the driver exited ${code} without results)`);
  process.exit(code === 0 ? 0 : 1);
}
main().catch((e) => { console.error(e.message || e); console.log('ui: 0 passed, 1 failed'); process.exit(1); });
