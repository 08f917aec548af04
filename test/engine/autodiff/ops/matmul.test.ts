import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matmul, tensor, backward, sum } from '../../../../src/engine/autodiff';
import { GradLabError } from '../../../../src/engine/errors';
import { Rng } from '../../../../src/engine/numeric/rng';
import { gradcheck, randomTensor } from '../check';

test('matmul: backward agrees with central differences on random sizes', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 7 }),
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 7 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (m, k, n, seed) => {
        const rng = new Rng(seed);
        gradcheck(
          (a, b) => matmul(a!, b!),
          [randomTensor(rng, [m, k]), randomTensor(rng, [k, n])],
          rng,
        );
      },
    ),
    { seed: 11, numRuns: 40 },
  );
});

test('matmul: a hand-computed 2×3 · 3×2 product and its gradients', () => {
  const a = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const b = tensor([
    [7, 8],
    [9, 10],
    [11, 12],
  ]);
  const c = matmul(a, b);
  assert.deepEqual(c.toArray(), [
    [58, 64],
    [139, 154],
  ]);
  backward(sum(c));
  // ∂Σc/∂a_ik = Σ_j b_kj (row sums of b); ∂Σc/∂b_kj = Σ_i a_ik (column sums of a).
  assert.deepEqual(a.gradArray(), [
    [15, 19, 23],
    [15, 19, 23],
  ]);
  assert.deepEqual(b.gradArray(), [
    [5, 5],
    [7, 7],
    [9, 9],
  ]);
});

test('matmul: mismatched inner sizes throw a shape error naming both shapes', () => {
  assert.throws(
    () => matmul(tensor([[1, 2]]), tensor([[1, 2]])),
    (e: unknown) =>
      e instanceof GradLabError && e.code === 'shape' && e.message.includes('[1, 2]·[1, 2]'),
  );
});
