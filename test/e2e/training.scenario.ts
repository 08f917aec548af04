import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { Ui } from './ui';
import { explorerContextMenu, openFile, runCommand, webviewFrame } from './ui';

const EPOCHS = 30;

/** The part of the browser's window the check needs (the e2e code is compiled without the DOM library). */
interface CssWindow {
  getComputedStyle(e: unknown): { getPropertyValue(name: string): string };
}

/**
 * The training panel's content frame: its tab is brought to the front (after a reload other
 * panels, such as the derivative panel, may be restored too), then the webview holding #status.
 */
async function trainingFrame(page: Page): Promise<FrameLocator> {
  const tab = page.locator('.tab', { hasText: 'GradLab Training' });
  await tab.waitFor({ timeout: 60_000 });
  await tab.click();
  for (let attempt = 0; attempt < 60; attempt++) {
    const outer = page.frameLocator('iframe.webview.ready');
    const count = await page.locator('iframe.webview.ready').count();
    for (let i = count - 1; i >= 0; i--) {
      const inner = outer.nth(i).frameLocator('iframe#active-frame');
      if (
        (await inner
          .locator('#status')
          .count()
          .catch(() => 0)) > 0
      )
        return inner;
    }
    await page.waitForTimeout(500);
  }
  return webviewFrame(page);
}

/**
 * Right-click a CSV in the explorer → "Train a Model on This CSV", check the data and settings,
 * refuse a bad learning rate beside its field, Start, wait for "completed" and count the loss
 * chart's points (its data attribute and its data table). The screenshot goes into the README.
 */
