import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, gradlab } from './helpers';

suite('activation', () => {
  test('runs in the workspace extension host, from contributions only', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
    const events: string[] = ext.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*'), 'no * activation');
    assert.ok(!events.some((e) => e.startsWith('onCommand:')), 'commands activate implicitly');
  });

  test('activate() is cheap: under 100 ms and no worker thread started', async () => {
    const api = await gradlab();
    assert.ok(api.activationMs < 100, `activation took ${api.activationMs.toFixed(1)} ms`);
    assert.equal(api.services.worker.isRunning, false, 'no worker at activation');
  });

  test('every contributed command is registered, and every registered gradlab command is contributed', async () => {
    await gradlab();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('gradlab.'));
    for (const id of contributed) assert.ok(registered.includes(id), `${id} is registered`);
    for (const id of registered) assert.ok(contributed.includes(id) || isInternal(ext, id), `${id} is contributed`);
  });

  test('"GradLab: Show Log" runs without error', async () => {
    await vscode.commands.executeCommand('gradlab.showLog');
  });

  test('the worker thread starts on first use and answers from its own thread', async () => {
    const api = await gradlab();
    const reply = await api.services.worker.run<{ pong: number; threadId: number }>('ping', 42, { timeoutMs: 10_000 });
    assert.equal(reply.pong, 42);
    assert.ok(reply.threadId > 0, 'answered from a worker thread, not the extension host');
    assert.equal(api.services.worker.isRunning, true);
  });
});

function isInternal(ext: vscode.Extension<unknown>, id: string): boolean {
  // Commands hidden from the palette ("when": "false") are still contributed; anything else is a bug.
  const palette: Array<{ command: string; when?: string }> = ext.packageJSON.contributes.menus?.commandPalette ?? [];
  return palette.some((m) => m.command === id && m.when === 'false');
}
