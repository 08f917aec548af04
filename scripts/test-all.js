#!/usr/bin/env node
// `npm test`: every suite, in order — typecheck, unit (engine + CLI on Node), integration (inside
// a real VS Code), E2E (the real UI in Chromium). The tools for the last two install themselves
// (idempotently) on first run. The last line is `N passed, N failed` over all suites; the exit
// code is non-zero if anything failed. No suite is skipped: a missing prerequisite is a failure.
'use strict';
const path = require('path');
const { root, runCapture, counts, ensureTools } = require('./lib');

const suites = [
  { label: 'typecheck', cmd: ['npm', 'run', '--silent', 'check'], plain: true },
  { label: 'unit', cmd: [process.execPath, path.join(root, 'scripts/test-unit.js')] },
  { label: 'integration', cmd: [process.execPath, path.join(root, 'scripts/test-integration.js')], tools: true },
  { label: 'ui', cmd: [process.execPath, path.join(root, 'scripts/test-e2e.js')], tools: true },
];

async function main() {
  const t0 = Date.now();
  let passed = 0, failed = 0;
  const lines = [];
  let toolsReady;
  for (const s of suites) {
    const ts = Date.now();
    console.log(`\n===== ${s.label} =====`);
    if (s.tools && toolsReady === undefined) {
      try { await ensureTools(); toolsReady = true; } catch (e) { console.error(e.message); toolsReady = false; }
    }
    let c;
    if (s.tools && !toolsReady) c = { passed: 0, failed: 1 };
    else {
      const { code, output } = await runCapture(s.cmd[0], s.cmd.slice(1), { env: { ...process.env, GRADLAB_SKIP_SETUP: '1' } });
      c = s.plain ? (code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }) : counts(output, s.label) || { passed: 0, failed: 1 };
      if (code !== 0 && c.failed === 0) c = { passed: c.passed, failed: 1 };
    }
    passed += c.passed; failed += c.failed;
    lines.push(`${s.label.padEnd(12)} ${String(c.passed).padStart(5)} passed ${String(c.failed).padStart(4)} failed  ${((Date.now() - ts) / 1000).toFixed(0)} s`);
  }
  console.log('\n===== summary =====');
  for (const l of lines) console.log(l);
  console.log(`total time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
main().catch((e) => { console.error(e); console.log('0 passed, 1 failed'); process.exit(1); });
