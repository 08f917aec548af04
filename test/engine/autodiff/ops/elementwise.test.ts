import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  add,
  sub,
  mul,
  div,
  pow,
  neg,
  tensor,
  constant,
  backward,
  sum,
} from '../../../../src/engine/autodiff';
import { GradLabError } from '../../../../src/engine/errors';
import { Rng } from '../../../../src/engine/numeric/rng';
import { gradcheck, randomTensor } from '../check';

const SEED = 20240601;
/** A shape of rank 1–3 and a second shape that broadcasts against it (dims set to 1, leading dims dropped). */
const broadcastPair = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      fc.integer({ min: 0, max: shape.length - 1 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.boolean(),
    ),
  )
  .map(([shape, ones, drop, seed, swap]) => {
    const other = shape.map((d, i) => (ones[i] ? 1 : d)).slice(drop);
    return { a: swap ? other : shape, b: swap ? shape : other, seed };
  });

for (const [name, op, lo, hi] of [
  ['add', add, -2, 2],
  ['sub', sub, -2, 2],
  ['mul', mul, -2, 2],
  ['div', div, 0.5, 2],
  ['pow', pow, 0.5, 2],
] as const) {
  test(`${name}: backward agrees with central differences, with broadcasting`, () => {
    fc.assert(
      fc.property(broadcastPair, ({ a, b, seed }) => {
        const rng = new Rng(seed);
        const x = randomTensor(rng, a, lo, hi);
        const y = randomTensor(rng, b, lo, hi);
        gradcheck((u, v) => op(u!, v!), [x, y], rng);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
}

test('neg: backward agrees with central differences', () => {
  const rng = new Rng(1);
  gradcheck((u) => neg(u!), [randomTensor(rng, [3, 4])], rng);
});

test('add: broadcasts a bias over rows (hand-computed)', () => {
  const x = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const b = tensor([10, 20]);
  const y = add(x, b);
  assert.deepEqual(y.toArray(), [
    [11, 22],
    [13, 24],
    [15, 26],
  ]);
  backward(sum(y));
  assert.deepEqual(Array.from(b.grad!), [3, 3]); // summed over the 3 broadcast rows
  assert.deepEqual(Array.from(x.grad!), [1, 1, 1, 1, 1, 1]);
});

test('mul(x, x): both branches accumulate into x.grad', () => {
  const x = tensor([3, -2]);
  backward(sum(mul(x, x)));
  assert.deepEqual(Array.from(x.grad!), [6, -4]);
});

test('binary ops accept numbers as constants', () => {
  const x = tensor([1, 2]);
  const y = sub(mul(x, 3), 1);
  assert.deepEqual(Array.from(y.data), [2, 5]);
  backward(sum(div(y, 2)));
  assert.deepEqual(Array.from(x.grad!), [1.5, 1.5]);
});

test('pow: d/dp aᵖ = aᵖ ln a, and 0ᵖ with p > 1 has gradient 0 (not NaN)', () => {
  const a = tensor([2, 0]);
  const p = tensor([3, 2]);
  backward(sum(pow(a, p)));
  assert.deepEqual(Array.from(a.grad!), [12, 0]);
  assert.equal(p.grad![0], 8 * Math.log(2));
  assert.equal(p.grad![1], 0);
});

test('div by zero follows IEEE (±Infinity, NaN for 0/0)', () => {
  const y = div(constant([1, -1, 0]), constant([0, 0, 0]));
  assert.deepEqual(Array.from(y.data), [Infinity, -Infinity, NaN]);
});

test('shapes that do not broadcast throw a GradLabError with code shape', () => {
  assert.throws(
    () => add(tensor([[1, 2, 3]]), tensor([1, 2])),
    (e: unknown) =>
      e instanceof GradLabError && e.code === 'shape' && /\[1, 3\] and \[2\]/.test(e.message),
  );
});
