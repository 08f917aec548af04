import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/numeric';
import { EarlyStopping, createTrainingRun, type EpochReport, type RunStatus } from '../../../src/engine/train';

function regressionCsv(rows: number, seed: number, noise = 0.3): string {
  const rng = new Rng(seed);
  let csv = 'a,b,c,y\n';
  for (let i = 0; i < rows; i++) {
    const a = rng.normal(), b = rng.normal(), c = rng.normal();
    csv += `${a},${b},${c},${Math.tanh(2 * a) + 0.5 * b * c + noise * rng.normal()}\n`;
  }
  return csv;
}

test('a fixed seed gives identical runs (history, reports, weights); another seed does not', () => {
  const csv = regressionCsv(120, 1);
  const settings = { target: 'y', model: 'mlp' as const, hidden: [8], epochs: 15, batchSize: 16, seed: 5 };
  const runs = [0, 1].map(() => createTrainingRun(csv, settings));
  const results = runs.map((r) => r.runSync());
  assert.deepEqual(results[0]!.history, results[1]!.history);
  assert.deepEqual(runs[0]!.history.map((h) => h.gradNorms), runs[1]!.history.map((h) => h.gradNorms));
  assert.deepEqual(runs[0]!.model.toJSON().network, runs[1]!.model.toJSON().network);
  const other = createTrainingRun(csv, { ...settings, seed: 6 }).runSync();
  assert.notDeepEqual(other.history, results[0]!.history);
});

test('progress is throttled to one callback per interval, batches every epoch, and always reports the last', () => {
  let t = 0;
  const calls: Array<{ at: number; reports: EpochReport[] }> = [];
  const run = createTrainingRun(regressionCsv(60, 2), { target: 'y', epochs: 100, batchSize: 8 }, {
    now: () => (t += 0.2), // a fake clock: 0.2 ms per reading
    progressIntervalMs: 50,
    onProgress: (reports) => calls.push({ at: t, reports }),
  });
  run.runSync();
  const epochs = calls.flatMap((c) => c.reports.map((r) => r.epoch));
  assert.deepEqual(epochs, Array.from({ length: 100 }, (_, i) => i + 1));
  for (let i = 1; i < calls.length - 1; i++) assert.ok(calls[i]!.at - calls[i - 1]!.at >= 50, `calls ${i - 1}→${i} only ${calls[i]!.at - calls[i - 1]!.at} ms apart`);
  assert.ok(calls.length < 100 && calls.length > 1, `${calls.length} calls`);
  const last = calls[calls.length - 1]!.reports;
  assert.equal(last[last.length - 1]!.epoch, 100);
  // Each report carries what the panel draws.
  const r = epochs.length && calls[0]!.reports[0]!;
  assert.ok(r && r.trainLoss! > 0 && r.valLoss! > 0 && r.gradNorms.length === 1 && r.gradNorms[0]! > 0);
  assert.deepEqual(Object.keys(r.metrics.train), ['r2', 'mse', 'rmse', 'mae']);
});

