import type { Page } from 'playwright-core';
import type { Ui } from './ui';
import { clickLine, goToLineWith, openFile, runCommand, webviewFrame } from './ui';

/**
 * A user keybinding for the gradient check, written into the restricted session's
 * User/keybindings.json: a hidden palette entry does not stop a keybinding (or a CodeLens, or
 * another extension) from executing the command, so the command itself must refuse.
 */
export const TRUST_KEYBINDINGS = [
  { key: 'ctrl+alt+shift+f9', command: 'gradlab.gradcheckFunction' },
];
const GRADCHECK_KEY = 'Control+Alt+Shift+F9';

const FILE = 'losses.ts';
const CHECK = 'GradLab: Gradient Check Function';

/** The labels the command palette lists for `query` (after `>`), once `expect` is among them. */
async function paletteLabels(page: Page, query: string, expect: string): Promise<string[]> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>' + query);
  await page
    .locator('.quick-input-list .monaco-list-row .label-name', { hasText: expect })
    .first()
    .waitFor({ state: 'visible', timeout: 15_000 });
  const labels = await page
    .locator('.quick-input-list .monaco-list-row .label-name')
    .allInnerTexts();
  await page.keyboard.press('Escape');
  await input.waitFor({ state: 'hidden' });
  return labels.map((l) => l.trim());
}

/**
 * The notification whose text contains `text`: its toast, or (headless Chromium often shows no
 * toast: the notification goes straight to the center) its entry in the notifications center.
 */
async function notification(page: Page, text: string) {
  const item = (where: string) =>
    page.locator(`${where} .notification-list-item`, { hasText: text }).first();
  const toast = item('.notifications-toasts');
  try {
    await toast.waitFor({ state: 'visible', timeout: 5000 });
    return toast;
  } catch {
    await runCommand(page, 'Notifications: Show Notifications');
    const entry = item('.notifications-center');
    await entry.waitFor({ state: 'visible', timeout: 15_000 });
    return entry;
  }
}

/**
 * Workspace Trust, in a code-server session with trust on (the folder opens untrusted):
 * Restricted Mode still differentiates; the gradient check is hidden (no CodeLens, no palette
 * entry) and, run from a keybinding anyway, explains itself and offers "Manage Workspace Trust".
 * Trusting the folder in the Workspace Trust editor turns the check on without a reload.
 */
