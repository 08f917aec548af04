/**
 * Each optimizer against its textbook formula, written out independently here, for a few steps
 * with fixed gradients; plus clipping, schedules and the per-parameter statistics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../../src/engine/autodiff';
import {
  Adam,
  AdamW,
  Optimizer,
  RMSprop,
  SGD,
  constantLr,
  cosineLr,
  makeOptimizer,
  makeSchedule,
  stepLr,
} from '../../../src/engine/nn';
import { assertAllClose } from '../autodiff/check';

const W0 = [0.5, -1.5, 2];
const GRADS = [
  [0.1, -0.2, 0.3],
  [-0.4, 0.5, 0.05],
  [0.2, 0.2, -0.7],
];

/** Runs `opt` for the three fixed gradients and returns the weights after each step. */
function run(make: (p: Tensor[]) => Optimizer): number[][] {
  const w = tensor(W0);
  const opt = make([w]);
  return GRADS.map((g) => {
    w.gradBuffer().set(g);
    opt.step();
    return Array.from(w.data);
  });
}

/** The reference: applies `rule(w, g, state, t)` per element, t 1-based. */
function reference(
  rule: (w: number, g: number, s: Record<string, number>, t: number) => number,
): number[][] {
  const w = [...W0];
  const states = W0.map(() => ({}) as Record<string, number>);
  return GRADS.map((g, k) => {
    for (let j = 0; j < w.length; j++) w[j] = rule(w[j]!, g[j]!, states[j]!, k + 1);
    return [...w];
  });
}

const close = (a: number[][], b: number[][]) =>
  a.forEach((row, i) =>
    assertAllClose(row, b[i]!, { atol: 1e-15, rtol: 1e-13, what: `step ${i + 1}` }),
  );

test('SGD: w ← w − lr·g (default lr 0.01)', () => {
  close(
    run((p) => new SGD(p)),
    reference((w, g) => w - 0.01 * g),
  );
});

test('SGD with weight decay: w ← w − lr·(g + λw)', () => {
  close(
    run((p) => new SGD(p, { lr: 0.1, weightDecay: 0.5 })),
    reference((w, g) => w - 0.1 * (g + 0.5 * w)),
  );
});

test('momentum: v ← μv + g; w ← w − lr·v', () => {
  close(
    run((p) => new SGD(p, { lr: 0.1, momentum: 0.9 })),
    reference((w, g, s) => {
      s.v = 0.9 * (s.v ?? 0) + g;
      return w - 0.1 * s.v;
    }),
  );
});

test('Nesterov: v ← μv + g; w ← w − lr·(g + μv)', () => {
  close(
    run((p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true })),
    reference((w, g, s) => {
      s.v = 0.9 * (s.v ?? 0) + g;
      return w - 0.1 * (g + 0.9 * s.v);
    }),
  );
});

test('RMSprop: s ← ρs + (1−ρ)g²; w ← w − lr·g/(√s + ε) (defaults lr 1e-3, ρ 0.9, ε 1e-7)', () => {
  close(
    run((p) => new RMSprop(p)),
    reference((w, g, s) => {
      s.s = 0.9 * (s.s ?? 0) + 0.1 * g * g;
      return w - (0.001 * g) / (Math.sqrt(s.s) + 1e-7);
    }),
  );
});

const adamRule =
  (lr: number, l2: number, decoupled: number) =>
  (w: number, g0: number, s: Record<string, number>, t: number) => {
    const g = g0 + l2 * w;
    s.m = 0.9 * (s.m ?? 0) + 0.1 * g;
    s.v = 0.999 * (s.v ?? 0) + 0.001 * g * g;
    const mHat = s.m / (1 - 0.9 ** t);
    const vHat = s.v / (1 - 0.999 ** t);
    return w - lr * (mHat / (Math.sqrt(vHat) + 1e-8) + decoupled * w);
  };

test('Adam: bias-corrected moments (defaults lr 1e-3, β 0.9/0.999, ε 1e-8)', () => {
  close(
    run((p) => new Adam(p)),
    reference(adamRule(0.001, 0, 0)),
  );
  // The first step moves every weight by ≈ lr·sign(g), the classic sanity check.
  const first = run((p) => new Adam(p))[0]!;
  first.forEach((w, j) => assert.ok(Math.abs(Math.abs(w - W0[j]!) - 0.001) < 1e-7));
});

