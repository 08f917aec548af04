import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearLeastSquares } from '../../../src/engine/nn';
import { GradLabError } from '../../../src/engine/errors';
import { Rng } from '../../../src/engine/numeric/rng';
import { assertAllClose } from '../autodiff/check';

test('hand-computed line fit through (0, 1), (1, 3), (2, 4): b = 7/6, w = 3/2, both methods', () => {
  for (const method of ['cholesky', 'qr'] as const) {
    const fit = linearLeastSquares(Float64Array.of(0, 1, 2), Float64Array.of(1, 3, 4), 3, 1, {
      method,
    });
    assert.equal(fit.method, method);
    assertAllClose(fit.weights, [1.5], { atol: 1e-14 });
    assertAllClose([fit.intercept], [7 / 6], { atol: 1e-14 });
    // Residuals −1/6, 1/3, −1/6: MSE = (1/36 + 4/36 + 1/36)/3 = 1/18.
    assertAllClose([fit.mse], [1 / 18], { atol: 1e-14 });
  }
});

test('noiseless data far from the origin is recovered exactly (centring keeps it well conditioned)', () => {
  const rng = new Rng(1);
  const rows = 1000,
    d = 4,
    w = [0.5, -1, 2, 3];
  const x = Float64Array.from({ length: rows * d }, () => 1e4 + rng.uniform(-1, 1));
  const y = Float64Array.from(
    { length: rows },
    (_, i) => 7 + w.reduce((s, wj, j) => s + wj * x[i * d + j]!, 0),
  );
  for (const method of ['cholesky', 'qr'] as const) {
    const fit = linearLeastSquares(x, y, rows, d, { method });
    assertAllClose(fit.weights, w, { atol: 1e-7, what: method });
    assertAllClose([fit.intercept], [7], { atol: 1e-3, what: method });
  }
});

test('ridge solves (XcᵀXc + λI)w = Xcᵀyc; no intercept fits through the origin', () => {
  // One centred feature t = (−1, 0, 1), y = (0, 1, 5): Σt² = 2, Σt·y = 5 ⇒ w = 5/(2 + λ).
  const fit = linearLeastSquares(Float64Array.of(-1, 0, 1), Float64Array.of(0, 1, 5), 3, 1, {
    ridge: 3,
  });
  assertAllClose(fit.weights, [1], { atol: 1e-15 });
  assertAllClose([fit.intercept], [2], { atol: 1e-15 });
  const origin = linearLeastSquares(Float64Array.of(1, 2), Float64Array.of(2, 3), 2, 1, {
    fitIntercept: false,
  });
  assertAllClose(origin.weights, [8 / 5], { atol: 1e-15 }); // Σxy/Σx² = 8/5
  assert.equal(origin.intercept, 0);
});

test('collinear features fall back to a tiny ridge instead of failing', () => {
  const rng = new Rng(2);
  const rows = 50;
  const x = new Float64Array(rows * 2);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const t = rng.uniform(-1, 1);
    x[2 * i] = t;
    x[2 * i + 1] = 2 * t; // exactly collinear
    y[i] = 3 * t + 1;
  }
  const fit = linearLeastSquares(x, y, rows, 2);
  assert.ok(fit.ridgeUsed > 0);
  assert.ok(fit.mse < 1e-12, `mse ${fit.mse}`);
  const qr = linearLeastSquares(x, y, rows, 2, { method: 'qr' });
  assert.equal(qr.method, 'cholesky'); // QR saw the rank deficiency and fell back
  assert.throws(
    () => linearLeastSquares(x, y, rows, 3),
    (e: unknown) => e instanceof GradLabError && e.code === 'shape',
  );
});
