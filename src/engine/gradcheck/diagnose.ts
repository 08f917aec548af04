/**
 * Explanations of a failed check. First the numeric side: a mismatch that goes away at another
 * eps, or whose one-sided slopes differ, is a kink or round-off, not a bug. Then patterns in what
 * is left: a flipped sign, a constant factor or ratio, a shift by one index, and where it is.
 */
import { passes } from './compare';
import { fmt } from './formatNumber';
import type { ProbeData } from './workerProtocol';
import type { Diagnosis, PointResult, Tolerances } from './types';

export interface DiagnoseInput {
  points: readonly PointResult[];
  /** Per point: f re-evaluated around mismatched components at `probeEps`. */
  probes: readonly ProbeData[];
  probeEps: readonly number[];
  tol: Tolerances;
  /** Every value of f was a float32 (and not all integers). */
  fFloat32: boolean;
  /** f(x) evaluated twice at the same x gave two values: f is not deterministic. */
  unsteady?: { point: number; first: number; second: number };
}

interface Pair {
  p: number;
  i: number;
  a: number;
  n: number;
}

/** Simple factors people get wrong, by name. */
const NAMED_FACTORS: readonly [number, string][] = [
  [2, 'an extra factor 2 (e.g. the derivative of ½·x² is x, not 2x)'],
  [0.5, 'a missing factor 2 (e.g. the derivative of x² is 2x)'],
  [3, 'an extra factor 3'],
  [1 / 3, 'a missing factor 3 (e.g. the derivative of x³ is 3x²)'],
  [4, 'an extra factor 4'],
  [0.25, 'a missing factor 4'],
  [10, 'an extra factor 10'],
  [0.1, 'a missing factor 10'],
];

const list = (ix: readonly number[]) =>
  ix.length > 8 ? `${ix.slice(0, 8).join(', ')}, … (${ix.length} in all)` : ix.join(', ');
const unique = (pairs: readonly Pair[]) =>
  [...new Set(pairs.map((q) => q.i))].sort((x, y) => x - y);
const near = (v: number, c: number, rel: number) => Math.abs(v - c) <= rel * Math.abs(c);

/** The diagnoses of a check's mismatches (none when every point passed). */
export function diagnose(input: DiagnoseInput): Diagnosis[] {
  const pairs: Pair[] = [];
  input.points.forEach((pt, p) => {
    for (const i of pt.mismatches) pairs.push({ p, i, a: pt.analytic[i]!, n: pt.numeric[i]! });
  });
  if (pairs.length === 0) return [];
  const dim = input.points[0]!.analytic.length;
  if (input.unsteady) {
    // Finite differences of a function that changes between calls measure its noise: no pattern
    // in them says anything about the gradient.
    const { point, first, second } = input.unsteady;
    return [
      {
        kind: 'unexplained',
        message:
          `f is not deterministic: at point ${point + 1} it returned ${String(first)} and then ${String(second)} for the same x, so finite differences measure that change, not the slope. ` +
          `Make f depend on x alone (seed its randomness; no Math.random, Date.now, counters or caches between calls) and check again.`,
        indices: unique(pairs),
        notABug: false,
      },
    ];
  }
  const out: Diagnosis[] = [];
  const numericSide = explainNumerically(pairs, input);
  out.push(...numericSide.diagnoses);
  let rest = pairs.filter((q) => !numericSide.explained.has(`${q.p}:${q.i}`));
  const f32 = float32Gradient(rest, input);
  if (f32) {
    out.push(f32);
    rest = [];
  }
  if (rest.length === 0) return out;
  const steady = rest.map((q) => ({ ...q, n: steadierNumeric(q, input) }));
  const pattern = signOrFactor(steady, input.tol, dim) ?? offByOne(rest, input);
  if (pattern) out.push(pattern);
  const where = unique(rest);
  if (dim >= 2 && where.length === 1) {
    out.push({
      kind: 'one-component',
      message: `Only component ${where[0]} is wrong (at every point that failed); the other ${dim - 1} agree. Look at how gradient[${where[0]}] is computed.`,
      indices: where,
      notABug: false,
    });
  } else if (dim >= 3 && where.length <= dim / 2) {
    out.push({
      kind: 'some-components',
      message: `Components ${list(where)} are wrong; the other ${dim - where.length} agree.`,
      indices: where,
      notABug: false,
    });
  } else if (!pattern) {
    out.push({
      kind: 'unexplained',
      message: `The gradient disagrees at ${where.length} of ${dim} components with no simple pattern (not a sign, a factor, a shift or a kink).`,
      indices: where,
      notABug: false,
    });
  }
  return out;
}

