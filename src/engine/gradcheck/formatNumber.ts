/** Numbers in messages: short, and readable at both ends of the scale. */

/** 4 significant digits; powers of ten for very small or large values (1e-6, not 0.000001). */
export function fmt(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return Number(v.toPrecision(3)).toExponential();
  return Number(v.toPrecision(4)).toString();
}
