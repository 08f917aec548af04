/**
 * Numeric values of the functions JavaScript's Math lacks, written to be accurate to a few ulps
 * (central differences of them must agree with their symbolic derivatives to 1e-8) and stable:
 * sigmoid, softplus and logsumexp never overflow for large arguments.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf by its Maclaurin series below 2.5 (≈1e-15 relative), 1 − erfc above. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 2.5) return Math.sign(x) * (1 - erfcLarge(ax));
  // erf x = 2/√π Σ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n + 1))
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const next = term / (2 * n + 1);
    sum += next;
    if (Math.abs(next) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum * TWO_OVER_SQRT_PI;
}

/** erfc x = 1 − erf x, without cancellation for large x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 2.5) return erfcLarge(x);
  if (x <= -2.5) return 2 - erfcLarge(-x);
  return 1 - erf(x);
}

/** erfc for x ≥ 2.5 by its continued fraction, evaluated from the tail:
 *  erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
function erfcLarge(x: number): number {
  if (x === Infinity) return 0;
  let t = x;
  for (let k = 80; k >= 1; k--) t = x + k / 2 / t;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / t;
}

/** σ(x) = 1 / (1 + e^(−x)), in the form that cannot overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const z = Math.exp(x);
  return z / (1 + z);
}

/** softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^(−|x|)). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** ln Σ e^(aᵢ), shifted by the largest term. */
export function logSumExp(...a: number[]): number {
  const m = Math.max(...a);
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (const v of a) s += Math.exp(v - m);
  return m + Math.log(s);
}

/** The unit step: 1 above 0, 0 below, undefined (NaN) at the jump itself. */
export function heaviside(x: number): number {
  return x > 0 ? 1 : x < 0 ? 0 : NaN;
}

/** max(x, 0); NaN stays NaN. */
export function relu(x: number): number {
  return x > 0 ? x : x <= 0 ? 0 : NaN;
}

/** x above 0, αx below. */
export function leakyRelu(x: number, alpha: number): number {
  return x > 0 ? x : x <= 0 ? alpha * x : NaN;
}
