import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  backward,
  constant,
  logSoftmax,
  logsumexp,
  mean,
  softmax,
  sum,
  tensor,
} from '../../../../src/engine/autodiff';
import { Rng } from '../../../../src/engine/numeric/rng';
import { assertAllClose, gradcheck, randomTensor } from '../check';

/** A shape of rank 1–3, an axis in it (possibly negative) and a seed. */
const shapeAxis = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.integer({ min: -shape.length, max: shape.length - 1 }),
      fc.boolean(),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    ),
  );

for (const [name, op] of [
  ['sum', sum],
  ['mean', mean],
] as const) {
  test(`${name}: backward agrees with central differences, over all elements and per axis`, () => {
    fc.assert(
      fc.property(shapeAxis, ([shape, axis, keep, seed]) => {
        const rng = new Rng(seed);
        gradcheck((t) => op(t!), [randomTensor(rng, shape)], rng);
        gradcheck((t) => op(t!, axis, keep), [randomTensor(rng, shape)], rng);
        if (shape.length > 1)
          gradcheck((t) => op(t!, [0, -1], keep), [randomTensor(rng, shape)], rng);
      }),
      { seed: 3, numRuns: 30 },
    );
  });
}

for (const [name, op] of [
  ['softmax', (t: ReturnType<typeof tensor>, axis: number) => softmax(t, axis)],
  ['logSoftmax', (t: ReturnType<typeof tensor>, axis: number) => logSoftmax(t, axis)],
  ['logsumexp', (t: ReturnType<typeof tensor>, axis: number) => logsumexp(t, axis)],
] as const) {
  test(`${name}: backward agrees with central differences along any axis`, () => {
    fc.assert(
      fc.property(shapeAxis, ([shape, axis, , seed]) => {
        const rng = new Rng(seed);
        gradcheck((t) => op(t!, axis), [randomTensor(rng, shape, -3, 3)], rng);
      }),
      { seed: 5, numRuns: 30 },
    );
  });
}

test('logsumexp over all elements, with keepDims', () => {
  const rng = new Rng(9);
  gradcheck((t) => logsumexp(t!), [randomTensor(rng, [2, 3])], rng);
  assert.deepEqual(
    logsumexp(
      constant([
        [0, 0],
        [0, 0],
      ]),
      undefined,
      true,
    ).shape,
    [1, 1],
  );
  assert.deepEqual(
    logsumexp(
      constant([
        [1, 2],
        [3, 4],
      ]),
      1,
      true,
    ).shape,
    [2, 1],
  );
});

test('sum and mean: hand-computed values and shapes', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.equal(sum(x).item(), 21);
  assert.deepEqual(sum(x, 0).toArray(), [5, 7, 9]);
  assert.deepEqual(sum(x, -1, true).toArray(), [[6], [15]]);
  assert.deepEqual(mean(x, 1).toArray(), [2, 5]);
  backward(mean(x));
  assert.deepEqual(Array.from(x.grad!), [1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6]);
});

test('softmax, logSoftmax and logsumexp are stable for huge logits', () => {
  const z = constant([
    [1000, 1001, 1002],
    [-1000, -1000, -Infinity],
  ]);
  const p = softmax(z).data;
  const e = [Math.exp(-2), Math.exp(-1), 1];
  const s = e[0]! + e[1]! + e[2]!;
  assertAllClose(p, [e[0]! / s, e[1]! / s, e[2]! / s, 0.5, 0.5, 0], { atol: 1e-15, rtol: 1e-13 });
  const lse = logsumexp(z, 1).data;
  assertAllClose(lse, [1002 + Math.log(s), -1000 + Math.log(2)], { atol: 1e-12, rtol: 1e-15 });
  const ls = logSoftmax(z).data;
  assert.equal(ls[5], -Infinity);
  assertAllClose(ls.subarray(0, 3), [-2 - Math.log(s), -1 - Math.log(s), -Math.log(s)], {
    atol: 1e-12,
  });
});
