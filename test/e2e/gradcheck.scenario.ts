import * as path from 'node:path';
import type { Ui } from './ui';
import { clickLine, goToLineWith, openFile, runCommand, webviewFrame } from './ui';

const FILE = 'losses.ts';

/**
 * Gradient check from the editor on examples/losses.ts: the "Check gradient" CodeLens on a right
 * gradient (logisticLoss), "Derive gradient" on smoothL1, then the command with the cursor in
 * crossEntropy, whose bias gradient forgets to average over the batch: the report panel opens
 * beside the code with components 6, 7 and 8 first, marked "fail" in text, the factor 4 named,
 * and the eps chart. The panel survives a window reload.
 */
export async function gradcheck(ui: Ui): Promise<void> {
  const { page } = ui;
  await openFile(page, FILE);
  await goToLineWith(page, ui.workspace, FILE, 'export function logisticLoss');
  const lenses = page.locator('.monaco-editor .codelens-decoration a', {
    hasText: 'Check gradient',
  });
  await lenses.first().waitFor({ state: 'visible', timeout: 30_000 });
  ui.check((await lenses.count()) >= 1, '"Check gradient" CodeLens above logisticLoss');

  await lenses.first().click();
  let frame = await webviewFrame(page);
  await frame.locator('h1', { hasText: 'logisticLoss' }).waitFor({ timeout: 60_000 });
  ui.check(
    (await frame.locator('.verdict').getAttribute('class'))?.includes('pass'),
    'clicking the CodeLens checks logisticLoss: the report says it passes',
  );
  ui.check((await frame.locator('tr.fail').count()) === 0, 'no failing rows for a right gradient');

  await goToLineWith(page, ui.workspace, FILE, 'export function smoothL1');
  const derive = page.locator('.monaco-editor .codelens-decoration a', {
    hasText: 'Derive gradient',
  });
  await derive.waitFor({ state: 'visible', timeout: 15_000 });
  ui.check(await derive.isVisible(), '"Derive gradient" above smoothL1, which has no gradient');

  const body = 'loss += logSum - logits[CLASSES[i]!]!;';
  await goToLineWith(page, ui.workspace, FILE, body);
  await clickLine(page, body);
  await runCommand(page, 'GradLab: Gradient Check Function');
  frame = await webviewFrame(page);
  await frame.locator('h1', { hasText: 'crossEntropy' }).waitFor({ timeout: 60_000 });
  const failing = frame.locator('tr.fail');
  await failing.first().waitFor({ timeout: 30_000 });
  const first = await failing.first().locator('td').allTextContents();
  // Rows in table order: [class, component] of each.
  const rows = await frame
    .locator('table.components tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [tr.className, tr.children[1]?.textContent ?? '']));
  const firstThree = rows.slice(0, 3);
  ui.check(
    rows.filter(([c]) => c === 'fail').length === 3 &&
      firstThree.every(([c]) => c === 'fail') &&
      JSON.stringify(firstThree.map(([, i]) => i).sort()) === '["6","7","8"]',
    `components 6, 7, 8 fail and are listed first (got ${JSON.stringify(rows)})`,
  );
  ui.check(first[0]?.includes('fail'), 'a failing row says "fail" in text, not only in colour');
  ui.check(
    (await frame.locator('.verdict').getAttribute('class'))?.includes('fail'),
    'the verdict says the gradient disagrees',
  );
  ui.check(
    await frame.locator('.explanations li', { hasText: 'factor' }).first().isVisible(),
    'an explanation in words names the factor',
  );
  const canvas = frame.locator('.sweep canvas[role="img"]');
  ui.check(
    (await canvas.getAttribute('aria-label'))?.startsWith('Log-log chart'),
    'the eps sweep chart has role=img and a summary label',
  );
  const box = await canvas.boundingBox();
  ui.check(box !== null && box.width > 100 && box.height > 100, 'the eps sweep chart is drawn');
  const goToGradient = frame.locator('button', { hasText: 'Go to gradient function' });
  ui.check(await goToGradient.isVisible(), '"Go to gradient function" button');
  // Let the chart and the notification settle before the picture.
  await page.waitForTimeout(800);
  await ui.shot('gradcheck.png');
  // The README's picture: the editor and the report, without the explorer.
  const editorArea = await page.locator('.part.editor').boundingBox();
  // Down to the component table, to stay under 200 KB for the README.
  if (editorArea) {
    const clip = { ...editorArea, height: Math.min(editorArea.height, 640) };
    await page.screenshot({ path: path.join(ui.shots, 'gradcheck-editor.png'), clip });
  }

  await goToGradient.click();
  await page
    .locator('.monaco-editor.focused .view-line', { hasText: 'export function crossEntropyGrad' })
    .first()
    .waitFor({ timeout: 15_000 });
  ui.check(true, '"Go to gradient function" puts the editor on crossEntropyGrad');

  // The panel comes back after a reload, through its serializer and the state it saved.
  const loaded = page.waitForEvent('load', { timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await loaded;
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  frame = await webviewFrame(page);
  await frame.locator('h1', { hasText: 'crossEntropy' }).waitFor({ timeout: 60_000 });
  ui.check(
    (await frame.locator('tr.fail').count()) === 3,
    'after "Developer: Reload Window" the report panel is restored with its failing rows',
  );
}