/** Kinks and round-off: mismatches whose finite differences depend on eps. */
function explainNumerically(
  pairs: readonly Pair[],
  input: DiagnoseInput,
): { diagnoses: Diagnosis[]; explained: Set<string> } {
  const explained = new Set<string>();
  const kinks: { i: number; left: number; right: number }[] = [];
  const smaller: { i: number; eps: number }[] = [];
  const larger: { i: number; eps: number }[] = [];
  const unresolved: { i: number; f: number }[] = [];
  const tight: { i: number; bound: number }[] = [];
  const checkEps = input.tol.eps;
  for (const q of pairs) {
    const probe = input.probes[q.p];
    const k = probe ? probe.indices.indexOf(q.i) : -1;
    if (!probe || k < 0) continue;
    const fx = input.points[q.p]!.value;
    const steps = input.probeEps.map((h, e) => {
      const fp = probe.plus[e]![k]!;
      const fm = probe.minus[e]![k]!;
      return { h, central: (fp - fm) / (2 * h), right: (fp - fx) / h, left: (fx - fm) / h };
    });
    const small = steps.filter((s) => s.h <= 1e-4 && s.h >= 1e-7 && Number.isFinite(s.central));
    const gap = (s: (typeof steps)[number]) => Math.abs(s.right - s.left);
    const tolOf = (s: (typeof steps)[number]) =>
      input.tol.atol + input.tol.rtol * Math.max(Math.abs(s.left), Math.abs(s.right));
    const atKink =
      small.length >= 2 &&
      small.every((s) => gap(s) > 10 * tolOf(s)) &&
      gap(small[small.length - 1]!) >= 0.5 * gap(small[0]!) && // a jump, not curvature (which shrinks with h)
      small.some(
        (s) =>
          q.a >= Math.min(s.left, s.right) - tolOf(s) &&
          q.a <= Math.max(s.left, s.right) + tolOf(s),
      );
    if (atKink) {
      const s = small[small.length - 1]!;
      kinks.push({ i: q.i, left: s.left, right: s.right });
      explained.add(`${q.p}:${q.i}`);
      continue;
    }
    const agree = steps.filter((s) => passes(q.a, s.central, input.tol)).map((s) => s.h);
    const below = agree.filter((h) => h < checkEps);
    const above = agree.filter((h) => h > checkEps);
    if (below.length > 0) {
      smaller.push({ i: q.i, eps: Math.max(...below) });
      explained.add(`${q.p}:${q.i}`);
    } else if (above.length > 0) {
      larger.push({ i: q.i, eps: Math.min(...above) });
      explained.add(`${q.p}:${q.i}`);
    } else if (
      Math.abs(q.a - q.n) <= roundOff(fx, checkEps) &&
      steps.every(
        (s) =>
          s.h < checkEps ||
          !Number.isFinite(s.central) ||
          Math.abs(q.a - s.central) <= roundOff(fx, s.h) + tolOf(s),
      )
    ) {
      // Within the round-off of central differences (a few of f's rounding steps over 2·eps) at
      // the check's step and at every larger one, where round-off is smaller: no step shows a
      // disagreement. Either x[i] moves f by less than f can show (e^100 + x: the x is lost), or
      // the tolerances ask for more than any finite difference can give.
      if (2 * checkEps * Math.abs(q.a) < 4 * Math.abs(fx) * EPSILON)
        unresolved.push({ i: q.i, f: fx });
      else tight.push({ i: q.i, bound: roundOff(fx, checkEps) });
      explained.add(`${q.p}:${q.i}`);
    }
  }
  const diagnoses: Diagnosis[] = [];
  if (kinks.length > 0) {
    const ix = [...new Set(kinks.map((k) => k.i))].sort((x, y) => x - y);
    const k0 = kinks[0]!;
    diagnoses.push({
      kind: 'kink',
      message:
        `x is at a kink of the function along component${ix.length > 1 ? 's' : ''} ${list(ix)}: the slope on the left is ${fmt(k0.left)} and on the right ${fmt(k0.right)}, ` +
        `so the derivative does not exist there and central differences return their average. Any value between them is a valid subgradient: not a bug. Check at another point.`,
      indices: ix,
      notABug: true,
    });
  }
  if (smaller.length > 0) {
    const ix = [...new Set(smaller.map((k) => k.i))].sort((x, y) => x - y);
    const eps = Math.max(...smaller.map((k) => k.eps));
    diagnoses.push({
      kind: 'kink',
      message:
        `At component${ix.length > 1 ? 's' : ''} ${list(ix)} the disagreement changes with eps: with eps = ${fmt(eps)} the gradient agrees. ` +
        (checkEps >= 1e-3
          ? `eps = ${fmt(checkEps)} is too large a step: the truncation error of central differences (which grows as eps² times f's third derivative) exceeds the tolerance. Not a bug in the gradient; use a smaller eps.`
          : `x lies within eps of a kink (a non-differentiable point) or where f curves sharply, so the finite difference at eps = ${fmt(checkEps)} is off: not a bug in the gradient.`),
      indices: ix,
      notABug: true,
      agreeingEps: eps,
    });
  }
  if (larger.length > 0) {
    const ix = [...new Set(larger.map((k) => k.i))].sort((x, y) => x - y);
    const eps = Math.min(...larger.map((k) => k.eps));
    const fMax = Math.max(...input.points.map((p) => Math.abs(p.value)));
    diagnoses.push(
      input.fFloat32
        ? {
            kind: 'float32',
            message:
              `f computes in single precision (float32): each finite difference at eps = ${fmt(checkEps)} loses about |f|·6e-8/eps ≈ ${fmt((fMax * 6e-8) / checkEps)}. ` +
              `With eps = ${fmt(eps)} the gradient agrees. Compute f in float64 (number, Float64Array) or use a larger eps.`,
            indices: ix,
            notABug: true,
            agreeingEps: eps,
          }
        : {
            kind: 'round-off',
            message: `At component${ix.length > 1 ? 's' : ''} ${list(ix)} the gradient agrees with a larger step (eps = ${fmt(eps)}): round-off in f (|f| ≈ ${fmt(fMax)}) swamps the difference at eps = ${fmt(checkEps)}. Not a bug; use a larger eps.`,
            indices: ix,
            notABug: true,
            agreeingEps: eps,
          },
    );
  }
  if (tight.length > 0) {
    const ix = [...new Set(tight.map((k) => k.i))].sort((x, y) => x - y);
    const bound = Math.max(...tight.map((k) => k.bound));
    diagnoses.push({
      kind: 'round-off',
      message:
        `At component${ix.length > 1 ? 's' : ''} ${list(ix)} the gradient agrees to within the round-off of central differences (≈ ${fmt(bound)} at eps = ${fmt(checkEps)}), ` +
        `but atol = ${fmt(input.tol.atol)} and rtol = ${fmt(input.tol.rtol)} ask for more than any finite difference can give. Not a bug; loosen atol or rtol.`,
      indices: ix,
      notABug: true,
    });
  }
  if (unresolved.length > 0) {
    const ix = [...new Set(unresolved.map((k) => k.i))].sort((x, y) => x - y);
    const fMax = Math.max(...unresolved.map((k) => Math.abs(k.f)));
    diagnoses.push({
      kind: 'round-off',
      message:
        `Component${ix.length > 1 ? 's' : ''} ${list(ix)} cannot be checked by finite differences here: f ≈ ${fmt(fMax)} is so large that its rounding step (≈ ${fmt(fMax * EPSILON)}) ` +
        `hides what a step of eps in x[i] changes, at every eps tried. Not evidence of a bug; check at a point where f is smaller, or check f minus its large constant part.`,
      indices: ix,
      notABug: true,
    });
  }
  return { diagnoses, explained };
}

