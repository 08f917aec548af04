/**
 * Independent references for the symbolic tests: mathjs's own evaluator (with the ML functions
 * mathjs lacks added), JavaScript itself (new Function), and Richardson-extrapolated central
 * differences. Nothing here uses the engine's evaluator, so a wrong rule cannot hide behind it.
 */
import assert from 'node:assert/strict';
import { type FactoryFunctionMap, all, create } from 'mathjs';
import type { Derivative } from '../../../src/engine/symbolic';

/** A real function of named variables; NaN where undefined. */
export type RealFunction = (point: Record<string, number>) => number;

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const heaviside = (x: number): number => (x > 0 ? 1 : x < 0 ? 0 : NaN);

const mathjs = create(all as FactoryFunctionMap);
mathjs.import(
  {
    sigmoid,
    relu: (x: number) => Math.max(x, 0),
    leaky_relu: (x: number, a = 0.01) => (x > 0 ? x : a * x),
    softplus: (x: number) => Math.log1p(Math.exp(x)),
    heaviside,
    logsumexp: (...a: number[]) => Math.log(a.reduce((s, v) => s + Math.exp(v), 0)),
    erfc: (x: number) => 1 - (mathjs.erf as (x: number) => number)(x),
  },
  { override: false },
);

/** f from mathjs's own parser and evaluator; complex or non-numeric results count as undefined. */
export function mathjsFunction(text: string): RealFunction {
  const compiled = mathjs.compile(text);
  return (point) => {
    try {
      const v: unknown = compiled.evaluate({ ...point });
      return typeof v === 'number' ? v : NaN;
    } catch {
      return NaN;
    }
  };
}

/** f from JavaScript itself; `sigmoid` and `heaviside` are in scope for generated code. */
export function jsFunction(code: string, variables: readonly string[]): RealFunction {
  const f = new Function('sigmoid', 'heaviside', ...variables, `return (${code});`) as (
    ...a: unknown[]
  ) => number;
  return (point) => f(sigmoid, heaviside, ...variables.map((v) => point[v]));
}

/** ∂f/∂v at point by (4·D(h/2) − D(h))/3, D the central difference; NaN if f is undefined nearby. */
export function centralDifference(
  f: RealFunction,
  point: Record<string, number>,
  v: string,
  h = 1e-3,
): number {
  const x = point[v]!;
  const step = h * Math.max(1, Math.abs(x));
  const at = (dx: number): number => f({ ...point, [v]: x + dx });
  const d = (s: number): number => (at(s) - at(-s)) / (2 * s);
  return (4 * d(step / 2) - d(step)) / 3;
}

/** Whether f is defined (finite) on [x − 2h, x + 2h] along v, where the stencil reaches. */
export function definedAround(
  f: RealFunction,
  point: Record<string, number>,
  v: string,
  h = 1e-3,
): boolean {
  const x = point[v]!;
  const step = h * Math.max(1, Math.abs(x));
  return [-1, -0.5, 0, 0.5, 1].every((k) =>
    Number.isFinite(f({ ...point, [v]: x + 2 * k * step })),
  );
}

export function close(a: number, b: number, rtol = 1e-6, atol = 1e-6): boolean {
  return Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b));
}

/** Deterministic points for n variables: varied signs and sizes, away from 0 and ±1. */
export function pointsFor(
  variables: readonly string[],
  values = [0.37, 1.42, -0.63, 2.3, -1.7, 0.81],
): Record<string, number>[] {
  return values.map((x, k) =>
    Object.fromEntries(
      variables.map((v, i) => [v, Math.round((x + 0.29 * i * (k % 2 ? -1 : 1)) * 1000) / 1000]),
    ),
  );
}

/**
 * Asserts that `d` (∂f/∂v, v the last of d.sequence or `by`) matches central differences of `parent` at every
 * point where `parent` is smooth, that at least `minPoints` points were checked, and that the
 * derivative is defined wherever the difference is.
 */
export function assertMatchesDifferences(
  d: Derivative,
  parent: RealFunction,
  points: readonly Record<string, number>[],
  options: { minPoints?: number; rtol?: number; by?: string } = {},
): void {
  const v = options.by ?? d.sequence[d.sequence.length - 1]!;
  let checked = 0;
  for (const p of points) {
    if (!definedAround(parent, p, v)) continue;
    const numeric = centralDifference(parent, p, v);
    const symbolic = d.evaluate(p);
    assert.notEqual(
      symbolic,
      null,
      `d/d${v} ${d.expr} is undefined at ${JSON.stringify(p)} (numeric ${numeric})`,
    );
    assert.ok(
      close(symbolic!, numeric, options.rtol ?? 1e-6, 1e-6),
      `d/d${v} = ${d.expr} at ${JSON.stringify(p)}: symbolic ${symbolic}, central difference ${numeric}`,
    );
    checked++;
  }
  assert.ok(
    checked >= (options.minPoints ?? 2),
    `only ${checked} points were inside the domain of ${d.expr}`,
  );
}

/** The readability promises: no `1 *`, `* 1`, `^ 1`, `+ -`, `- -` in printed text. */
export function assertReadable(text: string): void {
  assert.doesNotMatch(text, /(^|[\s(,*/+-])1 \*/, `"1 *" in ${text}`);
  assert.doesNotMatch(text, /\* 1(?![\w.])/, `"* 1" in ${text}`);
  assert.doesNotMatch(text, /(\^|\*\*) 1(?![\w.])/, `"^ 1" in ${text}`);
  assert.doesNotMatch(text, /\+ -/, `"+ -" in ${text}`);
  assert.doesNotMatch(text, /- -/, `"- -" in ${text}`);
}

/** mathjs's own parse and evaluation of a printed mathjs expression (round trip of `expr`). */
export function mathjsValue(text: string, point: Record<string, number>): number {
  return mathjsFunction(text)(point);
}

/** 32-bit seeded generator (mulberry32), for replayable random points. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
