/**
 * Between the core tree and the canonical form: `toAlgebra` reads a tree into an Algebra, and
 * `toPresentation` writes canonical form back as a tree people read: subtraction instead of
 * "+ −", division instead of negative powers, √ instead of ^(1/2), coefficients as fractions
 * (x / 3) or short decimals (0.01 · x), a positive term first, and a common non-polynomial factor
 * pulled out of a sum (eˣ + x·eˣ → eˣ·(x + 1)).
 */
import { GradLabError } from '../../errors';
import {
  makeCall,
  makeConstant,
  makeOp,
  makeSymbol,
  type Node,
  isConstant,
  isFunction,
  isOperator,
  isSymbol,
} from '../nodes';
import * as Q from '../rational';
import type { Rational } from '../rational';
import type { AddE, Algebra, Expr } from './algebra';
import { degree } from './order';

export function toAlgebra(node: Node, A: Algebra): Expr {
  const memo = new Map<Node, Expr>();
  const go = (n: Node): Expr => {
    const hit = memo.get(n);
    if (hit) return hit;
    let out: Expr;
    if (isConstant(n)) out = A.num(Q.fromNumber(n.value));
    else if (isSymbol(n)) out = A.sym(n.name);
    else if (isFunction(n)) out = A.fn(n.fn.name, n.args.map(go));
    else if (isOperator(n)) {
      const [a, b] = n.args.map(go);
      switch (n.fn) {
        case 'add':
          out = A.add(n.args.map(go));
          break;
        case 'subtract':
          out = A.add([a!, A.negate(b!)]);
          break;
        case 'unaryMinus':
          out = A.negate(a!);
          break;
        case 'multiply':
          out = A.mul(n.args.map(go));
          break;
        case 'divide':
          out = A.mul([a!, A.pow(b!, A.minusOne)]);
          break;
        case 'pow':
          out = A.pow(a!, b!);
          break;
        default:
          throw new GradLabError('internal', `Operator ${n.fn} in a core tree.`);
      }
    } else throw new GradLabError('internal', `Unexpected ${n.type} in a core tree.`);
    memo.set(n, out);
    return out;
  };
  return go(node);
}

/** Whether a coefficient prints as a decimal (0.01) rather than a fraction (1/3). */
function isDecimal(q: Rational): boolean {
  if (!Q.isExact(q)) return true;
  if (q.d === 1) return true;
  if (q.d % 10 !== 0) return false;
  let d = q.d;
  while (d % 10 === 0) d /= 10;
  while (d % 2 === 0) d /= 2;
  while (d % 5 === 0) d /= 5;
  return d === 1;
}

function numberNode(q: Rational, standalone: boolean): Node {
  const v = Q.toNumber(q);
  if (isDecimal(q) || (standalone && isTerminating(q) && String(v).length <= 8))
    return makeConstant(v);
  const frac = makeOp('divide', [makeConstant(Math.abs(q.n)), makeConstant(q.d)]);
  return q.n < 0 ? makeOp('unaryMinus', [frac]) : frac;
}

function isTerminating(q: Rational): boolean {
  let d = q.d;
  while (d % 2 === 0) d /= 2;
  while (d % 5 === 0) d /= 5;
  return d === 1;
}

const chain = (fn: 'add' | 'multiply', nodes: Node[]): Node =>
  nodes.reduce((acc, n) => makeOp(fn, [acc, n]));

