/**
 * The simplifier's canonical form. Sums are Σ cᵢ·tᵢ with like terms collected, products are
 * c·Π bᵢ^eᵢ with equal bases merged and exact rational coefficients; nodes are hash-consed, so
 * two equal subexpressions are the same object and "like terms" is an identity test.
 *
 * Every rewrite is an identity wherever both sides are defined, and none makes a defined value
 * undefined: (x²)^(1/2) is not turned into x, log(x²) not into 2 log x. A few make an undefined
 * value defined (x/x → 1, exp(log x) → x), as every computer-algebra system does.
 */
import * as Q from '../rational';
import type { Rational } from '../rational';
import { FUNCTION_RULES } from '../rules';
import { comparisonOf } from '../rules/conditional';
import { compareFactors, compareTerms, hasSumFactor, integerContent, weight } from './order';

export type Expr = NumE | SymE | FnE | PowE | MulE | AddE;
interface Common {
  readonly id: number;
}
export interface NumE extends Common {
  readonly kind: 'num';
  readonly q: Rational;
}
export interface SymE extends Common {
  readonly kind: 'sym';
  readonly name: string;
}
export interface FnE extends Common {
  readonly kind: 'fn';
  readonly name: string;
  readonly args: readonly Expr[];
}
export interface PowE extends Common {
  readonly kind: 'pow';
  readonly base: Expr;
  readonly exp: Expr;
}
/** coef · Π factors; factors are never numbers or products, and no two share a base. */
export interface MulE extends Common {
  readonly kind: 'mul';
  readonly coef: Rational;
  readonly factors: readonly Expr[];
}
/** Σ terms; terms are never sums, and at most the last is a number. */
export interface AddE extends Common {
  readonly kind: 'add';
  readonly terms: readonly Expr[];
}

/** Thrown when the time budget runs out; the caller falls back to the unsimplified form. */
export class BudgetExceeded extends Error {}

/** Functions with f(−u) = −f(u), and with f(−u) = f(u). */
const ODD = new Set([
  'sin',
  'tan',
  'asin',
  'atan',
  'sinh',
  'tanh',
  'asinh',
  'atanh',
  'erf',
  'cbrt',
  'sign',
]);
const EVEN = new Set(['cos', 'cosh', 'abs', 'sech', 'sec']);
const HALF = Q.rational(1, 2);

export class Algebra {
  private readonly table = new Map<string, Expr>();
  private readonly rank: ReadonlyMap<string, number>;
  private nextId = 0;
  private work = 0;
  readonly zero: NumE;
  readonly one: NumE;
  readonly minusOne: NumE;

  /**
   * @param deadline performance.now() time after which BudgetExceeded is thrown.
   * @param symbolOrder variables in the order the user wrote them: terms and factors follow it,
   *   so w·x + b stays w·x + b rather than becoming b + w·x.
   * @param expand whether tidy() may multiply out products of sums (off for the second try,
   *   when an expanded polynomial with large alternating coefficients lost digits).
   */
  constructor(
    private readonly deadline: number,
    symbolOrder: readonly string[] = [],
    private readonly expand = true,
  ) {
    this.rank = new Map(symbolOrder.map((v, i) => [v, i]));
    this.zero = this.num(Q.ZERO);
    this.one = this.num(Q.ONE);
    this.minusOne = this.num(Q.MINUS_ONE);
  }

  private intern<T extends Expr>(key: string, make: (id: number) => T): T {
    if ((++this.work & 255) === 0 && performance.now() > this.deadline) throw new BudgetExceeded();
    const hit = this.table.get(key);
    if (hit) return hit as T;
    const e = make(this.nextId++);
    this.table.set(key, e);
    return e;
  }

  num(q: Rational): NumE {
    return this.intern(`n${Q.keyOf(q)}`, (id) => ({ id, kind: 'num', q }));
  }

  int(v: number): NumE {
    return this.num(Q.rational(v));
  }

