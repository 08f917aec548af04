import * as vscode from 'vscode';
import type { GradLabApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'gradlab.gradlab';

/** The extension's API, activating it if needed. */
export async function gradlab(): Promise<GradLabApi> {
  const ext = vscode.extensions.getExtension<GradLabApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  return ext.isActive ? ext.exports : await ext.activate();
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder (examples/)');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Poll `probe` until it returns a truthy value (events, not sleeps: each poll is cheap). */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
