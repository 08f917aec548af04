/**
 * End-to-end UI tests: Debian's Chromium (playwright-core) drives code-server with GradLab
 * installed from its .vsix, on a copy of examples/. Each scenario uses the workbench as a person
 * would; screenshots go to --out. Prints `ui: N passed, N failed`; exit 1 on any failure.
 * Two sessions, each its own code-server: SCENARIOS in a trusted folder (Workspace Trust off),
 * then RESTRICTED_SCENARIOS with Workspace Trust on, where the folder opens in Restricted Mode.
 *   node out/test/e2e/drive.js --vsix FILE --out DIR [--only name]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeUi, waitForWorkbench, type Ui } from './ui';
import { RESTRICTED_SCENARIOS, SCENARIOS } from './scenarios';
import { TRUST_KEYBINDINGS } from './trust.scenario';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require(require('node:path').join(__dirname, '../../../test/realvscode/lib.js')) as {
  startCodeServer(o: {
    vsix: string[];
    settings?: object;
    trust?: boolean;
    keybindings?: object[];
  }): Promise<{ url: string; root: string; startupMs: number; stop(o?: { keep?: boolean }): Promise<void> }>;
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
  const pick = (all: Record<string, Scenario>) =>
    Object.entries(all).filter(([name]) => !only || name === only);
  // The restricted session gets the folder as it was before the trusted scenarios edited it.
  const pristine = fs.mkdtempSync(path.join(os.tmpdir(), 'gradlab-restricted-'));
  fs.cpSync(workspace, pristine, { recursive: true });
  try {
    const trusted = pick(SCENARIOS);
    if (trusted.length) await session(trusted, { workspace, out, vsix, counts, trust: false });
    const restricted = pick(RESTRICTED_SCENARIOS);
    if (restricted.length) await session(restricted, { workspace: pristine, out, vsix, counts, trust: true });
  } finally {
    fs.rmSync(pristine, { recursive: true, force: true });
  }
  console.log(`[e2e] screenshots in ${out}`);
  console.log(`ui: ${counts.passed} passed, ${counts.failed} failed`);
  return counts.failed > 0 || counts.passed === 0 ? 1 : 0;
}

type Scenario = (ui: Ui) => Promise<void>;

/** One code-server + browser session running `scenarios` in order on `workspace`. */
async function session(
  scenarios: Array<[string, Scenario]>,
  o: { workspace: string; out: string; vsix: string; counts: { passed: number; failed: number }; trust: boolean },
): Promise<void> {
  const cs = await lib.startCodeServer({
    vsix: [o.vsix],
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    ...(o.trust ? { trust: true, keybindings: TRUST_KEYBINDINGS } : {}),
  });
  console.log(`[e2e] code-server up in ${cs.startupMs} ms${o.trust ? ' (Workspace Trust on)' : ''}`);
  const { browser, context } = await lib.launchBrowser();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[page error]', String(e).slice(0, 300)));
  const ui: Ui = makeUi(page, o.out, o.workspace, o.counts);
  const failedBefore = o.counts.failed;
  try {
    await page.goto(lib.workbenchUrl(cs, { folder: o.workspace }));
    await waitForWorkbench(page, 'expressions.md');
    for (const [name, scenario] of scenarios) {
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
    const failed = o.counts.failed > failedBefore;
    await cs.stop({ keep: failed });
    if (failed) console.log(`[e2e] kept for debugging: ${cs.root}`);
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    console.log('ui: 0 passed, 1 failed');
    process.exit(1);
  },
);