export function toPresentation(e: Expr, A: Algebra): Node {
  const memo = new Map<Expr, Node>();
  const go = (x: Expr): Node => {
    const hit = memo.get(x);
    if (hit) return hit;
    const out = present(x);
    memo.set(x, out);
    return out;
  };

  const powerNode = (base: Expr, exp: Expr): Node => {
    if (exp.kind === 'num') {
      const q = exp.q;
      if (Q.isOne(q)) return go(base);
      if (Q.isNegative(q))
        return makeOp('divide', [makeConstant(1), powerNode(base, A.num(Q.neg(q)))]);
      if (Q.isExact(q) && q.n === 1 && q.d === 2) return makeCall('sqrt', [go(base)]);
    }
    return makeOp('pow', [go(base), go(exp)]);
  };

  const productNode = (coef: Rational, original: readonly Expr[]): Node => {
    // A sum among the factors gives its common factor to the product: eˣ·(a·c + b·c) → eˣ·c·(a + b).
    let factors = original;
    for (let round = 0; round < 4; round++) {
      const split = factors.map((f) => (f.kind === 'add' ? factorOut(f.terms, A) : undefined));
      // Else a power shared by a sum's terms meets the same base below the line: the quotient
      // rule's (u′v − uv′)/v² with v = wᵏ, whose numerator holds wᵏ⁻¹ in every term.
      const cancelled = split.every((x) => x === undefined) ? cancelPower(factors, A) : undefined;
      if (split.every((x) => x === undefined) && !cancelled) break;
      const merged = A.mul([
        A.num(coef),
        ...(cancelled ??
          factors.flatMap((f, i) => (split[i] ? [split[i].common, split[i].rest] : [f]))),
      ]);
      if (merged.kind !== 'mul') return go(merged);
      coef = merged.coef;
      factors = merged.factors;
    }
    // −2·(1 − 3x²) reads better as 2·(3x² − 1): a negative coefficient and a sum whose leading
    // (highest-order) term is negative trade signs.
    const sums = factors.filter((f) => f.kind === 'add');
    const leading = (sum: AddE): Expr =>
      sum.terms.reduce((best, t) => (degree(t) > degree(best) ? t : best));
    if (Q.isNegative(coef) && sums.length === 1 && A.isNegative(leading(sums[0] as AddE))) {
      const flipped = A.negate(sums[0]!);
      if (flipped.kind === 'add') {
        coef = Q.neg(coef);
        factors = factors.map((f) => (f === sums[0] ? flipped : f));
      }
    }
    const numer: Node[] = [];
    const denom: Node[] = [];
    for (const f of factors) {
      if (f.kind === 'pow' && f.exp.kind === 'num' && Q.isNegative(f.exp.q)) {
        denom.push(powerNode(f.base, A.num(Q.neg(f.exp.q))));
      } else numer.push(go(f));
    }
    const c = Q.abs(coef);
    if (isDecimal(c)) {
      if (!Q.isOne(c) || numer.length === 0) numer.unshift(makeConstant(Q.toNumber(c)));
    } else {
      if (c.n !== 1 || numer.length === 0) numer.unshift(makeConstant(c.n));
      denom.unshift(makeConstant(c.d));
    }
    let out = chain('multiply', numer);
    if (denom.length > 0) out = makeOp('divide', [out, chain('multiply', denom)]);
    if (!Q.isNegative(coef)) return out;
    // −2·x reads better as a negative leading constant than as −(2·x); −1/x² as −(1/x²).
    if (isConstant(numer[0]!) && denom.length === 0) return negateLeading(out);
    return makeOp('unaryMinus', [out]);
  };

  const sumNode = (terms: readonly Expr[]): Node => {
    const factored = factorOut(terms, A);
    if (factored) return go(A.mul([factored.common, factored.rest]));
    // Terms over powers of one sum take a common denominator: a/√u − b/u^1.5 = (a·u − b)/u^1.5.
    const power = commonPower(terms, A);
    if (power && Q.isNegative(power.least)) {
      const product = A.mul([power.common, power.rest]);
      if (product.kind !== 'add') return go(product);
    }
    const first = terms.findIndex((t) => !A.isNegative(t));
    const ordered = first > 0 ? [terms[first]!, ...terms.filter((_, i) => i !== first)] : terms;
    let out = go(ordered[0]!);
    for (const t of ordered.slice(1)) {
      out = A.isNegative(t)
        ? makeOp('subtract', [out, go(A.negate(t))])
        : makeOp('add', [out, go(t)]);
    }
    return out;
  };

  const present = (x: Expr): Node => {
    switch (x.kind) {
      case 'num':
        return numberNode(x.q, true);
      case 'sym':
        return makeSymbol(x.name);
      case 'fn':
        return makeCall(x.name, x.args.map(go));
      case 'pow':
        return powerNode(x.base, x.exp);
      case 'mul':
        return productNode(x.coef, x.factors);
      case 'add':
        return sumNode(x.terms);
    }
  };
  return go(e);
}

