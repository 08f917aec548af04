import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  Tensor,
  abs,
  backward,
  clamp,
  constant,
  exp,
  leakyRelu,
  log,
  relu,
  sigmoid,
  softplus,
  sqrt,
  sum,
  tanh,
  tensor,
} from '../../../../src/engine/autodiff';
import { Rng } from '../../../../src/engine/numeric/rng';
import { gradcheck, randomTensor } from '../check';

const SEED = 7;
const shapeAndSeed = fc.tuple(
  fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 3 }),
  fc.integer({ min: 0, max: 2 ** 31 - 1 }),
);

/** Values in [lo, hi) kept at least `gap` away from the kinks, where the derivative jumps. */
function awayFrom(t: Tensor, kinks: number[], gap = 1e-3): Tensor {
  const d = t.data;
  for (let i = 0; i < d.length; i++)
    for (const k of kinks) if (Math.abs(d[i]! - k) < gap) d[i] = k + 2 * gap;
  return t;
}

const cases: Array<[string, (t: Tensor) => Tensor, number, number, number[]]> = [
  ['exp', exp, -3, 3, []],
  ['log', log, 0.2, 5, []],
  ['sqrt', sqrt, 0.2, 5, []],
  ['abs', abs, -2, 2, [0]],
  ['clamp', (t) => clamp(t, -0.5, 0.75), -2, 2, [-0.5, 0.75]],
  ['tanh', tanh, -3, 3, []],
  ['sigmoid', sigmoid, -6, 6, []],
  ['relu', relu, -2, 2, [0]],
  ['leakyRelu', (t) => leakyRelu(t, 0.1), -2, 2, [0]],
  ['softplus', softplus, -6, 6, []],
];

for (const [name, op, lo, hi, kinks] of cases) {
  test(`${name}: backward agrees with central differences on random shapes`, () => {
    fc.assert(
      fc.property(shapeAndSeed, ([shape, seed]) => {
        const rng = new Rng(seed);
        gradcheck((t) => op(t!), [awayFrom(randomTensor(rng, shape, lo, hi), kinks)], rng);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
}

function gradAt(op: (t: Tensor) => Tensor, values: number[]): number[] {
  const x = tensor(values);
  backward(sum(op(x)));
  return Array.from(x.grad!);
}

test('relu: relu(0) = 0 with relu′(0) = 0; NaN stays NaN', () => {
  assert.deepEqual(Array.from(relu(constant([-1, 0, 2, NaN])).data), [0, 0, 2, NaN]);
  assert.deepEqual(gradAt(relu, [-1, 0, 2]), [0, 0, 1]);
});

test('leakyRelu: slope α below and at 0, 1 above', () => {
  assert.deepEqual(Array.from(leakyRelu(constant([-2, 3]), 0.1).data), [-0.2, 3]);
  assert.deepEqual(
    gradAt((t) => leakyRelu(t, 0.1), [-2, 0, 3]),
    [0.1, 0.1, 1],
  );
});

test('abs′(0) = 0; clamp passes the gradient on the closed interval', () => {
  assert.deepEqual(gradAt(abs, [-3, 0, 2]), [-1, 0, 1]);
  assert.deepEqual(
    gradAt((t) => clamp(t, -1, 1), [-2, -1, 0, 1, 2]),
    [0, 1, 1, 1, 0],
  );
});

test('sigmoid and softplus are finite at ±1000 (no overflow)', () => {
  assert.deepEqual(Array.from(sigmoid(constant([-1000, 0, 1000])).data), [0, 0.5, 1]);
  const sp = softplus(constant([-1000, 0, 1000])).data;
  assert.equal(sp[0], 0);
  assert.equal(sp[1], Math.log(2));
  assert.equal(sp[2], 1000);
  assert.deepEqual(gradAt(softplus, [-1000, 0, 1000]), [0, 0.5, 1]);
});

test('log(0) = −∞ and sqrt′(0) = +∞ (IEEE, not a throw)', () => {
  assert.equal(log(constant([0])).data[0], -Infinity);
  assert.deepEqual(gradAt(sqrt, [0, 4]), [Infinity, 0.25]);
});

test('tanh and exp: hand-computed values and slopes', () => {
  const t = Math.tanh(0.5);
  assert.deepEqual(gradAt(tanh, [0, 0.5]), [1, 1 - t * t]);
  assert.deepEqual(gradAt(exp, [0, 1]), [1, Math.E]);
});
