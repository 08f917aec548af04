import type { Ui } from './ui';
import { runCommand } from './ui';

/** The extension is installed from its .vsix and its commands run from the palette. */
export async function basics(ui: Ui): Promise<void> {
  const { page } = ui;
  await runCommand(page, 'GradLab: Show Log');
  const output = page.locator('.part.panel', { hasText: 'GradLab' }).first();
  await output.waitFor({ state: 'visible', timeout: 20_000 });
  ui.check(await output.isVisible(), '"GradLab: Show Log" from the palette opens the GradLab output channel');
  // Leave the workbench as we found it: the panel would hide editor lines from later scenarios.
  await runCommand(page, 'View: Hide Panel');
  await output.waitFor({ state: 'hidden', timeout: 10_000 });
}
