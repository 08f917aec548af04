/**
 * The integration suite's entry, in @vscode/test-electron's `run()` form: the extension host
 * require()s this file and awaits run(). It runs every *.test.js beside it with mocha (tdd UI)
 * and writes {passed, failed, pending} to $REALVSCODE_TEST_RESULTS for the code-server runner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, ...(process.env['GRADLAB_TEST_GREP'] ? { grep: process.env['GRADLAB_TEST_GREP'] } : {}) });
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const st = runner.stats;
      const summary = { passed: st?.passes ?? 0, failed: failures, pending: st?.pending ?? 0, total: runner.total };
      const out = process.env['REALVSCODE_TEST_RESULTS'];
      if (out) fs.writeFileSync(out, JSON.stringify(summary, null, 2));
      console.log(`[gradlab integration] ${summary.passed} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
  });
}
