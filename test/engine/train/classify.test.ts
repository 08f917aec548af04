import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/numeric';
import { createTrainingRun, type Prediction } from '../../../src/engine/train';

/** Gaussian clusters, one per class, far apart: linearly separable. */
function clusters(centers: Array<[number, number]>, names: string[], perClass: number, spread: number, seed: number): string {
  const rng = new Rng(seed);
  let csv = 'a,b,kind\n';
  for (let i = 0; i < perClass * centers.length; i++) {
    const k = i % centers.length;
    csv += `${rng.normal(centers[k]![0], spread)},${rng.normal(centers[k]![1], spread)},${names[k]}\n`;
  }
  return csv;
}

test('logistic regression separates two separable classes; coefficients are log-odds in CSV units', () => {
  const csv = clusters([[0, 0], [4, 1]], ['no', 'yes'], 100, 0.6, 1);
  const run = createTrainingRun(csv, { target: 'kind', model: 'logistic', epochs: 60 });
  const r = run.runSync();
  assert.deepEqual(run.info.classes, ['no', 'yes']);
  assert.equal(r.metrics.train['accuracy'], 1);
  assert.equal(r.metrics.val!['accuracy'], 1);
  assert.ok(r.metrics.val!['logLoss']! < 0.1);
  // The logit from the coefficients on raw values equals the model's probability.
  const c = r.coefficients!;
  const row = { a: 2.5, b: 0.3 };
  const logit = c.intercept + c.weights['a']! * row.a + c.weights['b']! * row.b;
  const [p] = run.model.predict([row]) as Array<Extract<Prediction, { label: string }>>;
  assert.ok(Math.abs(p!.probabilities['yes']! - 1 / (1 + Math.exp(-logit))) < 1e-12);
  assert.ok(c.weights['a']! > 0, 'larger a means "yes"');
});

test('logistic regression with L2 converges to the optimum an independent Newton solve finds', () => {
  // Overlapping classes, so the optimum is finite and unique.
  const csv = clusters([[0, 0], [1, 0.5]], ['0', '1'], 150, 1, 2);
  const l2 = 0.01;
  const run = createTrainingRun(csv, { target: 'kind', model: 'logistic', valSplit: 0, l2, batchSize: 10_000, learningRate: 2, epochs: 1500 });
  const r = run.runSync();
  // Newton on mean BCE + l2‖w‖² (intercept free) over z = standardized features.
  const rows = csv.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const n = rows.length;
  const stat = (j: number) => {
    const m = rows.reduce((s, r) => s + r[j]!, 0) / n;
    return [m, Math.sqrt(rows.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / n)] as const;
  };
  const st = [stat(0), stat(1)];
  const z = rows.map((r) => [1, (r[0]! - st[0]![0]) / st[0]![1], (r[1]! - st[1]![0]) / st[1]![1]]);
  let beta = [0, 0, 0];
  for (let it = 0; it < 50; it++) {
    const g = [0, 0, 0];
    const h = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    z.forEach((zi, k) => {
      const p = 1 / (1 + Math.exp(-zi.reduce((s, v, j) => s + v * beta[j]!, 0)));
      for (let i = 0; i < 3; i++) {
        g[i] = g[i]! + ((p - rows[k]![2]!) * zi[i]!) / n;
        for (let j = 0; j < 3; j++) h[i]![j] = h[i]![j]! + (p * (1 - p) * zi[i]! * zi[j]!) / n;
      }
    });
    for (let i = 1; i < 3; i++) {
      g[i] = g[i]! + 2 * l2 * beta[i]!;
      h[i]![i] = h[i]![i]! + 2 * l2;
    }
    // Solve the 3×3 system by Cramer's rule.
    const det = (m: number[][]) => m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) - m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) + m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
    const d = det(h);
    const step = [0, 1, 2].map((c) => det(h.map((row, i) => row.map((v, j) => (j === c ? g[i]! : v)))) / d);
    beta = beta.map((b, i) => b - step[i]!);
  }
  const wA = beta[1]! / st[0]![1], wB = beta[2]! / st[1]![1];
  const intercept = beta[0]! - wA * st[0]![0] - wB * st[1]![0];
  const c = r.coefficients!;
  assert.ok(Math.abs(c.weights['a']! - wA) < 1e-6, `a: ${c.weights['a']} vs ${wA}`);
  assert.ok(Math.abs(c.weights['b']! - wB) < 1e-6, `b: ${c.weights['b']} vs ${wB}`);
  assert.ok(Math.abs(c.intercept - intercept) < 1e-6, `intercept: ${c.intercept} vs ${intercept}`);
});

test('softmax regression separates three classes; confusion matrix and per-class report', () => {
  const csv = clusters([[0, 0], [5, 0], [0, 5]], ['setosa', 'versicolor', 'virginica'], 60, 0.7, 3);
  const run = createTrainingRun(csv, { target: 'kind', model: 'softmax', epochs: 40 });
  const r = run.runSync();
  assert.equal(r.metrics.train['accuracy'], 1);
  assert.equal(r.metrics.val!['accuracy'], 1);
  assert.equal(r.coefficients, null);
  const m = r.confusion!.matrix;
  assert.deepEqual(r.confusion!.labels, ['setosa', 'versicolor', 'virginica']);
  assert.equal(m.flat().reduce((a, b) => a + b, 0), run.info.valRows);
  m.forEach((row, i) => row.forEach((v, j) => i !== j && assert.equal(v, 0)));
  for (const c of r.perClass!) assert.deepEqual([c.precision, c.recall, c.f1], [1, 1, 1]);
  const [p] = run.model.predict([{ a: 5.2, b: -0.3 }]) as Array<Extract<Prediction, { label: string }>>;
  assert.equal(p!.label, 'versicolor');
  assert.ok(Math.abs(Object.values(p!.probabilities).reduce((a, b) => a + b, 0) - 1) < 1e-12);
});

test('a numeric 0/1 target is two classes for logistic regression; boolean targets too', () => {
  let csv = 'x,y,flag\n';
  for (let i = 0; i < 40; i++) csv += `${i},${i < 20 ? 0 : 1},${i < 20 ? 'FALSE' : 'True'}\n`;
  const num = createTrainingRun(csv, { target: 'y', model: 'logistic', features: ['x'], epochs: 50 });
  assert.deepEqual(num.info.classes, ['0', '1']);
  assert.ok(num.runSync().metrics.train['accuracy']! >= 0.95);
  const bool = createTrainingRun(csv, { target: 'flag', model: 'logistic', features: ['x'], epochs: 50 });
  assert.deepEqual(bool.info.classes, ['false', 'true']);
});

test('an MLP classifier on a text target: binary head for two classes, softmax for more', () => {
  const two = createTrainingRun(clusters([[0, 0], [3, 3]], ['p', 'q'], 30, 0.5, 4), { target: 'kind', model: 'mlp', hidden: [4], epochs: 5 });
  assert.equal(two.model.head, 'binary');
  const three = createTrainingRun(clusters([[0, 0], [3, 3], [0, 3]], ['p', 'q', 'r'], 30, 0.5, 4), { target: 'kind', model: 'mlp', hidden: [4], epochs: 5 });
  assert.equal(three.model.head, 'multiclass');
  assert.throws(() => createTrainingRun(clusters([[0, 0], [3, 3]], ['p', 'q'], 30, 0.5, 4), { target: 'kind', model: 'mlp', loss: 'mse' }), /cross-entropy/);
});
