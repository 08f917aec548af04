import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/numeric';
import { createTrainingRun } from '../../../src/engine/train';

/** Solve A·x = b (n×n, row-major) by Gaussian elimination with partial pivoting: an independent reference. */
function gaussSolve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k] = m[r]![k]! - f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/** y = 4 + 3·x1 − 1.5·x2 + 0.25·x3 (+ noise), x on very different scales. */
function synthetic(rows: number, noise: number, seed = 1): { csv: string; x: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const x: number[][] = [];
  const y: number[] = [];
  let csv = 'x1,x2,x3,y\n';
  for (let i = 0; i < rows; i++) {
    const r = [rng.normal(10, 3), rng.normal(-200, 50), rng.normal(0, 0.01)];
    const v = 4 + 3 * r[0]! - 1.5 * r[1]! + 0.25 * r[2]! + noise * rng.normal();
    x.push(r);
    y.push(v);
    csv += `${r.join(',')},${v}\n`;
  }
  return { csv, x, y };
}

/** Least squares with intercept on raw data via the normal equations [1 X]ᵀ[1 X] β = [1 X]ᵀ y. */
function referenceFit(x: number[][], y: number[]): number[] {
  const rows = x.map((r) => [1, ...r]);
  const d = rows[0]!.length;
  const a = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[i]! * r[j]!, 0)));
  const b = Array.from({ length: d }, (_, i) => rows.reduce((s, r, k) => s + r[i]! * y[k]!, 0));
  return gaussSolve(a, b);
}

const close = (a: number, b: number, rel: number, what: string) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('closed form recovers known coefficients exactly on noiseless data, in the CSV units', () => {
  const { csv } = synthetic(60, 0);
  const r = createTrainingRun(csv, { target: 'y', model: 'linear', solver: 'closed-form', valSplit: 0 }).runSync();
  const c = r.coefficients!;
  close(c.intercept, 4, 1e-9, 'intercept');
  close(c.weights['x1']!, 3, 1e-9, 'x1');
  close(c.weights['x2']!, -1.5, 1e-9, 'x2');
  close(c.weights['x3']!, 0.25, 1e-6, 'x3');
  assert.ok(r.metrics.train['mse']! < 1e-18);
  assert.equal(r.metrics.train['r2'], 1);
});

test('closed form agrees with an independent Gaussian-elimination solve on noisy data', () => {
  const { csv, x, y } = synthetic(200, 2, 5);
  const run = createTrainingRun(csv, { target: 'y', model: 'linear', solver: 'closed-form', valSplit: 0 });
  const r = run.runSync();
  const beta = referenceFit(x, y);
  const c = r.coefficients!;
  close(c.intercept, beta[0]!, 1e-8, 'intercept');
  ['x1', 'x2', 'x3'].forEach((name, j) => close(c.weights[name]!, beta[j + 1]!, 1e-7, name));
  // The reported loss is the MSE of that fit, in the target's units.
  const mse = y.reduce((s, v, i) => s + (beta[0]! + beta[1]! * x[i]![0]! + beta[2]! * x[i]![1]! + beta[3]! * x[i]![2]! - v) ** 2, 0) / y.length;
  close(run.info.closedFormLoss!, mse, 1e-9, 'closedFormLoss');
  close(r.history[0]!.trainLoss!, mse, 1e-9, 'trainLoss');
});

test('ridge (L2) closed form equals the standardized-scale ridge solve mapped back to CSV units', () => {
  const { csv, x, y } = synthetic(120, 1, 9);
  const l2 = 0.05;
  const r = createTrainingRun(csv, { target: 'y', model: 'linear', solver: 'closed-form', valSplit: 0, l2 }).runSync();
  // Independent: z = (x − mean)/std (population std), ys likewise; minimize mean((Zw − ys)²) + l2‖w‖².
  const n = y.length;
  const stats = (v: number[]) => {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length)] as const;
  };
  const cols = [0, 1, 2].map((j) => stats(x.map((r) => r[j]!)));
  const [ym, ys] = stats(y);
  const z = x.map((r) => r.map((v, j) => (v - cols[j]![0]) / cols[j]![1]));
  const t = y.map((v) => (v - ym) / ys);
  const a = [0, 1, 2].map((i) => [0, 1, 2].map((j) => z.reduce((s, r) => s + r[i]! * r[j]!, 0) + (i === j ? n * l2 : 0)));
  const b = [0, 1, 2].map((i) => z.reduce((s, r, k) => s + r[i]! * t[k]!, 0));
  const w = gaussSolve(a, b);
  const weights = w.map((wj, j) => (ys * wj) / cols[j]![1]);
  const intercept = ym - weights.reduce((s, wj, j) => s + wj * cols[j]![0], 0);
  close(r.coefficients!.intercept, intercept, 1e-8, 'intercept');
  ['x1', 'x2', 'x3'].forEach((name, j) => close(r.coefficients!.weights[name]!, weights[j]!, 1e-8, name));
});

