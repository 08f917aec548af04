#!/usr/bin/env node
// Integration tests inside a real VS Code: code-server's extension host runs test/extension/*.test.ts
// (mocha, the real `vscode` API) on a copy of examples/. Prints `integration: N passed, N failed`.
//   node scripts/test-integration.js [--no-build] [--grep PATTERN]
'use strict';
const fs = require('fs');
const path = require('path');
const { root, TOOLS, runCapture, ensureTools, isolatedPrefix, copyExamples, build, bundleTests, counts } = require('./lib');

async function main() {
  await ensureTools();
  if (!process.argv.includes('--no-build')) await build();
  const outdir = await bundleTests('extension');
  const ws = copyExamples();
  const gi = process.argv.indexOf('--grep');
  const env = { ...process.env, REALVSCODE_TOOLS: TOOLS, ...(gi > 0 ? { GRADLAB_TEST_GREP: process.argv[gi + 1] } : {}) };
  const pre = isolatedPrefix();
  const args = [path.join(root, 'test/realvscode/run-integration.js'), '--extensionDevelopmentPath', root,
    '--extensionTestsPath', path.join(outdir, 'index.js'), '--workspace', ws, '--out', path.join(root, 'out/integration'), '--timeout', '900'];
  const cmd = pre.length ? pre[0] : process.execPath;
  const { code, output } = await runCapture(cmd, pre.length ? [...pre.slice(1), process.execPath, ...args] : args, { env });
  fs.rmSync(ws, { recursive: true, force: true });
  if (!counts(output, 'integration')) console.log(`integration: 0 passed, 1 failed (the runner exited ${code} without results)`);
  process.exit(code === 0 ? 0 : 1);
}
main().catch((e) => { console.error(e.message || e); console.log('integration: 0 passed, 1 failed'); process.exit(1); });
