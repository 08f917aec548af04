import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  backward,
  concat,
  gather,
  reshape,
  slice,
  sum,
  tensor,
  transpose,
} from '../../../../src/engine/autodiff';
import { GradLabError } from '../../../../src/engine/errors';
import { Rng } from '../../../../src/engine/numeric/rng';
import { gradcheck, randomTensor } from '../check';

const shape = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

test('reshape: backward agrees with central differences (with an inferred −1)', () => {
  fc.assert(
    fc.property(shape, seed, (s, sd) => {
      const rng = new Rng(sd);
      const n = s.reduce((a, b) => a * b, 1);
      gradcheck((t) => reshape(t!, [-1]), [randomTensor(rng, s)], rng);
      gradcheck((t) => reshape(t!, [n, 1]), [randomTensor(rng, s)], rng);
    }),
    { seed: 1, numRuns: 25 },
  );
});

test('transpose: backward agrees with central differences for random permutations', () => {
  fc.assert(
    fc.property(shape, seed, (s, sd) => {
      const rng = new Rng(sd);
      const perm = rng.shuffle(s.map((_, i) => i));
      gradcheck((t) => transpose(t!, perm), [randomTensor(rng, s)], rng);
      gradcheck((t) => transpose(t!), [randomTensor(rng, s)], rng);
    }),
    { seed: 2, numRuns: 25 },
  );
});

test('concat: backward agrees with central differences along a random axis', () => {
  fc.assert(
    fc.property(shape, seed, (s, sd) => {
      const rng = new Rng(sd);
      const axis = rng.int(s.length);
      const s2 = s.map((d, i) => (i === axis ? 1 + rng.int(3) : d));
      gradcheck(
        (a, b, c) => concat([a!, b!, c!], axis),
        [randomTensor(rng, s), randomTensor(rng, s2), randomTensor(rng, s)],
        rng,
      );
    }),
    { seed: 3, numRuns: 25 },
  );
});

test('slice: backward agrees with central differences for random blocks', () => {
  fc.assert(
    fc.property(shape, seed, (s, sd) => {
      const rng = new Rng(sd);
      const begin = s.map((d) => rng.int(d));
      const size = s.map((d, i) => 1 + rng.int(d - begin[i]!));
      gradcheck((t) => slice(t!, begin, size), [randomTensor(rng, s)], rng);
    }),
    { seed: 4, numRuns: 25 },
  );
});

test('gather: backward agrees with central differences, repeated rows add up', () => {
  fc.assert(
    fc.property(shape, seed, (s, sd) => {
      const rng = new Rng(sd);
      const idx = Array.from({ length: 1 + rng.int(6) }, () => rng.int(s[0]!));
      gradcheck((t) => gather(t!, idx), [randomTensor(rng, s)], rng);
    }),
    { seed: 5, numRuns: 25 },
  );
});

test('hand-computed shape ops', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(transpose(x).toArray(), [
    [1, 4],
    [2, 5],
    [3, 6],
  ]);
  assert.deepEqual(slice(x, [0, 1], [-1, 2]).toArray(), [
    [2, 3],
    [5, 6],
  ]);
  assert.deepEqual(concat([x, tensor([[7, 8, 9]])]).toArray(), [
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ]);
  assert.deepEqual(concat([x, tensor([[0], [0]])], 1).toArray(), [
    [1, 2, 3, 0],
    [4, 5, 6, 0],
  ]);
  assert.deepEqual(reshape(x, [3, -1]).toArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const g = gather(x, [1, 1, 0]);
  assert.deepEqual(g.toArray(), [
    [4, 5, 6],
    [4, 5, 6],
    [1, 2, 3],
  ]);
  backward(sum(g));
  assert.deepEqual(x.gradArray(), [
    [1, 1, 1],
    [2, 2, 2],
  ]);
});

test('shape ops reject impossible requests with GradLabError', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const isShape = (e: unknown) => e instanceof GradLabError && e.code === 'shape';
  assert.throws(() => reshape(x, [4, -1]), isShape);
  assert.throws(() => slice(x, [1, 0], [2, 1]), isShape);
  assert.throws(() => concat([x, tensor([[1, 2]])]), isShape);
  assert.throws(() => transpose(x, [0, 0]), isShape);
  assert.throws(
    () => gather(x, [2]),
    (e: unknown) => e instanceof GradLabError && e.code === 'bad-argument',
  );
});
