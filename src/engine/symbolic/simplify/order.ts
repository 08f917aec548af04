/**
 * Orders and measures for the canonical form: a total order on expressions that depends on
 * structure only (so output is stable and follows the user's variable order), polynomial degree,
 * printed weight, and the integer content of a sum.
 */
import * as Q from '../rational';
import type { AddE, Expr, FnE, MulE, NumE, PowE, SymE } from './algebra';

const CONSTANT_SYMBOLS = new Set(['pi', 'e']);

/** The largest integer dividing every coefficient of an integer-coefficient sum (1 if none). */
export function integerContent(sum: AddE): number {
  let g = 0;
  for (const t of sum.terms) {
    const c = t.kind === 'num' ? t.q : t.kind === 'mul' ? t.coef : Q.ONE;
    if (!Q.isInteger(c)) return 1;
    let a = Math.abs(c.n);
    let b = g;
    while (b) [a, b] = [b, a % b];
    g = a;
    if (g === 1) return 1;
  }
  return g;
}

/** Whether a term is a product with a sum (or the square of one) among its factors. */
export const hasSumFactor = (t: Expr): boolean =>
  t.kind === 'mul' &&
  t.factors.some((f) => f.kind === 'add' || (f.kind === 'pow' && f.base.kind === 'add'));

const weights = new WeakMap<Expr, number>();

/** Size of an expression as printed (nodes of its tree), to choose between equal forms. */
export function weight(e: Expr): number {
  let w = weights.get(e);
  if (w === undefined) weights.set(e, (w = weightOf(e)));
  return w;
}

function weightOf(e: Expr): number {
  switch (e.kind) {
    case 'num':
      return Q.isExact(e.q) && e.q.d !== 1 ? 3 : 1;
    case 'sym':
      return 1;
    case 'fn':
      return 1 + e.args.reduce((s, a) => s + weight(a), 0);
    case 'pow':
      return 1 + weight(e.base) + weight(e.exp);
    case 'mul':
      return e.factors.reduce((s, f) => s + weight(f) + 1, Q.isOne(e.coef) ? -1 : 1);
    case 'add':
      return e.terms.reduce((s, t) => s + weight(t) + 1, -1);
  }
}

const RANK: Record<Expr['kind'], number> = { num: 0, sym: 1, fn: 2, pow: 3, mul: 4, add: 5 };

/** A total order that depends on structure only (not on ids), so output is stable. */
export type Rank = ReadonlyMap<string, number>;

export function compare(a: Expr, b: Expr, rank: Rank): number {
  if (a === b) return 0;
  if (a.kind !== b.kind) return RANK[a.kind] - RANK[b.kind];
  switch (a.kind) {
    case 'num':
      return Q.toNumber(a.q) - Q.toNumber((b as NumE).q) || a.id - b.id;
    case 'sym': {
      const bn = (b as SymE).name;
      const ca = CONSTANT_SYMBOLS.has(a.name) ? -1 : (rank.get(a.name) ?? Infinity);
      const cb = CONSTANT_SYMBOLS.has(bn) ? -1 : (rank.get(bn) ?? Infinity);
      return (ca === cb ? 0 : ca < cb ? -1 : 1) || (a.name < bn ? -1 : a.name > bn ? 1 : 0);
    }
    case 'fn': {
      const f = b as FnE;
      if (a.name !== f.name) return a.name < f.name ? -1 : 1;
      return compareLists(a.args, f.args, rank);
    }
    case 'pow': {
      const p = b as PowE;
      return compare(a.base, p.base, rank) || compare(a.exp, p.exp, rank);
    }
    case 'mul': {
      const m = b as MulE;
      return (
        compareLists(a.factors, m.factors, rank) ||
        Q.toNumber(a.coef) - Q.toNumber(m.coef) ||
        a.id - b.id
      );
    }
    case 'add':
      return compareLists(a.terms, (b as AddE).terms, rank);
  }
}

function compareLists(a: readonly Expr[], b: readonly Expr[], rank: Rank): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compare(a[i]!, b[i]!, rank);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

const baseOf = (e: Expr): Expr => (e.kind === 'pow' ? e.base : e);

/** Factors: constants (π) first, then variables, functions, powers of sums, in that order. */
export function compareFactors(a: Expr, b: Expr, rank: Rank): number {
  return compare(baseOf(a), baseOf(b), rank) || compare(a, b, rank);
}

/** Polynomial degree in the variables, for ordering terms (x² before x before 1). */
export function degree(e: Expr): number {
  switch (e.kind) {
    case 'sym':
      return CONSTANT_SYMBOLS.has(e.name) ? 0 : 1;
    case 'pow':
      return e.exp.kind === 'num' && e.base.kind === 'sym'
        ? degree(e.base) * Q.toNumber(e.exp.q)
        : 0;
    case 'mul':
      return e.factors.reduce((s, f) => s + degree(f), 0);
    default:
      return 0;
  }
}

/** Terms: higher degree first, then by structure. */
export function compareTerms(a: Expr, b: Expr, rank: Rank): number {
  const ma = a.kind === 'mul' ? a.factors : [a];
  const mb = b.kind === 'mul' ? b.factors : [b];
  return degree(b) - degree(a) || compareLists(ma, mb, rank) || compare(a, b, rank);
}
