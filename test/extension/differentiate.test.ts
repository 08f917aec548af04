import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DerivativeView } from '../../src/protocol/derivative';
import { gradlab, waitFor, workspaceUri } from './helpers';

/** Evaluate JavaScript `code` in x (the derivative code the command writes must run as it is). */
const jsAt = (code: string, x: number): number => new Function('x', `return ${code};`)(x) as number;

/** Evaluate code in mathjs, Python or JavaScript syntax for simple polynomials (^ and ** are powers). */
const polyAt = (code: string, x: number): number => jsAt(code.replace(/\^/g, '**'), x);

/** f′(x) by central differences, independent of the engine. */
const centralDiff = (f: (x: number) => number, x: number, h = 1e-5) =>
  (f(x + h) - f(x - h)) / (2 * h);

async function openEditor(language: string, content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language, content });
  return vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
}

async function panel() {
  const api = await gradlab();
  return waitFor(() => api.derivativePanel(), 'the derivative panel');
}

/** Run the command and wait until the webview reports that it drew this input. */
async function differentiate(input: string, choice?: object): Promise<DerivativeView> {
  await waitFor(
    () => vscode.window.activeTextEditor?.document.getText().includes(input),
    `an active editor holding ${input}`,
  );
  const view = await vscode.commands.executeCommand<DerivativeView | undefined>(
    'gradlab.differentiateSelection',
    choice,
  );
  assert.ok(view, 'the command returns the view it shows');
  const p = await panel();
  await waitFor(() => p.lastRendered?.input === input, `the webview to draw ${input}`);
  return view;
}

