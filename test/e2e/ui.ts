/**
 * Playwright helpers that drive the real VS Code workbench (code-server) as a person would:
 * the command palette, the explorer's context menu, editors, hovers and webview iframes.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';
import * as fs from 'node:fs';
import * as path from 'node:path';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface Ui {
  page: Page;
  /** Folder for screenshots. */
  shots: string;
  /** The workspace folder on disk (a copy of examples/). */
  workspace: string;
  check(cond: unknown, what: string): boolean;
  shot(name: string): Promise<string>;
}

/** F1, type the label, click the row whose label is exactly it (retries while commands register). */
export async function runCommand(page: Page, label: string, attempts = 8): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(label)}$`) }) })
    .first();
  for (let i = 0; i < attempts; i++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill('>' + label);
    try {
      await row.waitFor({ state: 'visible', timeout: 4000 });
      await row.click();
      await input.waitFor({ state: 'hidden' });
      return;
    } catch {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
  throw new Error(`command "${label}" never showed up in the command palette`);
}

/** Pick `label` in an open quick pick. */
export async function pickQuickItem(page: Page, label: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

/** The newest webview's content frame (iframe.webview > iframe#active-frame). */
export async function webviewFrame(page: Page, index: 'first' | 'last' = 'last'): Promise<FrameLocator> {
  const outer = page.frameLocator('iframe.webview.ready');
  const inner = (index === 'first' ? outer.first() : outer.last()).frameLocator('iframe#active-frame');
  await inner.locator('body').waitFor({ state: 'attached', timeout: 30_000 });
  return inner;
}

export async function waitForWorkbench(page: Page, fileInExplorer: string): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileInExplorer }).first().waitFor({ timeout: 60_000 });
}

export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const qi = page.locator('.quick-input-widget input.input');
  await qi.waitFor({ state: 'visible' });
  await qi.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

/**
 * Scroll the active editor to the first line of `file` (in the workspace on disk) that contains
 * `text`, through "Go to Line" (Monaco renders only the lines on screen).
 */
export async function goToLineWith(page: Page, workspace: string, file: string, text: string): Promise<void> {
  const lines = fs.readFileSync(path.join(workspace, file), 'utf8').split('\n');
  const n = lines.findIndex((l) => l.includes(text)) + 1;
  if (n === 0) throw new Error(`no line of ${file} contains "${text}"`);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${n}`);
  // Enter only acts once the quick input has read ":N" and offers the line (a race on a busy machine).
  await page.locator('.quick-input-widget', { hasText: `line ${n}` }).first().waitFor({ timeout: 10_000 });
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Enter');
    try {
      await input.waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch {
      // Still open: the Enter came too early; press it again.
    }
  }
  throw new Error(`"Go to Line ${n}" did not close`);
}

/** Put the cursor on the editor line that contains `text` (exact line match when `exact`). */
export async function clickLine(page: Page, text: string, exact = false): Promise<Locator> {
  const line = page
    .locator('.monaco-editor .view-line')
    .filter({ hasText: exact ? new RegExp(`^${escapeRe(text)}$`) : text })
    .first();
  await line.waitFor({ timeout: 30_000 });
  const box = await line.boundingBox();
  if (!box) throw new Error(`line "${text}" is not visible`);
  await page.mouse.click(box.x + 4, box.y + box.height / 2);
  return line;
}

/** Right-click an explorer entry and choose a context-menu item. */
export async function explorerContextMenu(page: Page, file: string, item: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click({ button: 'right' });
  const menuItem = page.locator('.context-view .action-label, .monaco-menu .action-label', { hasText: new RegExp(`^${escapeRe(item)}$`) }).first();
  await menuItem.waitFor({ state: 'visible', timeout: 10_000 });
  await menuItem.click();
}

export function makeUi(page: Page, shots: string, workspace: string, counts: { passed: number; failed: number }): Ui {
  fs.mkdirSync(shots, { recursive: true });
  return {
    page,
    shots,
    workspace,
    check(cond, what) {
      console.log(`${cond ? 'PASS' : 'FAIL'} ${what}`);
      if (cond) counts.passed++;
      else counts.failed++;
      return Boolean(cond);
    },
    async shot(name) {
      const file = path.join(shots, name);
      await page.screenshot({ path: file });
      return file;
    },
  };
}
