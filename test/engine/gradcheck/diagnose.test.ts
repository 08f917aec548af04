/**
 * Each diagnosis on hand-built data (no worker): a gradient with a known defect, the numeric side
 * computed from a closed form, and probes from the same closed form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePoint, passes, sortedRows } from '../../../src/engine/gradcheck/compare';
import { diagnose } from '../../../src/engine/gradcheck/diagnose';
import { DEFAULT_TOLERANCES, type PointResult } from '../../../src/engine/gradcheck/types';
import type { ProbeData } from '../../../src/engine/gradcheck/workerProtocol';
import { PROBE_EPS } from '../../../src/engine/gradcheck/runGradcheck';

const tol = DEFAULT_TOLERANCES;
const noProbe: ProbeData = { indices: [], plus: [], minus: [] };

/** f(x) = Σ c_i x_i² / 2 with c_i = i + 1: gradient c_i x_i. */
const x = [0.5, -1.5, 2, 0.75, -0.25, 1.25];
const truth = x.map((v, i) => (i + 1) * v);

function point(analytic: number[], numeric: number[] = truth, value = 1): PointResult {
  return comparePoint(x.slice(0, numeric.length), false, value, analytic, numeric, tol);
}

function kinds(
  points: PointResult[],
  probes: ProbeData[] = points.map(() => noProbe),
  fFloat32 = false,
) {
  const d = diagnose({ points, probes, probeEps: PROBE_EPS, tol, fFloat32 });
  return d.map((k) => ({
    kind: k.kind,
    indices: k.indices,
    factor: k.factor,
    shift: k.shift,
    notABug: k.notABug,
  }));
}

test('diagnose: nothing to say when every component passes', () => {
  assert.deepEqual(kinds([point(truth)]), []);
});

test('diagnose: a flipped sign of the whole gradient', () => {
  assert.deepEqual(kinds([point(truth.map((v) => -v))]), [
    { kind: 'sign', indices: [0, 1, 2, 3, 4, 5], factor: -1, shift: undefined, notABug: false },
  ]);
});

test('diagnose: a factor 2 and a factor 1/2 are named; 1.37 is a plain ratio; n = dimension is a mean vs a sum', () => {
  const [two] = kinds([point(truth.map((v) => 2 * v))]);
  assert.equal(two?.kind, 'factor');
  assert.ok(Math.abs(two.factor! - 2) < 1e-12);
  assert.equal(kinds([point(truth.map((v) => 0.5 * v))])[0]?.kind, 'factor');
  const [odd] = kinds([point(truth.map((v) => 1.37 * v))]);
  assert.equal(odd?.kind, 'ratio');
  assert.ok(Math.abs(odd.factor! - 1.37) < 1e-12);
  const [mean] = kinds([point(truth.map((v) => 6 * v))]);
  assert.equal(mean?.kind, 'factor');
  assert.match(
    diagnose({
      points: [point(truth.map((v) => 6 * v))],
      probes: [noProbe],
      probeEps: PROBE_EPS,
      tol,
      fFloat32: false,
    })[0]!.message,
    /n = 6/,
  );
  const [negative] = kinds([point(truth.map((v) => -2 * v))]);
  assert.equal(negative?.kind, 'factor');
  assert.equal(negative.factor! < 0, true);
});

test('diagnose: a ratio that is not constant across components is no factor', () => {
  const skewed = truth.map((v, i) => v * (1 + 0.1 * i));
  const d = kinds([point(skewed)]);
  assert.ok(!d.some((k) => k.kind === 'factor' || k.kind === 'ratio' || k.kind === 'sign'));
  assert.equal(d.at(-1)?.kind, 'unexplained');
});

test('diagnose: one wrong component, then several', () => {
  const one = truth.slice();
  one[3] = 42;
  assert.deepEqual(
    kinds([point(one)]).map((k) => [k.kind, k.indices]),
    [['one-component', [3]]],
  );
  const two = truth.slice();
  two[1] = 7;
  two[4] = -9;
  assert.deepEqual(
    kinds([point(two)]).map((k) => [k.kind, k.indices]),
    [['some-components', [1, 4]]],
  );
});

test('diagnose: analytic[i] = numeric[i + 1] is an off-by-one; the other direction too', () => {
  const late = truth.map((_, i) => truth[i + 1] ?? 0);
  assert.deepEqual(
    kinds([point(late)]).map((k) => [k.kind, k.shift]),
    [['off-by-one', 1]],
  );
  const early = truth.map((_, i) => truth[i - 1] ?? 0);
  assert.deepEqual(
    kinds([point(early)]).map((k) => [k.kind, k.shift]),
    [['off-by-one', -1]],
  );
});

/** Probes of f around x_k from a closed form f1 of that one coordinate (others fixed). */
function probeOf(indices: number[], f1: (i: number, v: number) => number): ProbeData {
  return {
    indices,
    plus: PROBE_EPS.map((h) => indices.map((i) => f1(i, x[i]! + h))),
    minus: PROBE_EPS.map((h) => indices.map((i) => f1(i, x[i]! - h))),
  };
}