/** Resolves when the run reports `status`. */
function statusWaiter(): { hooks: { onStatus: (s: RunStatus) => void }; next: (s: RunStatus) => Promise<void> } {
  const waiting: Array<{ status: RunStatus; resolve: () => void }> = [];
  return {
    hooks: {
      onStatus: (s) => {
        for (const w of waiting.filter((x) => x.status === s)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve();
        }
      },
    },
    next: (status) => new Promise((resolve) => waiting.push({ status, resolve })),
  };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

test('pause, step (one epoch), resume and stop drive the async run between batches', async () => {
  const s = statusWaiter();
  const run = createTrainingRun(regressionCsv(400, 3), { target: 'y', epochs: 1000, batchSize: 4 }, { ...s.hooks, sliceMs: 0 });
  const paused = s.next('paused');
  const done = run.start();
  run.pause();
  await paused;
  assert.equal(run.status, 'paused');
  const before = run.history.length;
  for (let i = 0; i < 20; i++) await tick();
  assert.equal(run.history.length, before, 'a paused run does no work');
  const pausedAgain = s.next('paused');
  run.step();
  await pausedAgain;
  assert.equal(run.history.length, before + 1, 'step trains exactly to the end of one epoch');
  run.resume();
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(run.status, 'running');
  run.stop();
  const result = await done;
  assert.equal(result.stopped, 'stopped');
  assert.equal(run.status, 'stopped');
  assert.ok(run.history.length < 1000);
  assert.ok(Number.isFinite(result.metrics.train['mse']!));
});

test('stop while paused ends the run', async () => {
  const s = statusWaiter();
  const run = createTrainingRun(regressionCsv(50, 4), { target: 'y', epochs: 1000 }, { ...s.hooks, sliceMs: 0 });
  const paused = s.next('paused');
  const done = run.start();
  run.pause();
  await paused;
  run.stop();
  assert.equal((await done).stopped, 'stopped');
});

test('EarlyStopping follows Keras: improvement beyond min_delta resets the wait; stop when wait ≥ patience', () => {
  const run = (values: number[], patience: number, minDelta = 0) => {
    const es = new EarlyStopping({ patience, minDelta });
    for (let e = 1; e <= values.length; e++) if (es.update(e, values[e - 1]!) === 'stop') return { stoppedAt: e, best: es.bestEpoch };
    return { stoppedAt: null, best: es.bestEpoch };
  };
  assert.deepEqual(run([1, 0.9, 0.95, 0.96, 0.97], 2), { stoppedAt: 4, best: 2 });
  assert.deepEqual(run([1, 0.9, 0.95, 0.85, 0.97, 0.98], 2), { stoppedAt: 6, best: 4 });
  assert.deepEqual(run([1, 0.99, 0.985], 1, 0.02), { stoppedAt: 2, best: 1 });
  assert.deepEqual(run([1, 2], 0), { stoppedAt: 2, best: 1 });
  assert.deepEqual(run([1], 0), { stoppedAt: null, best: 1 }); // never on the first epoch
  assert.deepEqual(run([NaN, 1, NaN], 5), { stoppedAt: null, best: 2 });
});

test('early stopping in a run restores the best epoch and reports it', () => {
  // Few noisy rows and a wide MLP: the validation loss turns up while the training loss falls.
  const run = createTrainingRun(regressionCsv(40, 5, 1), {
    target: 'y', model: 'mlp', hidden: [64, 64], learningRate: 0.02, epochs: 500, earlyStopping: true, patience: 5, valSplit: 0.3,
  });
  const r = run.runSync();
  assert.equal(r.stopped, 'early-stopping');
  const best = r.bestEpoch!;
  const vals = r.history.map((h) => h.valLoss!);
  assert.equal(Math.min(...vals), vals[best - 1]);
  assert.equal(r.history.length, best + 5);
  // The kept weights are the best epoch's: the final validation MSE is its loss.
  assert.ok(Math.abs(r.metrics.val!['mse']! - vals[best - 1]!) < 1e-12 * vals[best - 1]!);
  assert.match(r.message!, /best was epoch/);
});

test('a too-large learning rate diverges: the run stops with advice and keeps the last good weights', () => {
  // Full-batch GD with lr 1.2 overshoots: the loss grows about 3× per epoch until it passes 10⁴× its start.
  const run = createTrainingRun(regressionCsv(100, 6), { target: 'y', optimizer: 'sgd', learningRate: 1.2, batchSize: 1000, epochs: 200 });
  const r = run.runSync();
  assert.equal(r.stopped, 'diverged');
  assert.match(r.message!, /smaller learning rate \(e\.g\. 0\.12 instead of 1\.2\)/);
  const losses = r.history.map((h) => h.trainLoss!);
  assert.ok(losses.length > 3 && losses.length < 200, `${losses.length} epochs`);
  losses.slice(1).forEach((l, i) => assert.ok(l > losses[i]!, `epoch ${i + 2} did not grow`));
  // The weights kept are those of the epoch before the explosion.
  const lastGood = losses[losses.length - 2]!;
  assert.ok(Math.abs(r.metrics.train['mse']! - lastGood) < 1e-9 * lastGood, `${r.metrics.train['mse']} vs ${lastGood}`);
  // An outright overflow (lr 10 with mini-batches) is caught the same way.
  assert.equal(createTrainingRun(regressionCsv(100, 6), { target: 'y', learningRate: 10, epochs: 50 }).runSync().stopped, 'diverged');
});

test('an absurd learning rate (1e9, 1e300) is accepted and diverges on every model; the advice is the default rate', () => {
  // y is numeric; k is a class (three of them) read off the first column.
  const rows = regressionCsv(60, 3).trim().split('\n');
  const csv = rows.map((r, i) => `${r},${i === 0 ? 'k' : ['lo', 'mid', 'hi'][Math.max(0, Math.min(2, Math.floor(Number(r.split(',')[0]) + 1.5)))]}`).join('\n');
  for (const [model, target, lr] of [['linear', 'y', 1e9], ['mlp', 'y', 1e9], ['linear', 'y', 1e300], ['softmax', 'k', 1e9]] as const) {
    const run = createTrainingRun(csv, { target, model, learningRate: lr, epochs: 20, ...(model === 'mlp' ? { hidden: [4] } : {}), ...(target === 'k' ? { features: ['a', 'b'] } : {}) });
    const r = run.runSync();
    assert.equal(r.stopped, 'diverged', `${model} lr ${lr}`);
    const usual = model === 'softmax' ? 0.1 : model === 'mlp' ? 0.01 : 0.05;
    assert.ok(r.message!.includes(`e.g. ${usual} instead of ${lr}`), r.message);
    // The metrics are those of the weights kept (the last good epoch, or the initial ones): finite.
    for (const v of Object.values(r.metrics.train)) assert.ok(Number.isFinite(v), `${model}: ${JSON.stringify(r.metrics.train)}`);
  }
});

test('settings are checked: each bad value is refused with its name', () => {
  const csv = regressionCsv(20, 7);
  assert.throws(() => createTrainingRun(csv, { target: 'y', learningRate: 0 }), /"learningRate"/);
  assert.throws(() => createTrainingRun(csv, { target: 'y', batchSize: 1.5 }), /"batchSize"/);
  assert.throws(() => createTrainingRun(csv, { target: 'y', model: 'mlp', hidden: [] }), /"hidden"/);
  assert.throws(() => createTrainingRun(csv, { target: 'y', valSplit: 1 }), /"valSplit"/);
  assert.throws(() => createTrainingRun(csv, { target: 'y', valSplit: 0, earlyStopping: true, monitor: 'val_loss' }), /validation split/);
});

test('run info describes the run before it starts', () => {
  const run = createTrainingRun(regressionCsv(50, 8), { target: 'y', model: 'mlp', hidden: [5, 3] });
  assert.equal(run.status, 'ready');
  assert.deepEqual(run.info.layers, ['hidden 1', 'hidden 2', 'output']);
  assert.deepEqual([run.info.trainRows, run.info.valRows, run.info.epochs], [40, 10, 200]);
  assert.equal(run.info.closedFormLoss, null);
  assert.equal(createTrainingRun(regressionCsv(50, 8), { target: 'y' }).info.closedFormLoss! > 0, true);
});
