import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Tensor, backward, constant, tensor } from '../../../src/engine/autodiff';
import {
  bceWithLogits,
  computeLoss,
  huber,
  l1Penalty,
  l2Penalty,
  mae,
  mse,
  softmaxCrossEntropy,
} from '../../../src/engine/nn';
import { GradLabError } from '../../../src/engine/errors';
import { Rng } from '../../../src/engine/numeric/rng';
import { gradcheck, randomTensor } from '../autodiff/check';

const dims = fc.tuple(
  fc.integer({ min: 1, max: 6 }),
  fc.integer({ min: 1, max: 4 }),
  fc.integer({ min: 0, max: 2 ** 31 - 1 }),
);

/** Keeps p − y away from the kinks of MAE (0) and Huber (±δ). */
function apart(p: Tensor, y: Tensor, kinks: number[]): void {
  for (let i = 0; i < p.size; i++) {
    for (const k of kinks)
      if (Math.abs(p.data[i]! - y.data[i]! - k) < 1e-3) p.data[i] = y.data[i]! + k + 0.01;
  }
}

for (const [name, f, kinks] of [
  ['mse', mse, []],
  ['mae', mae, [0]],
  ['huber', (p: Tensor, y: Tensor) => huber(p, y, 0.7), [0.7, -0.7]],
  ['bceWithLogits', bceWithLogits, []],
] as const) {
  test(`${name}: gradient w.r.t. predictions and targets agrees with central differences`, () => {
    fc.assert(
      fc.property(dims, ([m, n, seed]) => {
        const rng = new Rng(seed);
        const p = randomTensor(rng, [m, n], -3, 3);
        const y =
          name === 'bceWithLogits' ? randomTensor(rng, [m, n], 0, 1) : randomTensor(rng, [m, n]);
        apart(p, y, [...kinks]);
        gradcheck((a, b) => f(a!, b!), [p, y], rng);
      }),
      { seed: 31, numRuns: 30 },
    );
  });
}

test('softmaxCrossEntropy: gradients agree with central differences for index and probability targets', () => {
  fc.assert(
    fc.property(dims, ([m, n, seed]) => {
      const rng = new Rng(seed);
      const classes = n + 1;
      const labels = Array.from({ length: m }, () => rng.int(classes));
      gradcheck(
        (z) => softmaxCrossEntropy(z!, labels),
        [randomTensor(rng, [m, classes], -4, 4)],
        rng,
      );
      gradcheck(
        (z, y) => softmaxCrossEntropy(z!, y!),
        [randomTensor(rng, [m, classes], -4, 4), randomTensor(rng, [m, classes], 0, 1)],
        rng,
      );
    }),
    { seed: 37, numRuns: 30 },
  );
});

test('penalties: L1 and L2 gradients agree with central differences; values by hand', () => {
  const rng = new Rng(2);
  gradcheck(
    (a, b) => l1Penalty([a!, b!], 0.3),
    [randomTensor(rng, [3, 2]), randomTensor(rng, [4])],
    rng,
  );
  gradcheck(
    (a, b) => l2Penalty([a!, b!], 0.3),
    [randomTensor(rng, [3, 2]), randomTensor(rng, [4])],
    rng,
  );
  const w = tensor([1, -2, 0]);
  assert.equal(l1Penalty([w], 0.5).item(), 1.5);
  assert.equal(l2Penalty([w], 0.5).item(), 2.5);
  backward(l1Penalty([w], 0.5));
  assert.deepEqual(Array.from(w.grad!), [0.5, -0.5, 0]);
});

test('hand-computed loss values', () => {
  const p = constant([1, 2, 3, 4]),
    y = constant([1, 0, 5, 4.5]);
  assert.equal(mse(p, y).item(), (0 + 4 + 4 + 0.25) / 4);
  assert.equal(mae(p, y).item(), (0 + 2 + 2 + 0.5) / 4);
  assert.equal(huber(p, y, 1).item(), (0 + 1.5 + 1.5 + 0.125) / 4);
  // BCE at z = 0 is log 2 whatever the target.
  assert.equal(bceWithLogits(constant([0, 0]), constant([0, 1])).item(), Math.log(2));
  // CE of logits (0, ln 3) with label 1: −log(3/4).
  assert.ok(
    Math.abs(softmaxCrossEntropy(constant([[0, Math.log(3)]]), [1]).item() + Math.log(3 / 4)) <
      1e-15,
  );
});

test('BCE and softmax CE stay finite and exact for logits of ±1000', () => {
  assert.equal(bceWithLogits(constant([1000, -1000]), constant([1, 0])).item(), 0);
  assert.equal(bceWithLogits(constant([1000]), constant([0])).item(), 1000);
  const z = tensor([[1000, -1000]]);
  const l = softmaxCrossEntropy(z, [1]);
  assert.equal(l.item(), 2000);
  backward(l);
  assert.deepEqual(Array.from(z.grad!), [1, -1]);
});

test('computeLoss dispatches by name, including softmax CE with index targets in a tensor', () => {
  const z = constant([
    [2, 0, -1],
    [0, 1, 0],
  ]);
  assert.equal(
    computeLoss('softmaxCrossEntropy', z, constant([0, 1])).item(),
    softmaxCrossEntropy(z, [0, 1]).item(),
  );
  assert.equal(
    computeLoss({ name: 'huber', delta: 0.5 }, constant([2]), constant([0])).item(),
    0.5 * (2 - 0.25),
  );
});

test('losses reject mismatched sizes and bad labels', () => {
  const isCode = (code: string) => (e: unknown) => e instanceof GradLabError && e.code === code;
  assert.throws(() => mse(constant([1, 2]), constant([1])), isCode('shape'));
  assert.throws(() => softmaxCrossEntropy(constant([[1, 2]]), [2]), isCode('bad-argument'));
  assert.throws(() => softmaxCrossEntropy(constant([[1, 2]]), [0, 1]), isCode('shape'));
  assert.throws(() => huber(constant([1]), constant([1]), 0), isCode('bad-argument'));
});
