import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Ui } from './ui';
import { clickLine, openFile, runCommand, webviewFrame } from './ui';

/** Scrolls the editor to the line holding `text` (Monaco renders only the lines on screen). */
async function goToLineWith(ui: Ui, page: Page, text: string): Promise<void> {
  const lines = fs.readFileSync(path.join(ui.workspace, 'gradcheck-demo.ts'), 'utf8').split('\n');
  const n = lines.findIndex((l) => l.includes(text)) + 1;
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${n}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/**
 * Gradient check from the editor: the "Check gradient" CodeLens on a right gradient, then the
 * command with the cursor in a function whose gradient has one wrong component; the report panel
 * opens beside the code with that component first, marked "fail" in text, and the eps chart.
 */
export async function gradcheck(ui: Ui): Promise<void> {
  const { page } = ui;
  await openFile(page, 'gradcheck-demo.ts');
  const lenses = page.locator('.monaco-editor .codelens-decoration a', {
    hasText: 'Check gradient',
  });
  await lenses.first().waitFor({ state: 'visible', timeout: 30_000 });
  ui.check((await lenses.count()) >= 1, '"Check gradient" CodeLens above mse');

  await lenses.first().click();
  let frame = await webviewFrame(page);
  const verdict = frame.locator('.verdict');
  await verdict.waitFor({ timeout: 60_000 });
  await frame.locator('h1', { hasText: 'mse' }).waitFor({ timeout: 30_000 });
  ui.check(
    (await verdict.getAttribute('class'))?.includes('pass'),
    'clicking the CodeLens checks mse: the report says it passes',
  );
  ui.check((await frame.locator('tr.fail').count()) === 0, 'no failing rows for a right gradient');

  await goToLineWith(ui, page, 'return x[0]! * x[1]! + x[0]! * Math.sin');
  const derive = page.locator('.monaco-editor .codelens-decoration a', {
    hasText: 'Derive gradient',
  });
  await derive.waitFor({ state: 'visible', timeout: 15_000 });
  ui.check(await derive.isVisible(), '"Derive gradient" above softplus, which has no gradient');
  await clickLine(page, 'return x[0]! * x[1]! + x[0]! * Math.sin');
  await runCommand(page, 'GradLab: Gradient Check Function');
  frame = await webviewFrame(page);
  await frame.locator('h1', { hasText: 'model' }).waitFor({ timeout: 60_000 });
  const failing = frame.locator('tr.fail');
  await failing.first().waitFor({ timeout: 30_000 });
  const cells = await failing.first().locator('td').allTextContents();
  ui.check(
    (await failing.count()) === 1 && cells[1] === '2',
    `one failing row, component 2, listed first (got ${JSON.stringify(cells)})`,
  );
  ui.check(cells[0]?.includes('fail'), 'the failing row says "fail" in text, not only in colour');
  ui.check(
    (await frame.locator('.verdict').getAttribute('class'))?.includes('fail'),
    'the verdict says the gradient disagrees',
  );
  ui.check(
    await frame.locator('.explanations', { hasText: 'component 2' }).isVisible(),
    'an explanation in words names component 2',
  );
  const canvas = frame.locator('.sweep canvas[role="img"]');
  ui.check(
    (await canvas.getAttribute('aria-label'))?.startsWith('Log-log chart'),
    'the eps sweep chart has role=img and a summary label',
  );
  const box = await canvas.boundingBox();
  ui.check(box !== null && box.width > 100 && box.height > 100, 'the eps sweep chart is drawn');
  ui.check(
    await frame.locator('button', { hasText: 'Go to gradient function' }).isVisible(),
    '"Go to gradient function" button',
  );
  // Let the chart and the notification settle before the picture.
  await page.waitForTimeout(800);
  await ui.shot('gradcheck.png');
  // The README's picture: the editor and the report, without the explorer.
  const editorArea = await page.locator('.part.editor').boundingBox();
  if (editorArea)
    await page.screenshot({ path: path.join(ui.shots, 'gradcheck-editor.png'), clip: editorArea });

  await frame.locator('button', { hasText: 'Go to gradient function' }).click();
  const active = page.locator('.monaco-editor.focused .view-line', {
    hasText: 'export function modelGrad',
  });
  await active.first().waitFor({ timeout: 15_000 });
  ui.check(true, '"Go to gradient function" puts the editor on modelGrad');

  // The panel comes back after a reload, through its serializer and the state it saved.
  const loaded = page.waitForEvent('load', { timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await loaded;
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  frame = await webviewFrame(page);
  const restored = frame.locator('h1', { hasText: 'model' });
  await restored.waitFor({ timeout: 60_000 });
  ui.check(
    (await frame.locator('tr.fail').count()) === 1,
    'after "Developer: Reload Window" the report panel is restored with its failing row',
  );
}