const EPSILON = Number.EPSILON;

/** The round-off of a central difference with step h of f near fx: a few rounding steps of f over 2h. */
const roundOff = (fx: number, h: number) => (8 * Math.abs(fx) * EPSILON) / h;

/**
 * The numeric slope to look for patterns in: the check's own, unless round-off makes it
 * unreliable (f ≈ 1e10 at eps = 1e-6 leaves only 2–3 digits); then the probe's central
 * difference where successive steps agree best, i.e. past round-off and before truncation.
 */
function steadierNumeric(q: Pair, input: DiagnoseInput): number {
  const fx = input.points[q.p]!.value;
  const probe = input.probes[q.p];
  const k = probe ? probe.indices.indexOf(q.i) : -1;
  const noise = roundOff(fx, input.tol.eps);
  if (!probe || k < 0 || noise <= input.tol.atol + input.tol.rtol * Math.abs(q.n)) return q.n;
  const central = input.probeEps.map(
    (h, e) => (probe.plus[e]![k]! - probe.minus[e]![k]!) / (2 * h),
  );
  let best = q.n;
  let spread = Infinity;
  // Two steps that agree, counting the round-off of the smaller as disagreement (two noisy values
  // can agree by chance), and the larger of them: truncation is bounded by the agreement.
  for (let e = 0; e + 1 < central.length; e++) {
    const d = Math.abs(central[e]! - central[e + 1]!) + roundOff(fx, input.probeEps[e + 1]!);
    if (Number.isFinite(d) && d < spread) {
      spread = d;
      best = central[e]!;
    }
  }
  return best;
}

