import * as assert from 'node:assert/strict';
import * as path from 'node:path';
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

  test('loading dist/extension.js loads nothing from dist/lazy/; code loading + activate() stay under 100 ms', async () => {
    const api = await gradlab();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const dist = path.join(ext.extensionPath, 'dist') + path.sep;
    const main = require.resolve(path.join(dist, 'extension.js'));
    // Load a fresh copy of the extension's main file as the host does (the running one is kept
    // aside and put back): which of the extension's files come with it, and how long it takes.
    const ours = () => Object.keys(require.cache).filter((k) => k.startsWith(dist));
    const kept = new Map(ours().map((k) => [k, require.cache[k]]));
    for (const k of kept.keys()) delete require.cache[k];
    let loaded: string[];
    let loadMs: number;
    try {
      const t0 = performance.now();
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file loaded at run time, as the host does
      const fresh = require(main) as { activate?: unknown };
      loadMs = performance.now() - t0;
      assert.equal(typeof fresh.activate, 'function');
      loaded = ours();
    } finally {
      for (const k of ours()) delete require.cache[k];
      for (const [k, m] of kept) require.cache[k] = m;
    }
    assert.deepEqual(loaded.map((k) => path.relative(dist, k)), ['extension.js'], 'only dist/extension.js is loaded');
    console.log(`      [activation] dist/extension.js loads in ${loadMs.toFixed(1)} ms; activate() took ${api.activationMs.toFixed(1)} ms`);
    assert.ok(loadMs + api.activationMs < 100, `loading took ${loadMs.toFixed(1)} ms + activate() ${api.activationMs.toFixed(1)} ms`);
  });

  test('the first hover loads the symbolic engine and MathJax from dist/lazy/', async () => {
    await gradlab();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const lazy = (name: string) => require.resolve(path.join(ext.extensionPath, 'dist', 'lazy', `${name}.js`));
    const first = !require.cache[lazy('symbolic')];
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'tanh(3 * x) / x\n' });
    const t0 = performance.now();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 2));
    const ms = performance.now() - t0;
    const md = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(md, /data:image\/svg\+xml;base64,/, 'the hover has its image');
    assert.ok(require.cache[lazy('symbolic')], 'dist/lazy/symbolic.js is loaded');
    assert.ok(require.cache[lazy('texToSvg')], 'dist/lazy/texToSvg.js is loaded');
    console.log(`      [activation] ${first ? 'first' : 'a'} hover took ${ms.toFixed(0)} ms`);
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