export async function trust(ui: Ui): Promise<void> {
  const { page } = ui;
  let loads = 0;
  page.on('load', () => loads++);
  const restricted = page.locator('.statusbar-item', { hasText: 'Restricted Mode' });
  await restricted.first().waitFor({ state: 'visible', timeout: 30_000 });
  ui.check(
    await restricted.first().isVisible(),
    'the folder opens in Restricted Mode (status bar)',
  );

  // Pure features work untrusted: differentiate from the palette.
  await openFile(page, 'expressions.md');
  await clickLine(page, 'x^2 * sin(x)');
  await runCommand(page, 'GradLab: Differentiate Selection');
  const frame = await webviewFrame(page);
  await frame.locator('.entry .katex').first().waitFor({ state: 'visible', timeout: 30_000 });
  const code = (await frame.locator('code.code').first().textContent()) ?? '';
  ui.check(/cos\(x\)/.test(code), `Restricted Mode: "Differentiate Selection" works (${code})`);
  await runCommand(page, 'View: Close All Editors');

  // The gradient check is hidden: no CodeLens in losses.ts, no palette entry.
  await openFile(page, FILE);
  await goToLineWith(page, ui.workspace, FILE, 'export function logisticLoss');
  await page
    .locator('.monaco-editor .view-line', { hasText: 'export function logisticLoss' })
    .first()
    .waitFor();
  const lenses = page.locator('.monaco-editor .codelens-decoration a', {
    hasText: /Check gradient|Derive gradient/,
  });
  // Nothing to wait for when the provider returns no lenses; after trust (below) they do appear.
  await page.waitForTimeout(3000);
  ui.check(
    (await lenses.count()) === 0,
    'Restricted Mode: no "Check gradient" / "Derive gradient" CodeLens in losses.ts',
  );
  const labels = await paletteLabels(page, 'GradLab: ', 'GradLab: Differentiate Selection');
  ui.check(
    !labels.includes(CHECK) && labels.includes('GradLab: Differentiate Selection'),
    `Restricted Mode: the palette offers no "${CHECK}" (GradLab entries: ${labels.join(', ')})`,
  );

  // Run anyway (a keybinding): the command explains and offers "Manage Workspace Trust".
  const body = 'loss += Math.max(z, 0)';
  await goToLineWith(page, ui.workspace, FILE, body);
  await clickLine(page, body);
  const tabsBefore = await page.locator('.tab').allInnerTexts();
  await page.keyboard.press(GRADCHECK_KEY);
  const toast = await notification(page, 'did not run the gradient check');
  const text = (await toast.innerText()).replace(/\s+/g, ' ');
  ui.check(
    text.includes('did not run the gradient check') && text.includes('Restricted Mode'),
    `run from a keybinding, the check refuses and says why: "${text.slice(0, 160)}…"`,
  );
  const manage = toast.locator('.monaco-button', { hasText: 'Manage Workspace Trust' });
  ui.check(await manage.isVisible(), 'the refusal offers "Manage Workspace Trust"');
  await page.mouse.move(1000, 720);
  await page.waitForTimeout(600); // the toast fades in
  await ui.shot('trust.png');
  const tabsAfter = await page.locator('.tab').allInnerTexts();
  ui.check(
    JSON.stringify(tabsAfter) === JSON.stringify(tabsBefore),
    `no report panel opened: nothing ran (tabs ${JSON.stringify(tabsAfter)})`,
  );

  // The refusal came before anything started: GradLab's log has no worker thread.
  await runCommand(page, 'GradLab: Show Log');
  const log = page.locator('.part.panel .monaco-editor .view-lines').first();
  await log.filter({ hasText: 'Differentiate' }).waitFor({ timeout: 15_000 });
  const logText = await log.innerText();
  ui.check(
    !logText.includes('worker started'),
    'Restricted Mode: the refused check started no worker thread',
  );
  await runCommand(page, 'View: Hide Panel');

  // "Manage Workspace Trust" → the Workspace Trust editor → trust the folder.
  await (
    await notification(page, 'did not run the gradient check')
  )
    .locator('.monaco-button', { hasText: 'Manage Workspace Trust' })
    .click();
  const editor = page.locator('.workspace-trust-editor');
  await editor.waitFor({ state: 'visible', timeout: 15_000 });
  ui.check(await editor.isVisible(), '"Manage Workspace Trust" opens the Workspace Trust editor');
  const trustButton = editor.locator('.monaco-button', { hasText: /^Trust( Folder)?$/ }).first();
  await trustButton.click();
  await restricted.first().waitFor({ state: 'hidden', timeout: 15_000 });
  ui.check(
    !(await restricted.first().isVisible()) &&
      (await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count()) === 0,
    'the Workspace Trust editor\'s "Trust" button leaves Restricted Mode',
  );
  // The trust editor opens as a modal editor: close it before going back to the code.
  await page
    .locator('.monaco-modal-editor-block [aria-label^="Close Modal Editor"]')
    .first()
    .click();
  await editor.waitFor({ state: 'hidden', timeout: 10_000 });

  // Trusted now, same window: the lenses come, the palette offers the check, and it runs.
  await openFile(page, FILE);
  await goToLineWith(page, ui.workspace, FILE, 'export function logisticLoss');
  const check = page.locator('.monaco-editor .codelens-decoration a', {
    hasText: 'Check gradient',
  });
  await check.first().waitFor({ state: 'visible', timeout: 30_000 });
  ui.check(
    await check.first().isVisible(),
    'after trusting: "Check gradient" CodeLens above logisticLoss',
  );
  const trustedLabels = await paletteLabels(page, CHECK, CHECK);
  ui.check(trustedLabels.includes(CHECK), `after trusting: the palette offers "${CHECK}"`);
  await check.first().click();
  const report = await webviewFrame(page);
  await report.locator('h1', { hasText: 'logisticLoss' }).waitFor({ timeout: 60_000 });
  ui.check(
    (await report.locator('.verdict').getAttribute('class'))?.includes('pass'),
    'after trusting: the gradient check of logisticLoss runs and passes',
  );
  ui.check(loads === 0, `all of it without a reload (${loads} page loads)`);
}