/** An analytic gradient computed in float32 (Float32Array, Math.fround): small relative errors. */
function float32Gradient(rest: readonly Pair[], input: DiagnoseInput): Diagnosis | undefined {
  if (rest.length === 0) return undefined;
  const all = input.points.flatMap((p) => p.analytic);
  const singles = all.every((v) => Math.fround(v) === v) && all.some((v) => !Number.isInteger(v));
  const worst = Math.max(...rest.map((q) => Math.abs(q.a - q.n) / Math.max(Math.abs(q.n), 1e-300)));
  if (!singles || !(worst <= 1e-2)) return undefined;
  return {
    kind: 'float32',
    message:
      `Every analytic value is a float32 number and the errors (at most ${fmt(worst)} relative) are the size of single-precision round-off: ` +
      `the gradient is computed in float32 (Float32Array, Math.fround). The math is probably right; compute it in float64 or loosen rtol.`,
    indices: unique(rest),
    notABug: true,
  };
}

/** A flipped sign, or a constant factor or ratio between analytic and numeric. */
function signOrFactor(rest: readonly Pair[], tol: Tolerances, dim: number): Diagnosis | undefined {
  const significant = rest.filter(
    (q) => Math.abs(q.n) > 10 * (tol.atol + tol.rtol * Math.abs(q.n)) || Math.abs(q.n) > 1e-3,
  );
  if (significant.length === 0) return undefined;
  const ratios = significant.map((q) => q.a / q.n);
  const sorted = [...ratios].sort((x, y) => x - y);
  const r = sorted[sorted.length >> 1]!;
  // Components too small for a ratio of their own (|numeric| near atol) must fit the same one.
  const constant =
    ratios.every((v) => near(v, r, 1e-3)) &&
    rest.every((q) => significant.includes(q) || passes(q.a, r * q.n, tol));
  const ix = unique(rest);
  if (constant && near(r, -1, 1e-3)) {
    return {
      kind: 'sign',
      message:
        (ix.length === dim && dim > 1
          ? 'The whole gradient has the wrong sign'
          : `Component${ix.length > 1 ? 's' : ''} ${list(ix)} ha${ix.length > 1 ? 've' : 's'} the wrong sign`) +
        ` (analytic ≈ −numeric): a flipped sign, e.g. (y − ŷ) where (ŷ − y) belongs, or a descent step returned instead of the gradient.`,
      indices: ix,
      notABug: false,
      factor: -1,
    };
  }
  if (!constant || rest.length < 2) return undefined;
  const named = NAMED_FACTORS.find(([c]) => near(Math.abs(r), c, 1e-3));
  const sign = r < 0 ? ' with a flipped sign' : '';
  if (named || (dim > 1 && (near(Math.abs(r), dim, 1e-3) || near(Math.abs(r), 1 / dim, 1e-3)))) {
    const why = named
      ? named[1]
      : `a factor n = ${dim}: a sum where the function takes a mean, or the other way round`;
    return {
      kind: 'factor',
      message: `The analytic gradient is ${fmt(r)}× the numeric one at every failing component (${list(ix)}): ${why}${sign}.`,
      indices: ix,
      notABug: false,
      factor: r,
    };
  }
  return {
    kind: 'ratio',
    message: `The analytic gradient is ${fmt(r)}× the numeric one at every failing component (${list(ix)}): a constant ratio, so a scale factor is off (a normalisation, a temperature, a step size)${sign}.`,
    indices: ix,
    notABug: false,
    factor: r,
  };
}

/** analytic[i] ≈ numeric[i ± 1]: the gradient written one index off. */
function offByOne(rest: readonly Pair[], input: DiagnoseInput): Diagnosis | undefined {
  for (const shift of [1, -1]) {
    let matched = 0;
    let unmatched = 0;
    for (const q of rest) {
      const numeric = input.points[q.p]!.numeric;
      const j = q.i + shift;
      if (j < 0 || j >= numeric.length) continue; // the end that has no neighbour
      if (passes(q.a, numeric[j]!, input.tol)) matched++;
      else unmatched++;
    }
    if (matched >= 2 && unmatched === 0) {
      const ix = unique(rest);
      return {
        kind: 'off-by-one',
        message: `analytic[i] matches numeric[i ${shift > 0 ? '+' : '−'} 1] at the failing components (${list(ix)}): the gradient is shifted by one index (an off-by-one in a loop bound or an index).`,
        indices: ix,
        notABug: false,
        shift,
      };
    }
  }
  return undefined;
}
