/**
 * The training panel inside a real VS Code: opened from "Train a Model on This CSV", driven
 * through its message protocol (the test plays the webview's part with handleMessage and reads
 * what the host posts), trained in the worker thread, restored after closing, and deaf to
 * malformed messages.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { gradlab, waitFor, workspaceUri } from './helpers';
import { defaultSettings, type HostToPanel, type TrainSettings } from '../../src/protocol/training';
import type { TrainingPanel } from '../../src/extension/panels/trainingPanel';

const CSV = 'study-hours.csv';
const FEATURES = ['hours_studied', 'hours_slept', 'practice_tests'];
const TARGET = 'exam_score';

/** Everything the host posts to the panel from now on. */
function record(panel: TrainingPanel) {
  const messages: HostToPanel[] = [];
  const sub = panel.onDidPost((m) => messages.push(m));
  return {
    messages,
    /** The first message (from index `from`) that matches. */
    next<T extends HostToPanel['type']>(
      type: T,
      what: string,
      match: (m: Extract<HostToPanel, { type: T }>) => boolean = () => true,
      timeoutMs = 30_000,
    ) {
      return waitFor(
        () =>
          messages.find(
            (m): m is Extract<HostToPanel, { type: T }> =>
              m.type === type && match(m as Extract<HostToPanel, { type: T }>),
          ),
        what,
        timeoutMs,
      );
    },
    dispose: () => sub.dispose(),
  };
}

async function openPanel(): Promise<TrainingPanel> {
  await vscode.commands.executeCommand('gradlab.trainOnCsv', workspaceUri(CSV));
  const api = await gradlab();
  return waitFor(() => api.trainingPanel(), 'the training panel');
}

function settings(overrides: Partial<TrainSettings> = {}): TrainSettings {
  return { ...defaultSettings('linear'), epochs: 20, ...overrides };
}