  sym(name: string): SymE {
    return this.intern(`s${name}`, (id) => ({ id, kind: 'sym', name }));
  }

  /** The coefficient and the rest: 3·x·y → [3, x·y], −x → [−1, x], 5 → [5, 1]. */
  split(e: Expr): [Rational, Expr] {
    if (e.kind === 'num') return [e.q, this.one];
    if (e.kind !== 'mul') return [Q.ONE, e];
    if (Q.isOne(e.coef)) return [Q.ONE, e];
    return [e.coef, this.product(Q.ONE, e.factors)];
  }

  /** c · Π factors for factors already in canonical order with distinct bases. */
  private product(coef: Rational, factors: readonly Expr[]): Expr {
    if (Q.isZero(coef)) return this.zero;
    if (factors.length === 0) return this.num(coef);
    if (factors.length === 1 && Q.isOne(coef)) return factors[0]!;
    const key = `m${Q.keyOf(coef)}:${factors.map((f) => f.id).join(',')}`;
    return this.intern(key, (id) => ({ id, kind: 'mul', coef, factors }));
  }

  /** −e */
  negate(e: Expr): Expr {
    return this.mul([this.minusOne, e]);
  }

  isNegative(e: Expr): boolean {
    return (e.kind === 'num' || e.kind === 'mul') && Q.isNegative(e.kind === 'num' ? e.q : e.coef);
  }

