/**
 * Exact rational coefficients for the simplifier, so that 1/3 + 1/3 + 1/3 is 1 and a derivative
 * prints `x / 3`, not `0.3333333333333333 * x`. A value is exact (n/d, d ≥ 1, gcd 1, both safe
 * integers) or, once exactness would overflow, a float (d = 0, the value in n).
 */
export interface Rational {
  readonly n: number;
  readonly d: number;
}

const float = (v: number): Rational => ({ n: v, d: 0 });

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** n/d reduced, or a float when either part is not a safe integer. */
export function rational(n: number, d = 1): Rational {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || d === 0) return float(n / d);
  if (d < 0) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1;
  return { n: n / g, d: d / g };
}

export const ZERO = rational(0);
export const ONE = rational(1);
export const MINUS_ONE = rational(-1);

export const isExact = (r: Rational): boolean => r.d !== 0;
export const toNumber = (r: Rational): number => (r.d === 0 ? r.n : r.n / r.d);
export const isZero = (r: Rational): boolean => toNumber(r) === 0;
export const isOne = (r: Rational): boolean => r.d === 1 && r.n === 1;
export const isInteger = (r: Rational): boolean => r.d === 1;
export const isNegative = (r: Rational): boolean => toNumber(r) < 0;

/** A float literal as the decimal it was written as: 0.01 → 1/100, 2.5e-3 → 1/400. */
export function fromNumber(v: number): Rational {
  if (Number.isSafeInteger(v)) return { n: v, d: 1 };
  if (!Number.isFinite(v)) return float(v);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(v));
  if (!m) return float(v);
  const frac = m[3] ?? '';
  const exp10 = Number(m[4] ?? 0) - frac.length;
  const digits = Number(m[2]! + frac) * (m[1] ? -1 : 1);
  if (exp10 >= 0) {
    const n = digits * 10 ** exp10;
    return Number.isSafeInteger(n) ? { n, d: 1 } : float(v);
  }
  if (-exp10 > 15) return float(v);
  const r = rational(digits, 10 ** -exp10);
  return isExact(r) && r.n / r.d === v ? r : float(v);
}

export function add(a: Rational, b: Rational): Rational {
  if (a.d === 0 || b.d === 0) return float(toNumber(a) + toNumber(b));
  return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function mul(a: Rational, b: Rational): Rational {
  if (a.d === 0 || b.d === 0) return float(toNumber(a) * toNumber(b));
  return rational(a.n * b.n, a.d * b.d);
}

export const neg = (a: Rational): Rational => (a.d === 0 ? float(-a.n) : { n: -a.n, d: a.d });
export const abs = (a: Rational): Rational => (isNegative(a) ? neg(a) : a);

export function inv(a: Rational): Rational {
  if (a.d === 0 || a.n === 0) return float(1 / toNumber(a));
  return rational(a.d, a.n);
}

/** a^k for an integer k (exact while it fits). */
export function powInt(a: Rational, k: number): Rational {
  if (k < 0) return inv(powInt(a, -k));
  if (a.d === 0 || k > 64) return float(Math.pow(toNumber(a), k));
  return rational(a.n ** k, a.d ** k);
}

/** A key that is equal exactly when the values are (exact and float values never share one). */
export const keyOf = (r: Rational): string =>
  r.d === 0 ? `f${r.n}` : r.d === 1 ? `${r.n}` : `${r.n}/${r.d}`;