export async function training(ui: Ui): Promise<void> {
  const { page } = ui;
  // Right after the workbench loads, the extension's menu items may not be registered yet, and a
  // click while the menu is still laying out can be lost: retry until the panel's tab appears.
  for (let attempt = 1; ; attempt++) {
    try {
      await explorerContextMenu(page, 'study-hours.csv', 'Train a Model on This CSV');
      await page.locator('.tab', { hasText: 'GradLab Training' }).waitFor({ timeout: 15_000 });
      break;
    } catch (e) {
      await ui.shot(`training-attempt-${attempt}.png`);
      await page.keyboard.press('Escape');
      if (attempt === 4) throw e;
      await page.waitForTimeout(2000);
    }
  }
  const frame = await trainingFrame(page);
  const columns = frame.locator('#columns');
  await columns.waitFor({ timeout: 60_000 });
  ui.check(
    (await columns.locator('tbody tr').count()) === 4,
    "the panel lists the CSV's 4 columns with their types",
  );
  ui.check(
    (await frame.locator('#target').inputValue()) === 'exam_score',
    'the last column is proposed as the target',
  );
  ui.check(
    (await frame.locator('.preview tbody tr').count()) === 20,
    'the data preview shows the first 20 rows',
  );

  await ui.shot('training-data.png');

  const lr = frame.locator('#learningRate');
  await lr.fill('-0.1');
  const lrError = frame.locator('#learningRate-error');
  ui.check(
    await lrError.isVisible(),
    `a negative learning rate is refused beside its field ("${(await lrError.textContent()) ?? ''}")`,
  );
  ui.check(
    (await lr.getAttribute('aria-invalid')) === 'true' &&
      (await lr.getAttribute('aria-describedby'))?.includes('learningRate-error'),
    'the field is marked invalid and points to its message',
  );
  ui.check(
    await frame.locator('#start').isDisabled(),
    'Start is disabled while a setting is refused',
  );
  await lr.fill('0.05');
  await frame.locator('#epochs').fill(String(EPOCHS));
  ui.check(
    await frame.locator('#start').isEnabled(),
    'Start is enabled once the settings are valid',
  );

  await frame.locator('#start').click();
  const status = frame.locator('#status');
  await frame.locator('#status[data-status="completed"]').waitFor({ timeout: 90_000 });
  const text = (await status.textContent()) ?? '';
  ui.check(/completed/i.test(text), `the status line says the run completed: "${text}"`);
  ui.check(
    (await status.getAttribute('aria-live')) === 'polite',
    'the status line is announced to screen readers (aria-live polite)',
  );

  const chart = frame.locator('#loss-chart');
  ui.check(
    (await chart.getAttribute('data-points')) === String(EPOCHS),
    `the loss chart has ${EPOCHS} points (data-points=${await chart.getAttribute('data-points')})`,
  );
  ui.check(
    (await chart.getAttribute('role')) === 'img' &&
      /30 epochs/.test((await chart.getAttribute('aria-label')) ?? ''),
    'the loss canvas is an image with a summary label',
  );
  const box = await chart.boundingBox();
  ui.check(
    box !== null && box.width > 200 && box.height > 150,
    'the loss chart is drawn at a visible size',
  );
  await frame.locator('#loss-figure details > summary').click();
  const rows = await frame.locator('#loss-figure details tbody tr').count();
  ui.check(rows === EPOCHS, `the loss data table has ${EPOCHS} rows (${rows})`);
  await frame.locator('#loss-figure details > summary').click();
  ui.check(await frame.locator('#results table').first().isVisible(), 'the metrics table is shown');
  ui.check(
    await frame.locator('#prediction-figure').isVisible(),
    'the predicted-vs-actual chart is shown for a regression',
  );

  // The README screenshot: the controls, status line and loss chart of the finished run.
  await frame.locator('#controls').scrollIntoViewIfNeeded();
  await frame.locator('#controls').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(500);
  await ui.shot('training-full.png');
  const webview = page.locator('iframe.webview.ready').last();
  const area = await webview.boundingBox();
  if (area)
    await page.screenshot({
      path: path.join(ui.shots, 'training.png'),
      clip: {
        x: area.x,
        y: area.y,
        width: Math.min(area.width, 1000),
        height: Math.min(area.height, 640),
      },
    });

  // The charts follow a theme switch: the axes are redrawn with the new --vscode-foreground.
  const cssVar = (name: string) =>
    frame
      .locator('body')
      .evaluate(
        (b, n) =>
          (globalThis as unknown as CssWindow).getComputedStyle(b).getPropertyValue(n).trim(),
        name,
      );
  const foreground = () => cssVar('--vscode-foreground');
  const darkInk = await chart.getAttribute('data-foreground');
  ui.check(
    darkInk === (await foreground()),
    `the loss chart is drawn in the theme's foreground (${darkInk})`,
  );
  // Switch the theme through the workspace's settings.json, as a person editing it would.
  const settingsFile = path.join(ui.workspace, '.vscode', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(
    settingsFile,
    JSON.stringify({ 'workbench.colorTheme': 'Default Light Modern' }),
  );
  await frame.locator('body.vscode-light').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
  const lightInk = await chart.getAttribute('data-foreground');
  ui.check(
    lightInk !== darkInk && lightInk === (await foreground()),
    `after switching to Light Modern the chart is redrawn in ${lightInk}`,
  );
  await ui.shot('training-light.png');
  fs.writeFileSync(settingsFile, '{}');
  await frame.locator('body.vscode-dark').waitFor({ timeout: 30_000 });

  // A learning rate far too large: the run stops as diverged, with advice.
  await frame.locator('#learningRate').fill('10');
  await frame.locator('#start').click();
  await frame.locator('#status[data-status="diverged"]').waitFor({ timeout: 60_000 });
  const diverged = (await status.textContent()) ?? '';
  ui.check(
    /learning rate/i.test(diverged),
    `a diverging run says so and suggests a smaller learning rate: "${diverged.slice(0, 160)}…"`,
  );
  await frame.locator('#learningRate').fill('0.05');

  // A long run driven from the keyboard: Start, Pause (the status bar item says so), Step, Stop.
  await frame.locator('#epochs').fill('100000');
  await frame.locator('#start').focus();
  await page.keyboard.press('Enter');
  await frame.locator('#status[data-status="running"]').waitFor({ timeout: 30_000 });
  await frame.locator('#pause').focus();
  await page.keyboard.press('Enter');
  await frame.locator('#status[data-status="paused"]').waitFor({ timeout: 10_000 });
  ui.check((await frame.locator('#pause').textContent()) === 'Resume', 'Pause turns into Resume');
  const item = page.locator('.statusbar-item', { hasText: 'GradLab: paused at epoch' });
  await item.waitFor({ timeout: 10_000 });
  ui.check(
    await item.isVisible(),
    `a status bar item shows the paused run: "${await item.textContent()}"`,
  );
  const epochOf = async () =>
    Number(/(\d+)\/100000/.exec((await status.textContent()) ?? '')?.[1] ?? NaN);
  await page.waitForTimeout(500);
  const before = await epochOf();
  await frame.locator('#step').focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => true, undefined, { timeout: 1000 });
  await frame
    .locator('#status')
    .filter({ hasText: `${before + 1}/100000` })
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
  const after = await epochOf();
  ui.check(after === before + 1, `Step trains exactly one more epoch (${before} → ${after})`);
  await frame.locator('#stop').focus();
  await page.keyboard.press('Enter');
  await frame.locator('#status[data-status="stopped"]').waitFor({ timeout: 10_000 });
  await item.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  ui.check(
    (await page.locator('.statusbar-item', { hasText: 'GradLab:' }).count()) === 0,
    'no GradLab status bar item once the run has stopped',
  );
  await frame.locator('#epochs').fill(String(EPOCHS));

  // Classification from the panel's own file picker: the model follows the text target, the fit is a confusion matrix.
  await frame.locator('#csv-file').selectOption({ label: 'flowers.csv' });
  await frame.locator('#columns tbody tr').nth(4).waitFor({ timeout: 30_000 });
  ui.check(
    (await frame.locator('#target').inputValue()) === 'species',
    'the picker loads flowers.csv and proposes "species"',
  );
  ui.check(
    (await frame.locator('#model').inputValue()) === 'softmax',
    'a three-class text target switches the model to softmax regression',
  );
  await frame.locator('#start').click();
  const matrix = frame.locator('#confusion table');
  await matrix.waitFor({ timeout: 90_000 });
  ui.check(
    (await matrix.locator('tbody tr').count()) === 3 &&
      (await matrix.locator('thead th').count()) === 3,
    'a 3 × 3 confusion matrix is drawn as a table',
  );
  await frame.locator('#status[data-status="completed"]').waitFor({ timeout: 30_000 });
  const accuracy = await frame
    .locator('#results table')
    .first()
    .locator('tbody tr')
    .first()
    .textContent();
  ui.check(
    /Accuracy/.test(accuracy ?? ''),
    `the metrics table starts with accuracy ("${accuracy}")`,
  );
  await matrix.scrollIntoViewIfNeeded();
  await ui.shot('training-classification.png');

  // After "Developer: Reload Window" the serializer brings the panel back with the last run.
  const points = await chart.getAttribute('data-points');
  await page.locator('.part.sidebar .title-label').first().click();
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await reloaded;
  const restored = await trainingFrame(page);
  await restored.locator('#status[data-status="completed"]').waitFor({ timeout: 60_000 });
  ui.check(
    (await restored.locator('#loss-chart').getAttribute('data-points')) === points,
    `after a reload the panel is restored with its ${points} loss points`,
  );
  ui.check(await restored.locator('#confusion table').isVisible(), 'and with its confusion matrix');
  ui.check((await restored.locator('#model').inputValue()) === 'softmax', 'and with its settings');

  // A CSV open in an editor gets one title-bar action that trains on it.
  await openFile(page, 'housing.csv');
  const action = page.locator(
    '.editor-actions .action-label[aria-label^="Train a Model on This CSV"]',
  );
  await action.first().waitFor({ timeout: 15_000 });
  ui.check(
    (await action.count()) === 1,
    'a .csv editor has the "Train a Model on This CSV" title action',
  );
}