test('diagnose: a kink at x (one-sided slopes differ) is not a bug', () => {
  // f(v) = max(0, v − x0) along component 0: at v = x0 the left slope is 0, the right slope 1.
  const f1 = (_i: number, v: number) => Math.max(0, v - x[0]!);
  const analytic = truth.slice();
  analytic[0] = 0;
  const numeric = truth.slice();
  numeric[0] = 0.5; // what central differences return at the kink
  const p = comparePoint(x, false, 0, analytic, numeric, tol);
  const d = diagnose({
    points: [p],
    probes: [probeOf([0], f1)],
    probeEps: PROBE_EPS,
    tol,
    fFloat32: false,
  });
  assert.deepEqual(
    d.map((k) => [k.kind, k.indices, k.notABug]),
    [['kink', [0], true]],
  );
  assert.match(d[0]!.message, /left is 0 and on the right 1/);
});

test('diagnose: a mismatch that disappears at a smaller eps is a nearby kink, at a larger eps round-off', () => {
  // A kink at distance 3e-7: steps below it see slope 1; the check's 1e-6 straddles it.
  const d0 = 3e-7;
  const f1 = (_i: number, v: number) => Math.abs(v - x[0]! + d0);
  const numeric = truth.slice();
  numeric[0] = (f1(0, x[0]! + 1e-6) - f1(0, x[0]! - 1e-6)) / 2e-6;
  const analytic = truth.slice();
  analytic[0] = 1;
  const p = comparePoint(x, false, f1(0, x[0]!), analytic, numeric, tol);
  const near = diagnose({
    points: [p],
    probes: [probeOf([0], f1)],
    probeEps: PROBE_EPS,
    tol,
    fFloat32: false,
  });
  assert.deepEqual(
    near.map((k) => [k.kind, k.agreeingEps]),
    [['kink', 1e-7]],
  );
  // Round-off: f = 1e9 + v² along component 2, analytic 2·x2 exact; 1e-6 is too small a step.
  const g1 = (_i: number, v: number) => 1e9 + v * v;
  const fx = g1(2, x[2]!);
  const num2 = truth.slice();
  num2[2] = (g1(2, x[2]! + 1e-6) - g1(2, x[2]! - 1e-6)) / 2e-6;
  const an2 = truth.slice();
  an2[2] = 2 * x[2]!;
  assert.equal(passes(an2[2], num2[2], tol), false); // |f|·2⁻⁵² / 1e-6 ≈ 0.06 swamps the tolerance
  const q = comparePoint(x, false, fx, an2, num2, tol);
  const roundOff = diagnose({
    points: [q],
    probes: [probeOf([2], g1)],
    probeEps: PROBE_EPS,
    tol,
    fFloat32: false,
  });
  assert.equal(roundOff[0]?.kind, 'round-off');
  assert.ok(roundOff[0]!.agreeingEps! > tol.eps);
  const f32 = diagnose({
    points: [q],
    probes: [probeOf([2], g1)],
    probeEps: PROBE_EPS,
    tol,
    fFloat32: true,
  });
  assert.equal(f32[0]?.kind, 'float32');
});

test('diagnose: a gradient of float32 values with single-precision-size errors', () => {
  const analytic = truth.map((v) => Math.fround(v * (1 + 3e-3)));
  const d = kinds([point(analytic)]);
  assert.equal(d[0]?.kind, 'float32');
  // The same errors in float64 values are a ratio, not round-off.
  assert.equal(kinds([point(truth.map((v) => v * (1 + 3e-3)))])[0]?.kind, 'ratio');
});

test('pass rule and report rows: torch rule at the boundary, NaN fails, rows worst first', () => {
  assert.equal(passes(1 + 1e-5 + 1e-3, 1, tol), true);
  assert.equal(passes(1 + 1.0001e-5 + 1e-3, 1, tol), false);
  assert.equal(passes(NaN, 1, tol), false);
  const a = point(truth.map((v, i) => (i === 2 ? v + 1 : i === 4 ? v + 0.01 : v)));
  const b = point(truth.map((v, i) => (i === 5 ? NaN : v)));
  const rows = sortedRows({ points: [a, b], tolerances: { ...tol } });
  assert.equal(rows.length, 12);
  assert.deepEqual(
    rows.slice(0, 3).map((r) => [r.point, r.index, r.ok]),
    [
      [1, 5, false],
      [0, 2, false],
      [0, 4, false],
    ],
  );
  assert.ok(rows.slice(3).every((r) => r.ok));
  for (let k = 1; k < rows.length; k++) assert.ok(rows[k - 1]!.violation >= rows[k]!.violation);
  assert.deepEqual(
    sortedRows({ points: [a], tolerances: { ...tol } }, 2).map((r) => r.index),
    [2, 4],
  );
});
