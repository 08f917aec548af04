/** Training reaches known answers: XOR (through the tape), sin(x) and linear data (fast path). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backward, constant } from '../../../src/engine/autodiff';
import { Adam, MLP, SGD, bceWithLogits, linearLeastSquares } from '../../../src/engine/nn';
import { Rng } from '../../../src/engine/numeric/rng';

test('XOR: a 2-8-1 tanh net trained on the tape with BCE-from-logits classifies all four points', () => {
  const mlp = new MLP({
    inputSize: 2,
    hiddenSizes: [8],
    outputSize: 1,
    activation: 'tanh',
    seed: 3,
  });
  const opt = new Adam(mlp.params(), { lr: 0.05 });
  const x = constant([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  const y = constant([[0], [1], [1], [0]]);
  let loss = Infinity;
  for (let i = 0; i < 400; i++) {
    opt.zeroGrad();
    const l = bceWithLogits(mlp.forward(x), y);
    backward(l);
    opt.step();
    loss = l.item();
  }
  assert.ok(loss < 0.02, `final loss ${loss}`);
  const logits = mlp.predict(x.data);
  assert.deepEqual(
    Array.from(logits, (z) => (z > 0 ? 1 : 0)),
    [0, 1, 1, 0],
  );
});

test('y = sin(x) on [−π, π]: a 1-32-1 tanh net fits to MSE < 1e-3 (fast path)', () => {
  const n = 128;
  const x = Float64Array.from({ length: n }, (_, i) => -Math.PI + (2 * Math.PI * i) / (n - 1));
  const y = x.map(Math.sin);
  const mlp = new MLP({
    inputSize: 1,
    hiddenSizes: [32],
    outputSize: 1,
    activation: 'tanh',
    seed: 1,
  });
  const opt = new Adam(mlp.params(), { lr: 0.01 });
  let loss = Infinity;
  for (let i = 0; i < 3000; i++) loss = mlp.trainStep(x, y, 'mse', opt);
  assert.ok(loss < 1e-3, `final loss ${loss}`);
  const p = mlp.predict(Float64Array.of(Math.PI / 2));
  assert.ok(Math.abs(p[0]! - 1) < 0.1, `sin(π/2) ≈ ${p[0]}`);
});

test('linear data: gradient descent and the closed form agree and recover the true coefficients', () => {
  const rng = new Rng(10);
  const rows = 500,
    d = 3,
    trueW = [3, -2, 0.5],
    trueB = 1;
  const x = rng.fillUniform(new Float64Array(rows * d), -1, 1);
  const y = Float64Array.from(
    { length: rows },
    (_, i) => trueB + trueW.reduce((s, w, j) => s + w * x[i * d + j]!, 0) + rng.normal(0, 0.01),
  );
  const fit = linearLeastSquares(x, y, rows, d);
  fit.weights.forEach((w, j) => assert.ok(Math.abs(w - trueW[j]!) < 0.01, `w${j} = ${w}`));
  assert.ok(Math.abs(fit.intercept - trueB) < 0.01);
  const model = new MLP({ inputSize: d, hiddenSizes: [], outputSize: 1, seed: 0 });
  const opt = new SGD(model.params(), { lr: 0.3 });
  for (let i = 0; i < 600; i++) model.trainStep(x, y, 'mse', opt);
  const [w, b] = model.params();
  w!.data.forEach((v, j) =>
    assert.ok(Math.abs(v - fit.weights[j]!) < 1e-4, `gd w${j} = ${v}, closed ${fit.weights[j]}`),
  );
  assert.ok(Math.abs(b!.data[0]! - fit.intercept) < 1e-4);
});
