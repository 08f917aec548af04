/**
 * The gradient check inside VS Code (code-server runs with --disable-workspace-trust, so the
 * untrusted path is tested on the pure gate with an injected flag). Files are written into the
 * workspace copy; each test opens its own so that diagnostics and lenses do not mix.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ensureTrustedForUserCode } from '../../src/extension/gradcheck/trustGate';
import type { ElementRow, GradcheckReport } from '../../src/protocol/gradcheck';
import { gradlab, waitFor, workspaceUri } from './helpers';

const GOOD = `/** @point [1, 2, 3] */
export function sumSquares(x: number[]): number {
  let s = 0;
  for (const v of x) s += v * v;
  return s;
}

export function sumSquaresGrad(x: number[]): number[] {
  return x.map((v) => 2 * v);
}
`;
const WRONG = GOOD.replace('2 * v', '-2 * v');
const LOOP = `/** @point [1] */
export function spin(x: number[]): number {
  for (;;) {}
}

export function spinGrad(x: number[]): number[] {
  return [0];
}
`;
const THROWS = `export function boom(x: number[]): number {
  if (x[0]! > 0) {
    throw new Error('boom');
  }
  return 0;
}

export function boomGrad(x: number[]): number[] {
  return [0];
}
`;
const DERIVE = `/** @point [0.5, -1] */
export function cube(x: number[]): number {
  return x[0]! * x[0]! * x[0]! + 3 * x[1]!;
}
`;
const LENSES = `export function f(x: number[]): number {
  return x[0]! * x[1]!;
}
export function fGrad(x: number[]): number[] {
  return [x[1]!, x[0]!];
}
/** @gradient slopeOfG */
export const g = (a: number, b: number): number => a * b;
export const slopeOfG = (a: number, b: number): number[] => [b, a];
export function h(x: number): number {
  return Math.sin(x);
}
export function untyped(x) {
  return x;
}
export function notANumber(s: string): number {
  return s.length;
}
`;

async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceUri('gradcheck-it', name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

async function open(uri: vscode.Uri, cursorAt?: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  if (cursorAt !== undefined) {
    const p = doc.positionAt(doc.getText().indexOf(cursorAt));
    editor.selection = new vscode.Selection(p, p);
  }
  return editor;
}

const position = (doc: vscode.TextDocument, text: string, occurrence = 0): vscode.Position => {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = doc.getText().indexOf(text, at + 1);
  assert.ok(at >= 0, `${text} is in the file`);
  return doc.positionAt(at);
};

async function gradcheckLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const all =
    (await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      uri,
    )) ?? [];
  return all.filter((l) => l.command?.command === 'gradlab.gradcheckAt');
}

async function setConfig(key: string, value: unknown): Promise<void> {
  await vscode.workspace
    .getConfiguration('gradlab')
    .update(key, value, vscode.ConfigurationTarget.Workspace);
}

suite('gradcheck', () => {
  suiteSetup(async () => {
    await gradlab();
  });

  suiteTeardown(async () => {
    for (const key of [
      'codeLens.enabled',
      'gradcheck.timeoutMs',
      'gradcheck.eps',
      'gradcheck.atol',
      'gradcheck.rtol',
    ])
      await setConfig(key, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('"Gradient Check Function" at the cursor: a right gradient passes, the report panel shows it, no diagnostic', async () => {
    const uri = await write('good.ts', GOOD);
    await open(uri, 's += v * v');
    const report = await vscode.commands.executeCommand<GradcheckReport>(
      'gradlab.gradcheckFunction',
    );
    assert.ok(report, 'the command resolves to the report');
    assert.equal(report.functionName, 'sumSquares');
    assert.equal(report.gradientName, 'sumSquaresGrad');
    assert.equal(report.ok, true);
    assert.equal(report.points.length, 1);
    const p = report.points[0]!;
    assert.deepEqual(p.x, [1, 2, 3]);
    assert.equal(p.value, 14);
    // ∂/∂x_i Σ x² = 2x_i: the analytic column is exact, the numeric one within central-difference error.
    const byIndex = [...p.rows].sort((a, b) => a.index - b.index);
    assert.deepEqual(
      byIndex.map((r) => r.analytic),
      [2, 4, 6],
    );
    for (const r of byIndex)
      assert.ok(Math.abs(r.numeric - 2 * (r.index + 1)) < 1e-6, `numeric ${r.numeric}`);
    const api = await gradlab();
    assert.equal(
      api.gradcheckReports().panel?.functionName,
      'sumSquares',
      'the report panel shows the report',
    );
    assert.deepEqual(vscode.languages.getDiagnostics(uri), []);
    assert.ok(report.sweep && report.sweep.eps.length > 3, 'an eps sweep comes with the report');
  });

  test('the "Check gradient" CodeLens on a flipped sign: failing report, warning on the gradient name, cleared on edit', async () => {
    const uri = await write('wrong.ts', WRONG);
    const editor = await open(uri);
    const doc = editor.document;
    const lenses = await waitFor(async () => {
      const l = await gradcheckLenses(uri);
      return l.length > 0 ? l : undefined;
    }, 'the gradcheck CodeLens');
    assert.equal(lenses.length, 1);
    const lens = lenses[0]!;
    assert.equal(lens.command!.title, 'Check gradient');
    assert.equal(lens.range.start.line, position(doc, 'sumSquares(').line);
    const report = await vscode.commands.executeCommand<GradcheckReport>(
      lens.command!.command,
      ...(lens.command!.arguments ?? []),
    );
    assert.ok(report);
    assert.equal(report.ok, false);
    assert.deepEqual(report.points[0]!.mismatches, [0, 1, 2]);
    assert.equal(report.points[0]!.rows[0]!.index, 2, 'worst component first (|−6 − 6| = 12)');
    assert.ok(
      report.diagnoses.some((d) => d.kind === 'sign'),
      JSON.stringify(report.diagnoses),
    );

    const diags = vscode.languages.getDiagnostics(uri);
    assert.equal(diags.length, 1);
    const d = diags[0]!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    const name = position(doc, 'sumSquaresGrad');
    assert.deepEqual(
      [d.range.start.line, d.range.start.character, d.range.end.character],
      [name.line, name.character, name.character + 'sumSquaresGrad'.length],
    );
    assert.match(
      d.message,
      /^Gradient of sumSquares disagrees with finite differences at component 2: analytic -6\.0, numeric 6(\.0)? \(flipped sign\?\)$/,
    );

    await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount - 1, 0), '// edited\n'));
    await waitFor(
      () => vscode.languages.getDiagnostics(uri).length === 0,
      'the diagnostic to clear on edit',
    );
  });

  test('CodeLens list: "Check gradient" only on functions with a companion, "Derive gradient" on typed ones without; off when disabled', async () => {
    const uri = await write('lenses.ts', LENSES);
    const doc = (await open(uri)).document;
    const lenses = await waitFor(async () => {
      const l = await gradcheckLenses(uri);
      return l.length > 0 ? l : undefined;
    }, 'CodeLenses');
    const summary = lenses
      .map(
        (l) =>
          `${l.range.start.line}:${l.command!.title}:${(l.command!.arguments![0] as { functionName: string }).functionName}`,
      )
      .sort();
    const line = (t: string) => position(doc, t).line;
    assert.deepEqual(
      summary,
      [
        `${line('function f(')}:Check gradient:f`,
        `${line('const g ')}:Check gradient:g`,
        `${line('function h(')}:Derive gradient:h`,
      ].sort(),
      'no lens on the companions (fGrad, slopeOfG), on an untyped or a string function',
    );
    for (const l of lenses)
      assert.equal(
        (l.command!.arguments![0] as { uri: vscode.Uri }).uri.toString(),
        uri.toString(),
      );

    await setConfig('codeLens.enabled', false);
    try {
      await waitFor(
        async () => (await gradcheckLenses(uri)).length === 0,
        'no lenses with gradlab.codeLens.enabled = false',
      );
    } finally {
      await setConfig('codeLens.enabled', undefined);
    }
    await waitFor(async () => (await gradcheckLenses(uri)).length === 3, 'the lenses back');
  });

  test('an endless loop ends in a timeout error (small gradlab.gradcheck.timeoutMs) and the extension host keeps running', async () => {
    const uri = await write('loop.ts', LOOP);
    await setConfig('gradcheck.timeoutMs', 300);
    const api = await gradlab();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    try {
      const report = await vscode.commands.executeCommand('gradlab.gradcheckAt', {
        uri,
        functionName: 'spin',
      });
      assert.equal(report, undefined, 'no report: the wrapper showed the error');
      const error = api.gradcheckReports().error;
      assert.equal(error?.code, 'timeout', String(error?.message));
      assert.ok(ticks > 0, 'timers of the extension host ran while the user code looped');
    } finally {
      clearInterval(ticker);
      await setConfig('gradcheck.timeoutMs', undefined);
    }
    // The worker and the engine's sandbox survive: the next check runs.
    const good = await write('good-after-loop.ts', GOOD);
    const report = await vscode.commands.executeCommand<GradcheckReport>('gradlab.gradcheckAt', {
      uri: good,
      functionName: 'sumSquares',
    });
    assert.equal(report?.ok, true);
  });

  test('eps, atol and rtol settings reach the check and its pass rule', async () => {
    const uri = await write('settings.ts', GOOD);
    await setConfig('gradcheck.eps', 1e-3);
    await setConfig('gradcheck.atol', 0);
    await setConfig('gradcheck.rtol', 0);
    try {
      const report = await vscode.commands.executeCommand<GradcheckReport>('gradlab.gradcheckAt', {
        uri,
        functionName: 'sumSquares',
      });
      assert.deepEqual(report?.settings, { eps: 1e-3, atol: 0, rtol: 0 });
      // With atol = rtol = 0, |analytic − numeric| ≤ atol + rtol·|numeric| holds only for an exact match.
      for (const p of report!.points)
        for (const r of p.rows) assert.equal(r.ok, r.absErr === 0, JSON.stringify(r));
    } finally {
      for (const k of ['gradcheck.eps', 'gradcheck.atol', 'gradcheck.rtol'])
        await setConfig(k, undefined);
    }
  });

  test('the user function throws: an error diagnostic on its line', async () => {
    const uri = await write('throws.ts', THROWS);
    const doc = await vscode.workspace.openTextDocument(uri);
    const api = await gradlab();
    const report = await vscode.commands.executeCommand('gradlab.gradcheckAt', {
      uri,
      functionName: 'boom',
      points: [[1]],
    });
    assert.equal(report, undefined);
    assert.equal(api.gradcheckReports().error?.code, 'user-code');
    const diags = vscode.languages.getDiagnostics(uri);
    assert.equal(diags.length, 1);
    assert.equal(diags[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diags[0]!.range.start.line, position(doc, 'throw new Error').line);
    assert.match(diags[0]!.message, /boom/);
  });

  test('no companion: the gradient is derived by autodiff, checked, and "Insert derived gradient" is one undo step', async () => {
    const uri = await write('derive.ts', DERIVE);
    const editor = await open(uri);
    const before = editor.document.getText();
    const report = await vscode.commands.executeCommand<GradcheckReport>('gradlab.gradcheckAt', {
      uri,
      functionName: 'cube',
    });
    assert.ok(report);
    assert.equal(report.gradientName, null);
    assert.equal(report.ok, true);
    // ∇(x0³ + 3·x1) = (3·x0², 3) at (0.5, −1).
    const rows = [...report.points[0]!.rows].sort(
      (a: ElementRow, b: ElementRow) => a.index - b.index,
    );
    assert.ok(
      Math.abs(rows[0]!.analytic - 0.75) < 1e-12 && Math.abs(rows[1]!.analytic - 3) < 1e-12,
      JSON.stringify(rows),
    );
    assert.equal(report.derived?.name, 'cubeGrad');

    assert.equal(await vscode.commands.executeCommand('gradlab.insertDerivedGradient'), true);
    const doc = editor.document;
    const after = doc.getText();
    assert.ok(after.startsWith(before.trimEnd()), 'inserted below the function');
    assert.match(after, /export function cubeGrad\(x: number\[\]\): number\[\]/);
    assert.equal(
      await vscode.commands.executeCommand('gradlab.insertDerivedGradient'),
      false,
      'not inserted twice',
    );

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText() === before, 'one Undo to restore the original text');

    // The inserted gradient is a companion: checking again uses it.
    await vscode.commands.executeCommand('redo');
    await waitFor(() => doc.getText() === after, 'redo');
    await doc.save();
    const again = await vscode.commands.executeCommand<GradcheckReport>('gradlab.gradcheckAt', {
      uri,
      functionName: 'cube',
    });
    assert.equal(again?.gradientName, 'cubeGrad');
    assert.equal(again?.ok, true);
  });
});

suite('gradcheck trust gate (pure, injected flag)', () => {
  const text = { message: 'needs trust', manage: 'Manage Workspace Trust' };
  function fakeUi(trusted: boolean, answer: string | undefined) {
    const calls = { warn: [] as string[][], manage: 0 };
    return {
      calls,
      ui: {
        isTrusted: () => trusted,
        warn: async (message: string, ...actions: string[]) => {
          calls.warn.push([message, ...actions]);
          return answer;
        },
        manageTrust: async () => {
          calls.manage++;
        },
      },
    };
  }

  test('untrusted: explains, offers Manage Workspace Trust, opens it when chosen, and refuses to run', async () => {
    const { ui, calls } = fakeUi(false, 'Manage Workspace Trust');
    assert.equal(await ensureTrustedForUserCode(ui, text), false);
    assert.deepEqual(calls.warn, [['needs trust', 'Manage Workspace Trust']]);
    assert.equal(calls.manage, 1);
  });

  test('untrusted and dismissed: refuses without opening the trust editor', async () => {
    const { ui, calls } = fakeUi(false, undefined);
    assert.equal(await ensureTrustedForUserCode(ui, text), false);
    assert.equal(calls.manage, 0);
  });

  test('trusted: runs, says nothing', async () => {
    const { ui, calls } = fakeUi(true, undefined);
    assert.equal(await ensureTrustedForUserCode(ui, text), true);
    assert.deepEqual(calls.warn, []);
  });
});
