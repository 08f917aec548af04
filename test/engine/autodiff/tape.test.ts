import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  add,
  backward,
  clearTape,
  constant,
  exp,
  mul,
  noGrad,
  scalar,
  sum,
  tapeLength,
  tensor,
  Tensor,
} from '../../../src/engine/autodiff';
import { GradLabError } from '../../../src/engine/errors';

test('a reused tensor collects every path: d/dx (x·y + x) = y + 1', () => {
  const x = scalar(3);
  const y = scalar(-4);
  backward(add(mul(x, y), x));
  assert.equal(x.grad![0], -3);
  assert.equal(y.grad![0], 3);
});

test('gradients accumulate across backward calls until zeroGrad', () => {
  const x = tensor([1, 2]);
  backward(sum(mul(x, 2)));
  backward(sum(mul(x, 2)));
  assert.deepEqual(Array.from(x.grad!), [4, 4]);
  x.zeroGrad();
  assert.deepEqual(Array.from(x.grad!), [0, 0]);
});

test('noGrad records nothing and leaves outputs without gradient links', () => {
  clearTape();
  const x = tensor([1, 2]);
  const y = noGrad(() => exp(x));
  assert.equal(tapeLength(), 0);
  assert.equal(y.requiresGrad, false);
  assert.throws(
    () => backward(sum(y)),
    (e: unknown) => e instanceof GradLabError && e.code === 'bad-argument',
  );
});

test('constants get no gradient and their ops are not recorded', () => {
  clearTape();
  const a = constant([1, 2]);
  const b = mul(a, a);
  assert.equal(tapeLength(), 0);
  assert.equal(b.requiresGrad, false);
  const w = tensor([3, 4]);
  backward(sum(mul(a, w)));
  assert.equal(a.grad, null);
  assert.deepEqual(Array.from(w.grad!), [1, 2]);
});

test('backward consumes the tape: a second backward on the same loss is refused', () => {
  const x = tensor([1]);
  const loss = sum(mul(x, x));
  backward(loss);
  assert.equal(tapeLength(), 0);
  assert.throws(() => backward(loss), /already consumed/);
});

test('a non-scalar output is seeded with ones, or with the given seed', () => {
  const x = tensor([1, 2, 3]);
  backward(mul(x, x), Float64Array.of(1, 0, -1));
  assert.deepEqual(Array.from(x.grad!), [2, 0, -6]);
});

test('a leaf loss gets its seed as gradient', () => {
  const x = tensor([5]);
  backward(x);
  assert.deepEqual(Array.from(x.grad!), [1]);
});

test('Tensor checks its shape and reads values', () => {
  assert.throws(
    () => new Tensor(new Float64Array(5), [2, 3]),
    (e: unknown) => e instanceof GradLabError && e.code === 'shape',
  );
  const t = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.get(1, 2), 6);
  assert.throws(() => t.get(2, 0), GradLabError);
  assert.throws(() => t.item(), GradLabError);
  assert.equal(scalar(4).item(), 4);
  assert.throws(() => tensor([[1, 2], [3]]), /ragged/);
});

test('reusing an intermediate from a consumed tape is refused instead of silently cutting the gradient', () => {
  const w = tensor([2]);
  const h = mul(w, w);
  backward(sum(h));
  assert.throws(
    () => mul(h, 3),
    (e: unknown) => e instanceof GradLabError && /already consumed/.test(e.message),
  );
  // Detached, it is a constant: allowed, and no gradient reaches w.
  w.zeroGrad();
  backward(sum(mul(h.detach(), w)));
  assert.deepEqual(Array.from(w.grad!), [4]);
});
