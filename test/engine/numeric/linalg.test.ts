import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  choleskyInPlace,
  choleskySolveInPlace,
  qrSolveInPlace,
} from '../../../src/engine/numeric/linalg';
import { logSumExp } from '../../../src/engine/numeric/reduce';
import { Rng } from '../../../src/engine/numeric/rng';
import { assertAllClose } from '../autodiff/check';

test('Cholesky solves random SPD systems (A = MᵀM + I): A·x reproduces b', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (n, seed) => {
        const rng = new Rng(seed);
        const m = rng.fillUniform(new Float64Array(n * n), -1, 1);
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            let s = i === j ? 1 : 0;
            for (let p = 0; p < n; p++) s += m[p * n + i]! * m[p * n + j]!;
            a[i * n + j] = s;
          }
        const b = rng.fillUniform(new Float64Array(n), -1, 1);
        const l = a.slice();
        assert.ok(choleskyInPlace(l, n));
        const x = choleskySolveInPlace(l, n, b.slice());
        const ax = Array.from({ length: n }, (_, i) =>
          a.subarray(i * n, i * n + n).reduce((s, v, j) => s + v * x[j]!, 0),
        );
        assertAllClose(ax, b, { atol: 1e-10 });
      },
    ),
    { seed: 23, numRuns: 50 },
  );
});

test('Cholesky reports a non-positive-definite matrix', () => {
  assert.equal(choleskyInPlace(Float64Array.of(1, 2, 2, 1), 2), false); // eigenvalues 3 and −1
  assert.equal(choleskyInPlace(Float64Array.of(1, 1, 1, 1), 2), false); // singular
});

test('QR least squares recovers an exact solution and the hand-computed line fit', () => {
  // Fit y = a + b·t to (0, 1), (1, 3), (2, 4): normal equations give a = 7/6, b = 3/2.
  const x = qrSolveInPlace(Float64Array.of(1, 0, 1, 1, 1, 2), 3, 2, Float64Array.of(1, 3, 4))!;
  assertAllClose(x, [7 / 6, 3 / 2], { atol: 1e-14 });
  assert.equal(
    qrSolveInPlace(Float64Array.of(1, 2, 2, 4, 3, 6), 3, 2, Float64Array.of(1, 2, 3)),
    null,
  );
});

test('logSumExp is exact for huge, tiny and infinite inputs', () => {
  assert.equal(logSumExp(Float64Array.of(1000, 1000)), 1000 + Math.log(2));
  assert.equal(logSumExp(Float64Array.of(-1000, -1000)), -1000 + Math.log(2));
  assert.equal(logSumExp(Float64Array.of(-Infinity, -Infinity)), -Infinity);
  assert.equal(logSumExp(Float64Array.of(1, Infinity)), Infinity);
  assert.ok(Number.isNaN(logSumExp(Float64Array.of(1, NaN))));
  assert.equal(logSumExp(Float64Array.of(0, Math.log(3))), Math.log(4));
});
