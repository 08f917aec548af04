/**
 * End-to-end UI tests: Debian's Chromium (playwright-core) drives code-server with GradLab
 * installed from its .vsix, on a copy of examples/. Each scenario uses the workbench as a person
 * would; screenshots go to --out. Prints `ui: N passed, N failed`; exit 1 on any failure.
 *   node out/test/e2e/drive.js --vsix FILE --out DIR [--only name]
 */
import * as path from 'node:path';
import { makeUi, waitForWorkbench, type Ui } from './ui';
import { SCENARIOS } from './scenarios';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require(require('node:path').join(__dirname, '../../../test/realvscode/lib.js')) as {
  startCodeServer(o: object): Promise<{ url: string; root: string; startupMs: number; stop(o?: { keep?: boolean }): Promise<void> }>;
  launchBrowser(): Promise<{ browser: import('playwright-core').Browser; context: import('playwright-core').BrowserContext }>;
  workbenchUrl(cs: object, o: { folder?: string }): string;
  arg(name: string, def?: string): string | undefined;
};

async function main(): Promise<number> {
  const vsix = lib.arg('vsix');
  const out = path.resolve(lib.arg('out', 'out/e2e') ?? 'out/e2e');
  const workspace = lib.arg('workspace');
  const only = lib.arg('only');
  if (!vsix || !workspace) {
    console.error('usage: drive.js --vsix FILE --workspace DIR --out DIR [--only name]');
    return 2;
  }
  const counts = { passed: 0, failed: 0 };
  const cs = await lib.startCodeServer({ vsix: [vsix], settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  console.log(`[e2e] code-server up in ${cs.startupMs} ms`);
  const { browser, context } = await lib.launchBrowser();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[page error]', String(e).slice(0, 300)));
  const ui: Ui = makeUi(page, out, workspace, counts);
  try {
    await page.goto(lib.workbenchUrl(cs, { folder: workspace }));
    await waitForWorkbench(page, 'expressions.md');
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if (only && name !== only) continue;
      const t0 = Date.now();
      try {
        await scenario(ui);
      } catch (e) {
        ui.check(false, `${name}: ${(e as Error).message.split('\n')[0]}`);
        await ui.shot(`failure-${name}.png`).catch(() => undefined);
      }
      console.log(`[e2e] ${name} took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await page.keyboard.press('Escape').catch(() => undefined);
    }
  } finally {
    await browser.close().catch(() => undefined);
    await cs.stop({ keep: counts.failed > 0 });
    if (counts.failed > 0) console.log(`[e2e] kept for debugging: ${cs.root}`);
  }
  console.log(`[e2e] screenshots in ${out}`);
  console.log(`ui: ${counts.passed} passed, ${counts.failed} failed`);
  return counts.failed > 0 || counts.passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    console.log('ui: 0 passed, 1 failed');
    process.exit(1);
  },
);
