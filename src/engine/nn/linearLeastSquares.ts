/**
 * Linear regression in closed form: min_w,b ‖X·w + b − y‖² (+ ridge·‖w‖²). The columns are centred
 * first (which both fits the intercept and improves the conditioning), then the d×d normal
 * equations XcᵀXc·w = Xcᵀyc are solved by Cholesky. If XcᵀXc is not numerically positive definite
 * (collinear features) a tiny ridge (1e-10·trace/d) is added and reported in `ridgeUsed`, or
 * `method: 'qr'` solves the centred system by Householder QR instead (slower, better conditioned).
 */
import { GradLabError } from '../errors';
import {
  centredNormalEquations,
  choleskyInPlace,
  choleskySolveInPlace,
  columnMeans,
  qrSolveInPlace,
} from '../numeric/linalg';

export interface LeastSquaresOptions {
  /** Fit b (default true). */
  fitIntercept?: boolean;
  /** L2 penalty λ on w (not b), default 0. */
  ridge?: number;
  /** 'cholesky' (default, normal equations) or 'qr'. */
  method?: 'cholesky' | 'qr';
}

export interface LeastSquaresResult {
  weights: Float64Array;
  intercept: number;
  method: 'cholesky' | 'qr';
  /** The ridge actually added (the requested one, or the fallback's). */
  ridgeUsed: number;
  /** Mean squared error on the training data. */
  mse: number;
}

/** Fits y ≈ X·w + b for row-major X (rows × cols). */
export function linearLeastSquares(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  cols: number,
  options: LeastSquaresOptions = {},
): LeastSquaresResult {
  if (x.length !== rows * cols || y.length !== rows) {
    throw new GradLabError(
      'shape',
      `linearLeastSquares: X must be ${rows}×${cols} and y ${rows} long`,
    );
  }
  if (rows === 0) throw new GradLabError('bad-argument', 'linearLeastSquares: no rows');
  const fit = options.fitIntercept ?? true;
  const ridge = options.ridge ?? 0;
  const d = cols;
  const xm = new Float64Array(d);
  let ym = 0;
  if (fit) {
    columnMeans(x, rows, d, xm);
    ym = columnMeans(y, rows, 1, new Float64Array(1))[0]!;
  }
  let weights: Float64Array;
  let ridgeUsed = ridge;
  let method: 'cholesky' | 'qr' = options.method ?? 'cholesky';
  if (method === 'qr' && rows >= d && ridge === 0) {
    const a = new Float64Array(rows * d);
    const b = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d; j++) a[i * d + j] = x[i * d + j]! - xm[j]!;
      b[i] = y[i]! - ym;
    }
    const w = qrSolveInPlace(a, rows, d, b);
    if (w) weights = w;
    else {
      // Rank deficient: the tiny-ridge Cholesky fallback still gives a (minimum-ridge) answer.
      ({ weights, ridgeUsed } = normalEquations(x, y, rows, d, xm, ym, ridge));
      method = 'cholesky';
    }
  } else {
    method = 'cholesky';
    ({ weights, ridgeUsed } = normalEquations(x, y, rows, d, xm, ym, ridge));
  }
  let intercept = ym;
  for (let j = 0; j < d; j++) intercept -= weights[j]! * xm[j]!;
  if (!fit) intercept = 0;
  const sse = residualSumOfSquares(x, y, rows, d, weights, intercept);
  return { weights, intercept, method, ridgeUsed, mse: sse / rows };
}

function normalEquations(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  d: number,
  xm: Float64Array,
  ym: number,
  ridge: number,
): { weights: Float64Array; ridgeUsed: number } {
  const g = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  centredNormalEquations(x, y, rows, d, xm, ym, g, rhs);
  let trace = 0;
  for (let j = 0; j < d; j++) trace += g[j * d + j]!;
  const tiny = (1e-10 * trace) / Math.max(1, d) || 1e-12;
  for (const lambda of [ridge, ridge + tiny, ridge + tiny * 1e4]) {
    const a = g.slice();
    for (let j = 0; j < d; j++) a[j * d + j] = a[j * d + j]! + lambda;
    if (choleskyInPlace(a, d))
      return { weights: choleskySolveInPlace(a, d, rhs.slice()), ridgeUsed: lambda };
  }
  throw new GradLabError(
    'non-finite',
    'linearLeastSquares: the normal equations could not be solved (non-finite data?)',
  );
}

/** Σ (x_i·w + b − y_i)². */
function residualSumOfSquares(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  d: number,
  w: Float64Array,
  b: number,
): number {
  let sse = 0;
  for (let i = 0; i < rows; i++) {
    let p = b;
    const r = i * d;
    for (let j = 0; j < d; j++) p += w[j]! * x[r + j]!;
    const e = p - y[i]!;
    sse += e * e;
  }
  return sse;
}
