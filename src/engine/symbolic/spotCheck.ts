/**
 * The numeric spot check behind the hover's ✓/⚠: a symbolic derivative against a Richardson-
 * extrapolated central difference of the formula it came from, at one point.
 */
import type { Derivative, Point } from './formula';
import { valuesAt } from './formula';

export interface SpotCheck {
  wrt: readonly string[];
  order: number;
  /** The symbolic derivative at the point, or null where it is undefined (a kink). */
  symbolic: number | null;
  /** The finite-difference estimate, or null where the formula is undefined nearby. */
  numeric: number | null;
  /** Both defined and equal to about six significant digits. */
  ok: boolean;
}

export interface SpotCheckOptions {
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Base step, scaled by max(1, |x|) (default 1e-3; Richardson extrapolation makes it O(h⁴)). */
  step?: number;
}

/** Compares one derivative with central differences of its parent at `point`. */
export function spotCheckDerivative(
  d: Derivative,
  point: Point,
  options: SpotCheckOptions = {},
): SpotCheck {
  const rtol = options.rtol ?? 1e-5;
  const symbolic = d.evaluate(point);
  const f = d.parent.rawFunction();
  const values = valuesAt(point, d.variables);
  const i = d.variables.indexOf(d.sequence[d.sequence.length - 1]!);
  const x = values[i]!;
  const h = (options.step ?? 1e-3) * Math.max(1, Math.abs(x));
  let scale = 0;
  const diff = (step: number): number => {
    values[i] = x + step;
    const a = f(values);
    values[i] = x - step;
    const b = f(values);
    values[i] = x;
    scale = Math.max(scale, Math.abs(a), Math.abs(b));
    return (a - b) / (2 * step);
  };
  const coarse = diff(h);
  const fine = diff(h / 2);
  // (4·D(h/2) − D(h)) / 3 cancels the h² error term of the central difference.
  const estimate = (4 * fine - coarse) / 3;
  const numeric = Number.isFinite(estimate) ? estimate : null;
  // Rounding in f(x ± h) limits what the difference can resolve: about ε·|f| / h.
  const noise = (8 * Number.EPSILON * scale) / h;
  const ok =
    symbolic !== null &&
    numeric !== null &&
    Math.abs(symbolic - numeric) <=
      rtol * Math.max(1, Math.abs(symbolic), Math.abs(numeric)) + noise;
  return { wrt: d.wrt, order: d.order, symbolic, numeric, ok };
}