test('gradient descent reaches the closed form (loss and coefficients), with and without L2', () => {
  const { csv } = synthetic(150, 1.5, 3);
  for (const l2 of [0, 0.02]) {
    const exact = createTrainingRun(csv, { target: 'y', model: 'linear', solver: 'closed-form', valSplit: 0.2, l2 }).runSync();
    const gdRun = createTrainingRun(csv, { target: 'y', model: 'linear', optimizer: 'sgd', learningRate: 0.2, batchSize: 1000, epochs: 400, valSplit: 0.2, l2 });
    const gd = gdRun.runSync();
    assert.equal(gd.stopped, 'completed');
    close(gd.history[gd.history.length - 1]!.trainLoss!, gdRun.info.closedFormLoss!, 1e-9, `loss (l2 ${l2})`);
    close(gd.coefficients!.intercept, exact.coefficients!.intercept, 1e-6, 'intercept');
    for (const k of ['x1', 'x2', 'x3']) close(gd.coefficients!.weights[k]!, exact.coefficients!.weights[k]!, 1e-6, k);
    // Mini-batch SGD gets close but jitters around the optimum.
    const sgd = createTrainingRun(csv, { target: 'y', model: 'linear', learningRate: 0.01, batchSize: 16, epochs: 60, valSplit: 0.2, l2 }).runSync();
    close(sgd.history[sgd.history.length - 1]!.trainLoss!, gdRun.info.closedFormLoss!, 0.05, 'mini-batch loss');
  }
});

test('one-hot coefficients: each level against the first (sorted) level, booleans as 0/1', () => {
  const rng = new Rng(4);
  let csv = 'size,city,new,price\n';
  const effect: Record<string, number> = { Berlin: 0, Lyon: 20, Oslo: -10 };
  for (let i = 0; i < 90; i++) {
    const size = rng.uniform(20, 120);
    const city = ['Oslo', 'Berlin', 'Lyon'][i % 3]!;
    const isNew = i % 4 === 0;
    csv += `${size},${city},${isNew},${50 + 2 * size + effect[city]! + (isNew ? 7 : 0)}\n`;
  }
  const run = createTrainingRun(csv, { target: 'price', solver: 'closed-form', valSplit: 0 });
  const c = run.runSync().coefficients!;
  assert.deepEqual(run.info.inputs, ['size', 'city=Lyon', 'city=Oslo', 'new']);
  close(c.intercept, 50, 1e-9, 'intercept (Berlin, not new)');
  close(c.weights['size']!, 2, 1e-9, 'size');
  close(c.weights['city=Lyon']!, 20, 1e-9, 'Lyon');
  close(c.weights['city=Oslo']!, -10, 1e-9, 'Oslo');
  close(c.weights['new']!, 7, 1e-9, 'new');
  // Predicting raw rows agrees with the coefficients.
  const [p] = run.model.predict([{ size: 70, city: 'Oslo', new: 'true' }]);
  close((p as { value: number }).value, 50 + 140 - 10 + 7, 1e-9, 'prediction');
});

test('the closed form refuses what it cannot solve: L1, other models, other losses', () => {
  const { csv } = synthetic(20, 1);
  assert.throws(() => createTrainingRun(csv, { target: 'y', solver: 'closed-form', l1: 0.1 }), /no L1 penalty/);
  assert.throws(() => createTrainingRun(csv, { target: 'y', model: 'mlp', solver: 'closed-form' }), /linear regression only/);
  assert.throws(() => createTrainingRun(csv, { target: 'y', solver: 'closed-form', loss: 'mae' }), /minimizes MSE/);
});