function hoverText(hovers: vscode.Hover[] | undefined): string[] {
  return (hovers ?? [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .filter((v) => v.includes('GradLab'));
}

async function hoverAt(
  doc: vscode.TextDocument,
  line: number,
  character: number,
): Promise<string[]> {
  return hoverText(
    await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(line, character),
    ),
  );
}

function decodeSvg(markdown: string): string {
  const m = /data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(markdown);
  assert.ok(m, 'the hover has an SVG data URI');
  return Buffer.from(m[1]!, 'base64').toString('utf8');
}

async function setTheme(theme: string, kinds: vscode.ColorThemeKind[]): Promise<void> {
  await vscode.workspace
    .getConfiguration('workbench')
    .update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  await waitFor(() => kinds.includes(vscode.window.activeColorTheme.kind), `the ${theme} theme`);
}

suite('differentiate', () => {
  teardown(async () => {
    // Revert before closing: a dirty untitled editor would ask "Save?" and stay open under the next test.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the command on a selection opens the panel, which draws the LaTeX and the plot', async () => {
    const editor = await openEditor('javascript', 'const y = Math.sin(x) ** 2;\n');
    editor.selection = new vscode.Selection(0, 10, 0, 26);
    const view = await differentiate('Math.sin(x) ** 2');
    assert.equal(view.request.syntax, 'javascript');
    assert.deepEqual(view.request.wrt, ['x']);
    for (const x of [-1.3, 0.4, 2.2]) {
      assert.ok(
        Math.abs(jsAt(view.code, x) - 2 * Math.sin(x) * Math.cos(x)) < 1e-12,
        `the code is d/dx sin²x at ${x}: ${view.code}`,
      );
    }
    const p = await panel();
    assert.equal(p.lastRendered?.plotted, true, 'one variable: a plot');
    assert.equal(p.lastRendered?.entries, 1);
    assert.equal(view.plot?.xs.length, view.plot?.df.length);
    assert.ok(view.fLatex.includes('\\sin'), view.fLatex);
    assert.equal(
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter(
          (t) =>
            t.input instanceof vscode.TabInputWebview &&
            t.input.viewType.endsWith('gradlab.derivative'),
        ).length,
      1,
    );
  });

  test('Replace Selection in the middle of a line writes the derivative; one Undo restores the text byte for byte', async () => {
    const original =
      'let a = 1; const y = Math.exp(-x*x) / (1 + Math.exp(-x)); // loss\r\nnext line\r\n';
    const editor = await openEditor('typescript', original);
    const expr = 'Math.exp(-x*x) / (1 + Math.exp(-x))';
    const start = original.indexOf(expr);
    editor.selection = new vscode.Selection(0, start, 0, start + expr.length);
    const view = await differentiate(expr);
    await (await panel()).handleMessage({ type: 'action/run', action: 'replaceSelection' });
    const text = editor.document.getText();
    assert.equal(text, original.slice(0, start) + view.code + original.slice(start + expr.length));
    const f = (x: number) => Math.exp(-x * x) / (1 + Math.exp(-x));
    for (const x of [-0.7, 0.3, 1.9])
      assert.ok(Math.abs(jsAt(view.code, x) - centralDiff(f, x)) < 1e-7, `${view.code} at ${x}`);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original, 'one undo restores the original');
  });

  test('without a selection: the expression on the cursor line; Insert Below adds an assignment in the same language', async () => {
    const original = 'def f(x):\n    y = x**3 - 2*x  # cubic\n    return y\n';
    const editor = await openEditor('python', original);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const view = await differentiate('x**3 - 2*x');
    assert.equal(view.request.syntax, 'python');
    await (await panel()).handleMessage({ type: 'action/run', action: 'insertBelow' });
    const lines = editor.document.getText().split('\n');
    assert.equal(lines[1], '    y = x**3 - 2*x  # cubic');
    assert.equal(lines[2], `    dy_dx = ${view.code}`);
    assert.equal(lines[3], '    return y');
    // A polynomial prints the same in Python and JavaScript (** is both languages' power).
    for (const x of [-1.5, 0.5, 2])
      assert.ok(Math.abs(jsAt(view.code, x) - (3 * x * x - 2)) < 1e-12, `${view.code} is 3x² − 2`);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
  });

  test('two cursors: Replace edits both in one undoable edit', async () => {
    const original = 'a = x*x\nb = x*x*x\n';
    const editor = await openEditor('plaintext', original);
    editor.selections = [new vscode.Selection(0, 4, 0, 7), new vscode.Selection(1, 4, 1, 9)];
    const view = await differentiate('x*x', { mode: 'derivative' });
    assert.equal(view.targets, 2);
    await (await panel()).handleMessage({ type: 'action/run', action: 'replaceSelection' });
    const [l0, l1] = editor.document.getText().split('\n');
    assert.ok(l0!.startsWith('a = ') && l1!.startsWith('b = '), `${l0} / ${l1}`);
    assert.ok(Math.abs(polyAt(l0!.slice(4), 1.5) - 3) < 1e-12, `d/dx x² at 1.5 = 3: ${l0}`);
    assert.ok(Math.abs(polyAt(l1!.slice(4), 1.5) - 6.75) < 1e-12, `d/dx x³ at 1.5 = 6.75: ${l1}`);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
  });

  test('several variables: the gradient and the Hessian come back as nested lists of code', async () => {
    const editor = await openEditor('python', 'loss = (w*x + b - y)**2\n');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const grad = await differentiate('(w*x + b - y)**2', { mode: 'gradient' });
    assert.deepEqual(grad.variables.slice().sort(), ['b', 'w', 'x', 'y']);
    assert.equal(grad.entries.length, 4);
    assert.match(grad.code, /^\[.*\]$/);
    const hess = await vscode.commands.executeCommand<DerivativeView>(
      'gradlab.differentiateSelection',
      { mode: 'hessian' },
    );
    assert.ok(hess?.matrixLatex?.includes('bmatrix'));
    assert.match(hess!.code, /^\[\[/);
    assert.equal(hess!.plot, undefined, 'no plot for several variables');
  });

  test('the panel: a new plot range is resampled, Copy as LaTeX / Code use the clipboard, the Nth derivative by argument', async () => {
    const editor = await openEditor('markdown', 'x^4 - x^2\n');
    editor.selection = new vscode.Selection(0, 0, 0, 9);
    const view = await differentiate('x^4 - x^2', { mode: 'nth', order: 3 });
    assert.equal(view.entries[0]!.lhsLatex, '\\frac{d^{3} f}{d x^{3}}');
    assert.equal(view.plot?.dfLabel, 'f‴');
    const p = await panel();
    await p.handleMessage({ type: 'plot/range', xmin: 0.5, xmax: 2 });
    const posted = p.lastPosted;
    assert.equal(posted?.type, 'plot/data');
    if (posted?.type !== 'plot/data') return;
    assert.equal(posted.plot.xmin, 0.5);
    posted.plot.xs.forEach((x, i) =>
      assert.ok(Math.abs(posted.plot.df[i]! - 24 * x) < 1e-9, `f‴(${x}) = 24x`),
    );
    await p.handleMessage({ type: 'action/run', action: 'copyLatex' });
    assert.equal(await vscode.env.clipboard.readText(), view.latex);
    await p.handleMessage({ type: 'action/run', action: 'copyCode' });
    assert.equal(await vscode.env.clipboard.readText(), view.code);
  });

  test('text the engine cannot parse: the command reports it and the panel keeps its result', async () => {
    const editor = await openEditor('markdown', 'x^2 + 1\n\nx +* 2\n');
    editor.selection = new vscode.Selection(0, 0, 0, 7);
    await differentiate('x^2 + 1');
    editor.selection = new vscode.Selection(2, 0, 2, 6);
    const result = await vscode.commands.executeCommand('gradlab.differentiateSelection');
    assert.equal(
      result,
      undefined,
      'the error is reported (with Show Log), not thrown to the caller',
    );
    assert.equal((await panel()).currentView?.request.input, 'x^2 + 1');
  });

  test('ctrl+alt+d collides with no default VS Code keybinding', async () => {
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const doc = await waitFor(
      () => vscode.window.activeTextEditor?.document,
      'the default keybindings',
    );
    const text = doc.getText();
    assert.ok(text.includes('"key":'), 'the default keybindings file is open');
    // One entry per line: `{ "key": "…", "command": "…", "when": "…" }`; the list includes ours.
    const lines = text.split('\n').filter((l) => /"key":\s*"ctrl\+alt\+d"/.test(l));
    assert.equal(
      lines.filter((l) => l.includes('gradlab.differentiateSelection')).length,
      1,
      'ours is listed',
    );
    assert.deepEqual(
      lines.filter((l) => !l.includes('gradlab.')),
      [],
      'no other binding uses ctrl+alt+d',
    );
  });

  test('malformed messages from the webview are dropped: nothing is edited', async () => {
    const original = 'x^2 * sin(x)\n';
    const editor = await openEditor('markdown', original);
    editor.selection = new vscode.Selection(0, 0, 0, 12);
    await differentiate('x^2 * sin(x)');
    const p = await panel();
    for (const raw of [
      null,
      'replaceSelection',
      { type: 'action/run', action: 'rm -rf' },
      { type: 'action/run' },
      { type: 'plot/range', xmin: 3, xmax: 1 },
    ]) {
      await p.handleMessage(raw);
    }
    assert.equal(editor.document.getText(), original);
  });

  test('the hover shows the derivative as code and as an SVG image; prose gets no hover', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('expressions.md'));
    await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').indexOf('x^2 * sin(x)');
    assert.ok(line >= 0, 'examples/expressions.md has the line x^2 * sin(x)');
    const [md] = await hoverAt(doc, line, 3);
    assert.ok(md, 'a GradLab hover');
    assert.match(md, /cos\(x\)/, 'the derivative as code');
    const svg = decodeSvg(md);
    assert.match(svg, /<path/);
    assert.ok(md.length < 100_000, `the hover is ${md.length} chars`);
    assert.match(md, /✓/, 'the spot check passes');
    const prose = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('Select an expression'));
    assert.deepEqual(await hoverAt(doc, prose, 10), [], 'no hover over prose');
    const heading = doc.getText().split('\n').indexOf('## mathjs syntax');
    assert.deepEqual(await hoverAt(doc, heading, 5), []);
  });

  test('inside a selection the hover differentiates the selection', async () => {
    const editor = await openEditor('markdown', 'x^2 * sin(x)\n');
    editor.selection = new vscode.Selection(0, 0, 0, 3); // x^2
    const [md] = await hoverAt(editor.document, 0, 1);
    assert.ok(md, 'a GradLab hover');
    assert.ok(!md.includes('cos'), `the derivative of x^2 alone: ${md.slice(0, 200)}`);
    assert.match(md, /2 \* x/);
  });

  test('gradlab.hover.enabled = false turns the hover off', async () => {
    const { document } = await openEditor('javascript', 'const y = Math.tanh(w * x + b);\n');
    const config = vscode.workspace.getConfiguration('gradlab');
    assert.equal((await hoverAt(document, 0, 15)).length, 1);
    await config.update('hover.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(
        () => vscode.workspace.getConfiguration('gradlab').get('hover.enabled') === false,
        'the setting',
      );
      assert.deepEqual(await hoverAt(document, 0, 15), []);
    } finally {
      await config.update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('the hover image ink follows the theme: light on a dark theme, dark on a light one', async () => {
    const doc = (await openEditor('plaintext', 'log(1 + exp(x))\n')).document;
    const before = vscode.workspace
      .getConfiguration('workbench')
      .inspect('colorTheme')?.globalValue;
    try {
      await setTheme('Default Dark Modern', [vscode.ColorThemeKind.Dark]);
      const dark = decodeSvg((await hoverAt(doc, 0, 4))[0]!);
      assert.match(dark, /fill="#D4D4D4"/);
      await setTheme('Default Light Modern', [vscode.ColorThemeKind.Light]);
      const light = decodeSvg((await hoverAt(doc, 0, 4))[0]!);
      assert.match(light, /fill="#1F1F1F"/);
    } finally {
      await vscode.workspace
        .getConfiguration('workbench')
        .update('colorTheme', before, vscode.ConfigurationTarget.Global);
    }
  });

  test('several variables without an argument: a QuickPick offers the gradient first', async () => {
    // The previous test's editor (after a theme switch) could take focus back while this runs:
    // start from no editors at all, and only then open this one.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // (Output panels are text editors too: only documents count here.)
    const docs = () => vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme !== 'output');
    await waitFor(() => docs().length === 0, 'no editors open');
    const editor = await openEditor('typescript', 'const z = Math.tanh(w * x + b);\n');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    // The command reads the active editor: make sure it is this one, not the previous test's.
    await waitFor(() => vscode.window.activeTextEditor?.document === editor.document, 'the new editor to be active');
    // The QuickPick is open once the quick input has focus; move to its first item (the gradient)
    // and accept it. In about one run in three under CI load the command came back with a stale
    // view of an earlier input before its QuickPick was answered; such a run is repeated (at most
    // three times), and the assertions below hold only for a view of this test's input.
    let view: DerivativeView | undefined;
    for (let attempt = 0; attempt < 3 && view?.request.input !== 'Math.tanh(w * x + b)'; attempt++) {
      await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
      const running = vscode.commands.executeCommand<DerivativeView | undefined>(
        'gradlab.differentiateSelection',
      );
      await waitFor(async () => {
        await vscode.commands.executeCommand('quickInput.first');
        await vscode.commands.executeCommand('quickInput.accept');
        return Promise.race([
          running.then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), 300)),
        ]);
      }, 'the QuickPick');
      view = await running;
    }
    assert.equal(view?.request.mode, 'gradient', JSON.stringify(view?.request));
    assert.deepEqual(view?.request.wrt, ['w', 'x', 'b']);
    assert.match(view!.code, /^\[.*Math\.tanh.*\]$/, view!.code);
    // Let the closed QuickPick hand focus back before the teardown closes editors.
    await waitFor(
      () => vscode.window.activeTextEditor?.document === editor.document,
      'focus back in the editor',
    );
  });
});
