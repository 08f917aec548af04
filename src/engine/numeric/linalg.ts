/**
 * Small dense linear algebra for least squares: Cholesky factorisation and solve for symmetric
 * positive-definite systems, and Householder QR for tall systems. Row-major Float64Arrays.
 */

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
export function qrSolveInPlace(a: Float64Array, m: number, n: number, b: Float64Array): Float64Array | null {
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