test('Adam with L2 weight decay adds λw to the gradient', () => {
  close(
    run((p) => new Adam(p, { lr: 0.01, weightDecay: 0.1 })),
    reference(adamRule(0.01, 0.1, 0)),
  );
});

test('AdamW: decoupled decay w ← w − lr·(m̂/(√v̂+ε) + λw), default λ 0.01', () => {
  close(
    run((p) => new AdamW(p, { lr: 0.01 })),
    reference(adamRule(0.01, 0, 0.01)),
  );
});

test('clipping by value clamps each component; by global norm rescales all gradients together', () => {
  const a = tensor([0, 0]),
    b = tensor([0]);
  const opt = new SGD([a, b], { lr: 1, clipValue: 0.5 });
  a.gradBuffer().set([2, -0.25]);
  b.gradBuffer().set([-3]);
  opt.step();
  assert.deepEqual(Array.from(a.data), [-0.5, 0.25]);
  assert.deepEqual(Array.from(b.data), [0.5]);
  assert.equal(opt.stats.clipped, true);
  assert.equal(opt.stats.globalGradNorm, Math.hypot(2, -0.25, -3)); // before clipping

  const c = tensor([0, 0]),
    d = tensor([0]);
  const opt2 = new SGD([c, d], { lr: 1, clipNorm: 1 });
  c.gradBuffer().set([3, 0]);
  d.gradBuffer().set([4]);
  opt2.step();
  assertAllClose(c.data, [-0.6, 0], { atol: 1e-15 });
  assertAllClose(d.data, [-0.8], { atol: 1e-15 });
  c.gradBuffer().set([0.3, 0]);
  d.gradBuffer().set([0.4]);
  opt2.step(); // norm 0.5 < 1: untouched
  assertAllClose(c.data, [-0.9, 0], { atol: 1e-15 });
  assert.equal(opt2.stats.clipped, false);
});

test('stats: per-parameter gradient norms, update norms and update/weight ratios of the last step', () => {
  const a = tensor([3, 4]),
    b = tensor([1]);
  const opt = new SGD([a, b], { lr: 0.5 });
  a.gradBuffer().set([2, 0]);
  b.gradBuffer().set([0]);
  opt.step();
  assert.deepEqual(Array.from(opt.stats.gradNorms), [2, 0]);
  assert.deepEqual(Array.from(opt.stats.updateNorms), [1, 0]);
  assert.deepEqual(Array.from(opt.stats.paramNorms), [Math.hypot(2, 4), 1]);
  assert.equal(opt.updateRatio(0), 1 / Math.hypot(2, 4));
  assert.equal(opt.updateRatio(1), 0);
  assert.equal(opt.stats.lr, 0.5);
  assert.equal(opt.stepCount, 1);
});

test('schedules: constant, step and cosine values; an optimizer uses the scheduled rate per step', () => {
  assert.equal(constantLr(0.1)(1000), 0.1);
  const s = stepLr(1, 10, 0.5);
  assert.deepEqual([0, 9, 10, 25].map(s), [1, 1, 0.5, 0.25]);
  const c = cosineLr(1, 100, 0.1);
  assert.equal(c(0), 1);
  assert.ok(Math.abs(c(50) - 0.55) < 1e-15);
  assert.ok(Math.abs(c(100) - 0.1) < 1e-15);
  assert.equal(c(200), c(100));
  assert.equal(makeSchedule({ kind: 'step', lr: 2, stepSize: 1, gamma: 0.5 })(2), 0.5);
  const w = tensor([0]);
  const opt = new SGD([w], { lr: stepLr(1, 1, 0.5) });
  for (let i = 0; i < 3; i++) {
    w.gradBuffer().set([1]);
    opt.step();
  }
  assert.equal(w.data[0], -(1 + 0.5 + 0.25));
});

test('makeOptimizer builds each kind from a plain spec', () => {
  const p = [tensor([1])];
  assert.ok(makeOptimizer(p, { kind: 'sgd' }) instanceof SGD);
  const m = makeOptimizer(p, { kind: 'nesterov', lr: 0.1 }) as SGD;
  assert.equal(m.momentum, 0.9);
  assert.equal(m.nesterov, true);
  assert.ok(makeOptimizer(p, { kind: 'rmsprop' }) instanceof RMSprop);
  assert.ok(makeOptimizer(p, { kind: 'adamw' }) instanceof AdamW);
  const a = makeOptimizer(p, { kind: 'adam', lr: { kind: 'cosine', lr: 0.1, totalSteps: 10 } });
  assert.equal(a.currentLr(), 0.1);
});
