/**
 * The fused dense-layer kernels: Y = act(X·W + b) in one pass over each output row, and the
 * matching backward. W is stored [in × out] (as Keras and TensorFlow.js store it), X is [m × in].
 */
import { ActivationName, LEAKY_ALPHA, activateInPlace, activationBackward } from './activation';
import { gemmNN, gemmNT, gemmTN } from './gemm';

/** y[m×n] = act(x[m×k] · w[k×n] + b[n]). The bias seeds each row, the product accumulates onto it. */
export function denseForward(
  m: number,
  k: number,
  n: number,
  x: Float64Array,
  w: Float64Array,
  b: Float64Array,
  y: Float64Array,
  act: ActivationName,
  alpha = LEAKY_ALPHA,
): void {
  // Seed each row with the bias (a plain loop: subarray() would allocate a view per call).
  for (let i = 0; i < m; i++) {
    const r = i * n;
    for (let j = 0; j < n; j++) y[r + j] = b[j]!;
  }
  gemmNN(m, n, k, x, w, y, true);
  activateInPlace(act, y, 0, m * n, alpha);
}

/**
 * Backward of denseForward. Given dy = ∂L/∂y, writes dz = dy ⊙ act′ (into `dz`, which may be dy),
 * dw = xᵀ·dz, db = Σ_rows dz (both overwritten), and dx = dz·wᵀ when `dx` is given.
 */
export function denseBackward(
  m: number,
  k: number,
  n: number,
  x: Float64Array,
  w: Float64Array,
  y: Float64Array,
  dy: Float64Array,
  dz: Float64Array,
  dw: Float64Array,
  db: Float64Array,
  dx: Float64Array | null,
  act: ActivationName,
  alpha = LEAKY_ALPHA,
): void {
  activationBackward(act, y, dy, dz, m * n, alpha);
  gemmTN(k, n, m, x, dz, dw, false);
  columnSums(m, n, dz, db, false);
  if (dx) gemmNT(m, k, n, dz, w, dx, false);
}

/** out[j] (+)= Σ_i a[i·n + j] for an m×n row-major a. */
export function columnSums(
  m: number,
  n: number,
  a: Float64Array,
  out: Float64Array,
  accumulate: boolean,
): void {
  if (!accumulate) out.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const r = i * n;
    for (let j = 0; j < n; j++) out[j] = out[j]! + a[r + j]!;
  }
}