/** The same tree with its leading constant negated: 2·x/3 → −2·x/3. */
function negateLeading(n: Node): Node {
  if (isConstant(n)) return makeConstant(-n.value);
  if (isOperator(n) && (n.fn === 'multiply' || n.fn === 'divide')) {
    const [a, b] = n.args;
    return makeOp(n.fn, [negateLeading(a!), b!]);
  }
  return makeOp('unaryMinus', [n]);
}

/** The exponent of `base` in term t when it is a number: t = base, baseᵉ, or c·…·baseᵉ·…. */
function exponentOf(t: Expr, base: Expr): Rational | undefined {
  const of = (f: Expr): Rational | undefined =>
    f === base
      ? Q.ONE
      : f.kind === 'pow' && f.base === base && f.exp.kind === 'num'
        ? f.exp.q
        : undefined;
  if (t.kind !== 'mul') return of(t);
  for (const f of t.factors) {
    const e = of(f);
    if (e) return e;
  }
  return undefined;
}

/**
 * A sum (b = a sum itself) whose every term holds a power of b with a numeric exponent, as
 * bᵐ·Σ(terms / bᵐ) with m the least exponent: √(x²+1) − x²/√(x²+1) → (x²+1)^(−½)·1, and
 * 5x³(x²+1)⁴ − 2x(x²+1)⁵ → (x²+1)⁴·(5x³ − 2x(x²+1)), whose power then cancels against the
 * quotient rule's (x²+1)⁸ below the line. An identity wherever b ≠ 0; where b = 0 a term was
 * undefined (m < 0) or the common factor is 0 on both sides.
 */
function commonPower(
  terms: readonly Expr[],
  A: Algebra,
): { common: Expr; rest: Expr; least: Rational } | undefined {
  if (terms.length < 2) return undefined;
  const first = terms[0]!;
  const candidates = (first.kind === 'mul' ? first.factors : [first])
    .map((f) => (f.kind === 'pow' ? f.base : f))
    .filter((b) => b.kind === 'add');
  for (const base of candidates) {
    let least: Rational | undefined;
    let all = true;
    for (const t of terms) {
      const e = exponentOf(t, base);
      if (!e) {
        all = false;
        break;
      }
      if (least === undefined || Q.toNumber(e) < Q.toNumber(least)) least = e;
    }
    if (!all || !least || Q.isZero(least)) continue;
    const inverse = A.pow(base, A.num(Q.neg(least)));
    const rest = A.tidy(A.add(terms.map((t) => A.mul([t, inverse]))));
    return { common: A.pow(base, A.num(least)), rest, least };
  }
  return undefined;
}

/** A product's factors with the first sum that has a common power split by commonPower. */
function cancelPower(factors: readonly Expr[], A: Algebra): Expr[] | undefined {
  for (let i = 0; i < factors.length; i++) {
    const f = factors[i]!;
    const split = f.kind === 'add' ? commonPower(f.terms, A) : undefined;
    if (split) return [...factors.slice(0, i), split.common, split.rest, ...factors.slice(i + 1)];
  }
  return undefined;
}

/**
 * A factor shared by every term of a sum, when it is not polynomial (a function, a power of a
 * sum, a power with a symbolic exponent): eˣ + x·eˣ = eˣ·(x + 1), xˣ·ln x + xˣ = xˣ·(ln x + 1),
 * a/(x+1)² + b/(x+1)² = (a + b)/(x+1)². Polynomials stay expanded (3x² + 2x, not x·(3x + 2)).
 */
function factorOut(terms: readonly Expr[], A: Algebra): { common: Expr; rest: Expr } | undefined {
  if (terms.length < 2) return undefined;
  const factorsOf = (t: Expr): readonly Expr[] =>
    t.kind === 'mul' ? t.factors : t.kind === 'num' ? [] : [t];
  const candidates = factorsOf(terms[0]!).filter((f) => f.kind !== 'sym' && degree(f) === 0);
  for (const c of candidates) {
    if (!terms.every((t) => factorsOf(t).includes(c))) continue;
    const inverse = A.pow(c, A.minusOne);
    const quotients = terms.map((t) => A.mul([t, inverse]));
    // −a·c − b·c = −c·(a + b): the sign goes with the common factor.
    if (quotients.every((q) => A.isNegative(q))) {
      return { common: A.mul([A.minusOne, c]), rest: A.add(quotients.map((q) => A.negate(q))) };
    }
    return { common: c, rest: A.add(quotients) };
  }
  return undefined;
}