suite('training panel', () => {
  suiteTeardown(() => gradlab().then((api) => api.trainingPanel()?.dispose()));

  test('opens from "Train a Model on This CSV" with a CSV from the explorer and shows its columns', async () => {
    const panel = await openPanel();
    assert.equal(panel.panel.viewType, 'gradlab.training');
    assert.equal(panel.state.file?.label, CSV);
    // Play the webview: it says "ready" when its script has run; the host answers with the state and the file's summary.
    const rec = record(panel);
    await panel.handleMessage({ type: 'ready' });
    const init = await rec.next('init', 'init');
    assert.equal(init.state?.file?.label, CSV);
    const files = await rec.next('csv/files', 'the CSV list');
    assert.ok(
      files.files.some((f) => f.label === CSV),
      'the picker lists the example CSV',
    );
    const summary = await rec.next('csv/summary', 'the CSV summary');
    assert.equal(summary.summary.rows, 80);
    assert.deepEqual(
      summary.summary.columns.map((c) => [c.name, c.type, c.missing]),
      [...FEATURES, TARGET].map((n) => [n, 'numeric', 0]),
    );
    assert.equal(summary.summary.suggestedTarget, TARGET);
    assert.equal(
      summary.summary.preview[0]?.join(','),
      '6.9,5.5,3,91.3',
      'the first data row of the file',
    );
    rec.dispose();
    // Running the command again reveals the same panel instead of opening a second one.
    await vscode.commands.executeCommand('gradlab.openTrainingPanel');
    assert.equal((await gradlab()).trainingPanel(), panel);
  });

  test('a run reaches "completed" through the message protocol, trained in the worker thread', async () => {
    const panel = await openPanel();
    const rec = record(panel);
    await panel.handleMessage({
      type: 'train/start',
      target: TARGET,
      features: FEATURES,
      settings: settings(),
    });
    const started = await rec.next('train/started', 'train/started');
    assert.equal(started.info.task, 'regression');
    assert.equal(started.info.trainRows + started.info.valRows, 80);
    await rec.next('train/status', '"completed"', (m) => m.status === 'completed');
    const { result } = await rec.next('train/result', 'the result');
    const streamed = rec.messages.flatMap((m) => (m.type === 'train/progress' ? m.points : []));
    assert.deepEqual(
      streamed.map((p) => p.epoch),
      Array.from({ length: 20 }, (_, i) => i + 1),
      'every epoch streamed once, in order',
    );
    assert.equal(result.history.length, 20);
    assert.equal(result.stopped, 'completed');
    assert.ok(result.metrics.train['r2']! > 0.8, `R² ${result.metrics.train['r2']}`);
    // Gradient descent cannot beat the exact least-squares fit on the training rows.
    const optimum = started.info.closedFormLoss!;
    const last = result.history[result.history.length - 1]!.trainLoss!;
    assert.ok(
      optimum > 0 && last >= optimum * (1 - 1e-9),
      `closed form ${optimum} ≤ gradient descent ${last}`,
    );
    assert.equal(panel.state.run?.status, 'completed');
    assert.equal(panel.state.run?.points.length, 20);
    rec.dispose();
  });

  test('Save Model, scripts, Copy Weights and PNG export write through the host', async () => {
    const panel = await openPanel();
    assert.equal(panel.state.run?.status, 'completed', 'the previous test left a finished run');
    const modelUri = workspaceUri('saved.model.json');
    panel.dialogs = { saveFile: async () => modelUri, pickFolder: async () => workspaceUri() };
    const rec = record(panel);
    await panel.handleMessage({ type: 'model/save' });
    const saved = JSON.parse(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(modelUri)),
    );
    assert.equal(saved.format, 'gradlab-model');
    assert.equal(saved.model, 'linear');
    await panel.handleMessage({ type: 'model/copyWeights' });
    const weights = JSON.parse(await vscode.env.clipboard.readText());
    assert.deepEqual(Object.keys(weights.weights), FEATURES);
    assert.ok(
      Math.abs(weights.weights.hours_studied - 5.2) < 1,
      `hours_studied weight ${weights.weights.hours_studied} (data made with 5.2)`,
    );
    await panel.handleMessage({ type: 'model/exportScript', flavor: 'sklearn' });
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.isUntitled, true);
    assert.equal(doc?.languageId, 'python');
    assert.match(doc!.getText(), /sklearn/);
    // A 1×1 PNG, as canvas.toDataURL would send it.
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    await panel.handleMessage({ type: 'charts/export', images: [{ name: 'loss', dataUrl: png }] });
    const written = await vscode.workspace.fs.readFile(workspaceUri('study-hours-loss.png'));
    assert.deepEqual([...written.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG file');
    assert.ok(
      rec.messages.some((m) => m.type === 'notice' && m.message.includes('saved.model.json')),
    );
    rec.dispose();
  });

  test('pause, step, resume and stop reach the run in the worker', async () => {
    const panel = await openPanel();
    const rec = record(panel);
    await panel.handleMessage({
      type: 'train/start',
      target: TARGET,
      features: FEATURES,
      settings: settings({ epochs: 100_000 }),
    });
    await rec.next('train/progress', 'a first epoch');
    await panel.handleMessage({ type: 'train/control', action: 'pause' });
    await rec.next('train/status', 'paused', (m) => m.status === 'paused');
    const epochNow = () => panel.state.run!.points[panel.state.run!.points.length - 1]?.epoch ?? 0;
    const atPause = await waitFor(async () => {
      // The worker stops at the next batch boundary; its last report arrives with the pause.
      const e = epochNow();
      await new Promise((r) => setTimeout(r, 200));
      return epochNow() === e ? e : undefined;
    }, 'the run to settle on pause');
    await panel.handleMessage({ type: 'train/control', action: 'step' });
    await waitFor(() => epochNow() > atPause || undefined, 'one more epoch');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(
      epochNow() - atPause <= 2,
      `step trained ${epochNow() - atPause} epochs (one, plus the one the pause finished)`,
    );
    await panel.handleMessage({ type: 'train/control', action: 'resume' });
    await rec.next('train/status', 'running again', (m) => m.status === 'running');
    await panel.handleMessage({ type: 'train/control', action: 'stop' });
    const { result } = await rec.next('train/result', 'the stopped result');
    assert.equal(result.stopped, 'stopped');
    assert.ok(result.history.length < 100_000);
    rec.dispose();
  });

  test('state restores after the panel is closed and reopened, and when it is hidden and shown again', async () => {
    let panel = await openPanel();
    let rec = record(panel);
    await panel.handleMessage({
      type: 'ui/state',
      state: {
        file: panel.state.file,
        target: TARGET,
        features: FEATURES,
        settings: settings({ epochs: 20, seed: 7 }),
        logScale: true,
      },
    });
    await panel.handleMessage({
      type: 'train/start',
      target: TARGET,
      features: FEATURES,
      settings: settings({ epochs: 20, seed: 7 }),
    });
    await rec.next('train/status', '"completed"', (m) => m.status === 'completed');
    rec.dispose();
    panel.panel.dispose();
    assert.equal((await gradlab()).trainingPanel(), undefined);
    await vscode.commands.executeCommand('gradlab.openTrainingPanel');
    panel = await waitFor(async () => (await gradlab()).trainingPanel(), 'the reopened panel');
    rec = record(panel);
    await panel.handleMessage({ type: 'ready' });
    const init = await rec.next('init', 'init');
    assert.equal(init.state?.file?.label, CSV);
    assert.equal(init.state?.settings.seed, 7);
    assert.equal(init.state?.logScale, true);
    assert.equal(init.state?.run?.status, 'completed');
    assert.equal(init.state?.run?.result?.history.length, 20);
    assert.equal(init.state?.run?.points.length, 20);
    rec.dispose();
    // Hidden (retainContextWhenHidden is off, so the webview is destroyed) then shown: the real
    // webview's script runs again, says "ready" and gets the same state back.
    rec = record(panel);
    await vscode.window.showTextDocument(workspaceUri(CSV), {
      viewColumn: panel.panel.viewColumn ?? vscode.ViewColumn.One,
    });
    await waitFor(() => !panel.panel.visible || undefined, 'the panel to be hidden');
    panel.panel.reveal();
    const again = await rec.next(
      'init',
      'init after re-showing (sent when the real webview says ready)',
      () => true,
      60_000,
    );
    assert.equal(again.state?.run?.result?.history.length, 20);
    rec.dispose();
  });

  test('closing the panel mid-run stops the worker job', async () => {
    const panel = await openPanel();
    const api = await gradlab();
    const rec = record(panel);
    await panel.handleMessage({
      type: 'train/start',
      target: TARGET,
      features: FEATURES,
      settings: settings({ epochs: 100_000 }),
    });
    await rec.next('train/progress', 'a first epoch');
    rec.dispose();
    panel.panel.dispose();
    // The host keeps its pending jobs privately; none may outlive the panel.
    const pending = (api.services.worker as unknown as { pending: Map<number, unknown> }).pending;
    await waitFor(() => pending.size === 0 || undefined, 'the train job to end', 10_000);
  });

  test('a CSV error names its line and column, and "Open at line" reveals that line in the editor', async () => {
    const bad = workspaceUri('bad-cell.csv');
    await vscode.workspace.fs.writeFile(
      bad,
      new TextEncoder().encode('x,y\n1,2\n2,4\n3,six\n4,8\n5,10\n'),
    );
    await vscode.commands.executeCommand('gradlab.trainOnCsv', bad);
    const panel = (await gradlab()).trainingPanel()!;
    assert.equal(panel.state.file?.label, 'bad-cell.csv');
    const rec = record(panel);
    await panel.handleMessage({ type: 'ready' });
    const summary = await rec.next('csv/summary', 'the summary');
    assert.deepEqual(
      summary.summary.columns.map((c) => [c.name, c.type, c.invalid]),
      [
        ['x', 'numeric', 0],
        ['y', 'numeric', 1],
      ],
    );
    await panel.handleMessage({
      type: 'train/start',
      target: 'y',
      features: ['x'],
      settings: settings(),
    });
    const { error } = await rec.next('train/error', 'the CSV error');
    assert.equal(error.row, 4, error.message);
    assert.equal(error.column, 'y');
    assert.match(error.message, /six/);
    await panel.handleMessage({ type: 'csv/reveal', row: error.row!, column: error.column! });
    const editor = await waitFor(
      () =>
        vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === bad.toString()),
      'the CSV editor',
    );
    assert.equal(editor.selection.active.line, 3, 'line 4 (0-based 3) is selected');
    assert.equal(editor.document.lineAt(editor.selection.active.line).text, '3,six');
    // A file-level problem (a header and no rows) comes back as csv/error with its line.
    const empty = workspaceUri('header-only.csv');
    await vscode.workspace.fs.writeFile(empty, new TextEncoder().encode('x,y\n'));
    await panel.handleMessage({ type: 'csv/select', uri: empty.toString() });
    const csvError = await rec.next('csv/error', 'the header-only error');
    assert.equal(csvError.error.row, 1);
    rec.dispose();
  });

  test('a malformed or unknown message is dropped and logged, and nothing is posted back', async () => {
    const panel = await openPanel();
    const api = await gradlab();
    const log = api.services.log;
    const warnings: string[] = [];
    const warn = log.warn;
    log.warn = (message: string, ...args: unknown[]) => {
      warnings.push(message);
      warn.call(log, message, ...args);
    };
    const rec = record(panel);
    try {
      await panel.handleMessage({
        type: 'train/start',
        target: TARGET,
        features: FEATURES,
        settings: { ...settings(), learningRate: -1 },
      });
      await panel.handleMessage({ type: 'workbench.action.quit' });
      await panel.handleMessage('ready');
      await panel.handleMessage({ type: 'csv/select', uri: 'file:///etc/passwd.csv' });
    } finally {
      log.warn = warn;
    }
    assert.equal(
      warnings.filter((w) => w.startsWith('Dropped a malformed message from the training panel'))
        .length,
      3,
    );
    assert.ok(warnings.some((w) => w.includes('refused a CSV outside the workspace')));
    assert.deepEqual(rec.messages, [], 'no reply to a dropped message');
    assert.notEqual(panel.state.run?.status, 'running', 'no run started');
    rec.dispose();
  });
});
