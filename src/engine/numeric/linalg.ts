/**
 * Small dense linear algebra for least squares: Cholesky factorisation and solve for symmetric
 * positive-definite systems, and Householder QR for tall systems. Row-major Float64Arrays.
 */
import { gemmTN } from './gemm';

/**
 * Factorises the n×n SPD matrix `a` in place into its lower Cholesky factor L (a = L·Lᵀ; the upper
 * triangle is zeroed). Returns false, leaving `a` partly overwritten, when a pivot is not positive,
 * i.e. `a` is not (numerically) positive definite.
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let p = 0; p < j; p++) d -= a[j * n + p]! * a[j * n + p]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let p = 0; p < j; p++) s -= a[i * n + p]! * a[j * n + p]!;
      a[i * n + j] = s / ljj;
    }
    for (let i = 0; i < j; i++) a[i * n + j] = 0;
  }
  return true;
}

/** Solves L·Lᵀ·x = b for x (in place in b) given the Cholesky factor L from choleskyInPlace. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let p = 0; p < i; p++) s -= l[i * n + p]! * b[p]!;
    b[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let p = i + 1; p < n; p++) s -= l[p * n + i]! * b[p]!;
    b[i] = s / l[i * n + i]!;
  }
  return b;
}

/**
 * Least-squares solution of min ‖A·x − b‖₂ for a tall m×n A (m ≥ n) by Householder QR. `a` and
 * `b` are overwritten. Returns x (length n), or null when A is rank deficient (a zero pivot of R
 * relative to its largest one).
 */
export function qrSolveInPlace(
  a: Float64Array,
  m: number,
  n: number,
  b: Float64Array,
): Float64Array | null {
  const rdiag = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = j; i < m; i++) norm = Math.hypot(norm, a[i * n + j]!);
    if (norm === 0) return null;
    if (a[j * n + j]! < 0) norm = -norm;
    for (let i = j; i < m; i++) a[i * n + j] = a[i * n + j]! / norm;
    a[j * n + j] = a[j * n + j]! + 1;
    // Apply the reflector (stored in column j below the diagonal) to the remaining columns and b.
    for (let c = j + 1; c < n; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += a[i * n + j]! * a[i * n + c]!;
      s = -s / a[j * n + j]!;
      for (let i = j; i < m; i++) a[i * n + c] = a[i * n + c]! + s * a[i * n + j]!;
    }
    let s = 0;
    for (let i = j; i < m; i++) s += a[i * n + j]! * b[i]!;
    s = -s / a[j * n + j]!;
    for (let i = j; i < m; i++) b[i] = b[i]! + s * a[i * n + j]!;
    rdiag[j] = -norm;
  }
  let maxDiag = 0;
  for (let j = 0; j < n; j++) maxDiag = Math.max(maxDiag, Math.abs(rdiag[j]!));
  const x = new Float64Array(n);
  for (let j = n - 1; j >= 0; j--) {
    if (Math.abs(rdiag[j]!) <= maxDiag * 1e-13) return null;
    let s = b[j]!;
    for (let c = j + 1; c < n; c++) s -= a[j * n + c]! * x[c]!;
    x[j] = s / rdiag[j]!;
  }
  return x;
}

/** mean[j] = average of column j of the row-major rows×d matrix x. */
export function columnMeans(
  x: Float64Array,
  rows: number,
  d: number,
  mean: Float64Array,
): Float64Array {
  mean.fill(0, 0, d);
  for (let i = 0; i < rows; i++) {
    const r = i * d;
    for (let j = 0; j < d; j++) mean[j] = mean[j]! + x[r + j]!;
  }
  for (let j = 0; j < d; j++) mean[j] = mean[j]! / rows;
  return mean;
}

const GRAM_CHUNK = 512;

/**
 * The normal equations of centred data in one pass: gram = XcᵀXc (d×d) and rhs = Xcᵀyc, where
 * Xc = X − 1·xMeanᵀ and yc = y − yMean. Rows are centred a chunk at a time into a small buffer
 * (which stays in cache) and accumulated with gemmTN, so no centred copy of X is ever made.
 */
export function centredNormalEquations(
  x: Float64Array,
  y: Float64Array,
  rows: number,
  d: number,
  xMean: Float64Array,
  yMean: number,
  gram: Float64Array,
  rhs: Float64Array,
): void {
  gram.fill(0, 0, d * d);
  rhs.fill(0, 0, d);
  const xc = new Float64Array(GRAM_CHUNK * d);
  const yc = new Float64Array(GRAM_CHUNK);
  for (let start = 0; start < rows; start += GRAM_CHUNK) {
    const m = Math.min(GRAM_CHUNK, rows - start);
    for (let i = 0; i < m; i++) {
      const src = (start + i) * d,
        dst = i * d;
      for (let j = 0; j < d; j++) xc[dst + j] = x[src + j]! - xMean[j]!;
      yc[i] = y[start + i]! - yMean;
    }
    gemmTN(d, d, m, xc, xc, gram, true);
    gemmTN(d, 1, m, xc, yc, rhs, true);
  }
}
