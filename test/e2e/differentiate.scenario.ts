import type { Locator } from 'playwright-core';

// These callbacks run in the browser; the project's tsconfig has no DOM types, so they are typed loosely.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Ui } from './ui';
import { clickLine, openFile, runCommand, waitForWorkbench, webviewFrame } from './ui';

/** For each <img> in `root`: loaded, its natural size, and how many pixels it paints on a canvas. */
function imageFacts(root: Locator) {
  return root.evaluate((el: any) =>
    [...el.querySelectorAll('img')].map((img: any) => {
      const facts = {
        src: String(img.getAttribute('src') ?? '').slice(0, 40),
        complete: Boolean(img.complete),
        width: Number(img.naturalWidth),
        height: Number(img.naturalHeight),
        painted: 0,
      };
      if (img.naturalWidth > 0) {
        const c = (globalThis as any).document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) facts.painted++;
      }
      return facts;
    }),
  );
}

/**
 * "GradLab: Differentiate Selection" from the palette with the cursor on a line of
 * examples/expressions.md: the panel draws the KaTeX result and the f/f′ plot. Then the hover over
 * another expression shows its derivative as a drawn SVG image.
 */
export async function differentiate(ui: Ui): Promise<void> {
  const { page } = ui;
  await openFile(page, 'expressions.md');
  await clickLine(page, 'x^2 * sin(x)'); // a substring: Monaco renders spaces as U+00A0
  await runCommand(page, 'GradLab: Differentiate Selection');
  const frame = await webviewFrame(page);
  const result = frame.locator('.entry .katex').first();
  await result.waitFor({ state: 'visible', timeout: 30_000 });
  ui.check(await result.isVisible(), 'the derivative is typeset with KaTeX in the panel');
  const code = (await frame.locator('code.code').first().textContent()) ?? '';
  ui.check(/cos\(x\)/.test(code) && /sin\(x\)/.test(code), `the derivative as code: ${code}`);
  const canvas = frame.locator('canvas[role="img"]');
  await canvas.waitFor({ state: 'visible', timeout: 10_000 });
  const box = await canvas.boundingBox();
  ui.check(
    box !== null && box.width > 200 && box.height > 150,
    `the plot canvas has a size: ${JSON.stringify(box)}`,
  );
  const painted = await canvas.evaluate((c: any) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  });
  ui.check(painted > 1000, `the plot is drawn (${painted} pixels painted)`);
  ui.check(
    ((await canvas.getAttribute('aria-label')) ?? '').includes('f′'),
    'the canvas has an aria-label for screen readers',
  );
  ui.check(
    (await frame.locator('button', { hasText: 'Replace Selection' }).count()) === 1,
    'the panel offers Replace Selection',
  );
  await page.mouse.move(1000, 720); // no tooltip in the picture
  await page.waitForTimeout(500);
  await ui.shot('differentiate.png');

  // The hover: cursor on the expression, mouse away, "Show or Focus Hover" (deterministic).
  await clickLine(page, 'exp(-x^2) / (1 + exp(-x))');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.mouse.move(1270, 790);
  await runCommand(page, 'Show or Focus Hover');
  const hover = page
    .locator('.monaco-editor .monaco-hover:not(.hidden)', { hasText: 'GradLab' })
    .first();
  await hover.waitFor({ state: 'visible', timeout: 20_000 });
  const img = hover.locator('img').first();
  await img.waitFor({ state: 'attached', timeout: 10_000 });
  await page.waitForFunction((el: any) => el.complete, await img.elementHandle(), {
    timeout: 10_000,
  });
  const facts = await imageFacts(hover);
  ui.check(
    facts.some((f) => f.complete && f.width > 0 && f.painted > 0),
    `the hover image is drawn: ${JSON.stringify(facts)}`,
  );
  const text = (await hover.textContent()) ?? '';
  ui.check(text.includes('✓'), 'the hover shows a passing spot check');
  await page.waitForTimeout(500); // the hover fades in
  await hover.screenshot({ path: `${ui.shots}/hover.png` });
  await page.keyboard.press('Escape');

  // A reload brings the panel back through its serializer, with the result it showed.
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window').catch(() => undefined); // the page goes away under it
  await reloaded;
  await waitForWorkbench(page, 'expressions.md');
  const restored = await webviewFrame(page);
  const again = restored.locator('.entry .katex').first();
  await again.waitFor({ state: 'visible', timeout: 60_000 });
  ui.check(await again.isVisible(), 'after a reload the panel is restored with its result');
  const replace = restored.locator('button', { hasText: 'Replace Selection' });
  ui.check(
    await replace.isDisabled(),
    'a restored panel has no editor to edit: Replace is disabled, Copy still works',
  );
}