  add(items: readonly Expr[]): Expr {
    let constant = Q.ZERO;
    const groups = new Map<number, { mono: Expr; coef: Rational }>();
    const stack = [...items];
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (t.kind === 'add') {
        stack.push(...t.terms);
        continue;
      }
      if (t.kind === 'num') {
        constant = Q.add(constant, t.q);
        continue;
      }
      const [c, mono] = this.split(t);
      const g = groups.get(mono.id);
      if (g) g.coef = Q.add(g.coef, c);
      else groups.set(mono.id, { mono, coef: c });
    }
    const terms: Expr[] = [];
    for (const { mono, coef } of groups.values()) {
      if (Q.isZero(coef)) continue;
      terms.push(Q.isOne(coef) ? mono : this.scale(mono, coef));
    }
    terms.sort((a, b) => compareTerms(a, b, this.rank));
    if (!Q.isZero(constant)) terms.push(this.num(constant));
    if (terms.length === 0) return this.zero;
    if (terms.length === 1) return terms[0]!;
    return this.intern(`a${terms.map((t) => t.id).join(',')}`, (id) => ({
      id,
      kind: 'add',
      terms,
    }));
  }

  /** c·mono for a coefficient-free monomial. */
  private scale(mono: Expr, coef: Rational): Expr {
    if (mono.kind === 'mul') return this.product(coef, mono.factors);
    return this.product(coef, [mono]);
  }

  mul(items: readonly Expr[], depth = 0): Expr {
    let coef = Q.ONE;
    const groups = new Map<number, { base: Expr; exps: Expr[] }>();
    const expArgs: Expr[] = [];
    const group = (base: Expr, exp: Expr): void => {
      const g = groups.get(base.id);
      if (g) g.exps.push(exp);
      else groups.set(base.id, { base, exps: [exp] });
    };
    const stack = [...items];
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (f.kind === 'num') coef = Q.mul(coef, f.q);
      else if (f.kind === 'mul') {
        coef = Q.mul(coef, f.coef);
        stack.push(...f.factors);
      } else if (f.kind === 'pow') group(f.base, f.exp);
      else if (f.kind === 'fn' && f.name === 'exp') expArgs.push(f.args[0]!);
      else group(f, this.one);
    }
    if (Q.isZero(coef)) return this.zero;
    // eᵃ·eᵇ = eᵃ⁺ᵇ
    if (expArgs.length === 1) group(this.fn('exp', expArgs), this.one);
    else if (expArgs.length > 1) {
      const merged = this.fn('exp', [this.add(expArgs)]);
      if (merged.kind === 'num') coef = Q.mul(coef, merged.q);
      else group(merged, this.one);
    }
    // u²ᵏ = |u|²ᵏ: with |u| in the product they merge, so u·(u/|u|) = u²/|u| becomes |u|, defined
    // at 0 as the derivative of u·|u| (and of softsign) is; an even power of |u| joins u's.
    for (const g of groups.values()) {
      if (g.base.kind !== 'fn' || g.base.name !== 'abs') continue;
      const inner = groups.get(g.base.args[0]!.id);
      if (!inner) continue;
      const e = inner.exps.length === 1 ? inner.exps[0]! : this.add(inner.exps);
      const ea = g.exps.length === 1 ? g.exps[0]! : this.add(g.exps);
      const even = (x: Expr): boolean => x.kind === 'num' && Q.isInteger(x.q) && x.q.n % 2 === 0;
      // |u|ᵉ = uᵉ and uᵉ = |u|ᵉ for even e only: x·|x|⁻² = x⁻¹ (the derivative of ln|x|),
      // x²·|x|² = x⁴, u²·|u|⁻¹ = |u|; x·|x|⁻¹ (the sign) stays.
      if (even(ea)) {
        inner.exps.push(ea);
        groups.delete(g.base.id);
      } else if (even(e)) {
        g.exps.push(e);
        groups.delete(inner.base.id);
      }
    }
    const factors: Expr[] = [];
    let again = false;
    for (const { base, exps } of groups.values()) {
      const p = this.pow(base, exps.length === 1 ? exps[0]! : this.add(exps));
      if (p.kind === 'num') coef = Q.mul(coef, p.q);
      else {
        if (p.kind === 'mul' || (p.kind === 'fn' && p.name === 'exp' && expArgs.length > 0))
          again = true;
        factors.push(p);
      }
    }
    // A merged power can itself be a product ((xy)^½·(xy)^½ = x·y): merge once more.
    if (again && depth < 3) return this.mul([this.num(coef), ...factors], depth + 1);
    if (Q.isZero(coef)) return this.zero;
    // A sum among other factors gives up its integer content: x·(2a + 2b) = 2·x·(a + b).
    if (factors.length > 1) {
      for (let i = 0; i < factors.length; i++) {
        const f = factors[i]!;
        const g = f.kind === 'add' ? integerContent(f) : 1;
        if (g > 1) {
          const scaled = this.add(
            (f as AddE).terms.map((t) => this.mul([this.num(Q.rational(1, g)), t])),
          );
          coef = Q.mul(coef, Q.rational(g));
          if (scaled.kind === 'num') {
            coef = Q.mul(coef, scaled.q);
            factors.splice(i--, 1);
          } else factors[i] = scaled;
        }
      }
    }
    factors.sort((a, b) => compareFactors(a, b, this.rank));
    // c·(a + b) = c·a + c·b: a lone sum takes its coefficient, so −(x − 1) prints as 1 − x.
    if (factors.length === 1 && factors[0]!.kind === 'add' && !Q.isOne(coef)) {
      const sum = factors[0] as AddE;
      return this.add(sum.terms.map((t) => this.mul([this.num(coef), t])));
    }
    return this.product(coef, factors);
  }

  pow(base: Expr, exp: Expr): Expr {
    if (exp.kind === 'num') {
      if (Q.isZero(exp.q)) return this.one;
      if (Q.isOne(exp.q)) return base;
    }
    if (base.kind === 'num') {
      if (Q.isOne(base.q)) return this.one;
      if (exp.kind === 'num') {
        const folded = foldPower(base.q, exp.q);
        if (folded) return this.num(folded);
      }
    }
    if (base.kind === 'sym' && base.name === 'e') return this.fn('exp', [exp]);
    // (eᵘ)ᵛ = e^(uv) for every real u, v.
    if (base.kind === 'fn' && base.name === 'exp')
      return this.fn('exp', [this.mul([base.args[0]!, exp])]);
    if (exp.kind === 'num' && Q.isInteger(exp.q)) {
      // (bᵖ)ⁿ = b^(pn) and (c·Π bᵢ)ⁿ = cⁿ·Π bᵢⁿ hold for integer n.
      if (base.kind === 'pow') return this.pow(base.base, this.mul([base.exp, exp]));
      if (base.kind === 'mul') {
        const k = exp.q.n;
        return this.mul([
          this.num(Q.powInt(base.coef, k)),
          ...base.factors.map((f) => this.pow(f, exp)),
        ]);
      }
    }
    return this.intern(`p${base.id}^${exp.id}`, (id) => ({ id, kind: 'pow', base, exp }));
  }

  fn(name: string, args: readonly Expr[]): Expr {
    const [u] = args;
    if (u && args.length === 1) {
      const special = this.fnIdentity(name, u);
      if (special) return special;
    }
    const branch = this.constantBranch(name, args);
    if (branch) return branch;
    if (args.every((a) => a.kind === 'num')) {
      const rule = FUNCTION_RULES.get(name);
      const v = rule?.evaluate(...args.map((a) => Q.toNumber((a as NumE).q)));
      // Fold only values that print exactly (cos 0 = 1, σ(0) = 1/2); log 2 stays log 2.
      if (v !== undefined && Number.isInteger(v * 2) && Math.abs(v) < 1e6)
        return this.num(Q.fromNumber(v));
    }
    const key = `f${name}(${args.map((a) => a.id).join(',')})`;
    return this.intern(key, (id) => ({ id, kind: 'fn', name, args }));
  }

  /**
   * Expands products of sums inside each sum when that makes the sum smaller, so that
   * eˣ·(eˣ + 1) − e²ˣ becomes eˣ while σ(x)·(1 − σ(x)) stays as it is (it is not inside a sum).
   */
  tidy(e: Expr, memo = new Map<Expr, Expr>()): Expr {
    const hit = memo.get(e);
    if (hit) return hit;
    let out: Expr;
    switch (e.kind) {
      case 'fn':
        out = this.fn(
          e.name,
          e.args.map((a) => this.tidy(a, memo)),
        );
        break;
      case 'pow':
        out = this.pow(this.tidy(e.base, memo), this.tidy(e.exp, memo));
        break;
      case 'mul':
        out = this.mul([this.num(e.coef), ...e.factors.map((f) => this.tidy(f, memo))]);
        if (this.expand && out.kind === 'mul') out = this.exponentialsIntoSum(out);
        break;
      case 'add': {
        out = this.add(e.terms.map((t) => this.tidy(t, memo)));
        if (this.expand && out.kind === 'add' && out.terms.some(hasSumFactor)) {
          const expanded = this.add(out.terms.flatMap((t) => this.distribute(t)));
          if (weight(expanded) < weight(out)) out = expanded;
        }
        break;
      }
      default:
        out = e;
    }
    memo.set(e, out);
    return out;
  }

  /** The terms of a product with its sums (and squares of sums) multiplied out, up to 32 terms. */
  /**
   * e⁻ᶻ¹·(e^(z1+z2) + e^(z1+z3)) → e^z2 + e^z3: exponentials move into a sum beside them when
   * that makes the product smaller (the softmax cross-entropy's gradient).
   */
  private exponentialsIntoSum(m: MulE): Expr {
    const exps = m.factors.filter((f) => f.kind === 'fn' && f.name === 'exp');
    const sums = m.factors.filter((f) => f.kind === 'add');
    if (exps.length === 0 || sums.length !== 1) return m;
    const sum = sums[0] as AddE;
    const others = m.factors.filter((f) => f !== sum && !exps.includes(f));
    const inside = this.add(sum.terms.map((t) => this.mul([t, ...exps])));
    const candidate = this.mul([this.num(m.coef), ...others, inside]);
    return weight(candidate) < weight(m) ? candidate : m;
  }

  private distribute(t: Expr): Expr[] {
    if (t.kind !== 'mul') return [t];
    let terms: Expr[] = [this.num(t.coef)];
    for (const f of t.factors) {
      let parts: readonly Expr[] = [f];
      if (f.kind === 'add') parts = f.terms;
      else if (
        f.kind === 'pow' &&
        f.base.kind === 'add' &&
        f.exp.kind === 'num' &&
        f.exp.q.d === 1 &&
        f.exp.q.n === 2
      ) {
        const b = f.base.terms;
        parts = b.flatMap((x) => b.map((y) => this.mul([x, y])));
      }
      if (terms.length * parts.length > 32) return [t];
      terms = terms.flatMap((x) => parts.map((y) => this.mul([x, y])));
    }
    return terms;
  }

  /**
   * The branch a conditional always takes: when its condition cannot change (l and r are the
   * same expression, or both numbers) or both branches are the same. For a derivative (dif_*)
   * there is then no boundary to cross, so no kink either.
   */
  private constantBranch(name: string, args: readonly Expr[]): Expr | undefined {
    const c = comparisonOf(name);
    if (!c) return undefined;
    const [l, r, a, b, da, db] = args;
    const [yes, no] = c.derivative ? [da!, db!] : [a!, b!];
    if (a === b && yes === no) return yes;
    let holds: boolean | undefined;
    if (l === r) holds = c.op === 'ge' || c.op === 'le';
    else if (l?.kind === 'num' && r?.kind === 'num') {
      const x = Q.toNumber(l.q);
      const y = Q.toNumber(r.q);
      holds = c.op === 'gt' ? x > y : c.op === 'ge' ? x >= y : c.op === 'lt' ? x < y : x <= y;
    }
    if (holds === undefined) return undefined;
    return holds ? yes : no;
  }

  private fnIdentity(name: string, u: Expr): Expr | undefined {
    if (name === 'sqrt') return this.pow(u, this.num(HALF));
    if (name === 'exp' && u.kind === 'fn' && u.name === 'log' && u.args.length === 1)
      return u.args[0]!;
    if (name === 'log' && u.kind === 'fn' && u.name === 'exp') return u.args[0]!;
    if (name === 'log' && u.kind === 'sym' && u.name === 'e') return this.one;
    if (name === 'abs' && u.kind === 'fn' && u.name === 'abs') return u;
    if (this.isNegative(u) && u.kind !== 'num') {
      if (ODD.has(name)) return this.negate(this.fn(name, [this.negate(u)]));
      if (EVEN.has(name)) return this.fn(name, [this.negate(u)]);
    }
    return undefined;
  }
}

/** bᵉ as a number when it is exact: integer e, or a root that comes out rational (4^½ = 2). */
function foldPower(b: Rational, e: Rational): Rational | undefined {
  if (Q.isInteger(e)) {
    if (Q.isZero(b) && e.n < 0) return undefined;
    return Math.abs(e.n) <= 64 ? Q.powInt(b, e.n) : undefined;
  }
  if (!Q.isExact(e) || !Q.isExact(b) || Q.isNegative(b)) return undefined;
  if (Q.isZero(b)) return e.n > 0 ? Q.ZERO : undefined;
  const r = Q.fromNumber(Math.pow(Q.toNumber(b), Q.toNumber(e)));
  // Accept only when r^d = b^n holds exactly.
  if (!Q.isExact(r) || e.d > 12 || Math.abs(e.n) > 12) return undefined;
  const lhs = Q.powInt(r, e.d);
  const rhs = Q.powInt(b, e.n);
  return Q.isExact(lhs) && Q.isExact(rhs) && lhs.n === rhs.n && lhs.d === rhs.d ? r : undefined;
}
