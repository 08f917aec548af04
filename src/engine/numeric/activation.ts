/**
 * Pointwise activations as in-place kernels, for the fused dense layer and the MLP fast path.
 * Each derivative is computed from the activation's OUTPUT y, so a layer keeps only y:
 *   identity′ = 1,  sigmoid′ = y(1−y),  tanh′ = 1−y²,
 *   relu′ = [y > 0]  (relu′(0) = 0),  leakyRelu′ = y > 0 ? 1 : α  (α > 0 keeps the sign of x in y).
 */
export type ActivationName = 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu';

export const ACTIVATIONS: readonly ActivationName[] = [
  'identity',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
];

/** Default negative slope of leakyRelu (PyTorch's 0.01). */
export const LEAKY_ALPHA = 0.01;

/** Numerically stable logistic σ(x) = 1/(1+e^−x): never evaluates e^x for large positive x. */
export function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** y[from..to) = act(y[from..to)) in place. */
export function activateInPlace(
  act: ActivationName,
  y: Float64Array,
  from: number,
  to: number,
  alpha = LEAKY_ALPHA,
): void {
  switch (act) {
    case 'identity':
      return;
    case 'relu':
      for (let i = from; i < to; i++) if (y[i]! < 0) y[i] = 0; // NaN stays NaN
      return;
    case 'leakyRelu':
      for (let i = from; i < to; i++) if (y[i]! < 0) y[i] = alpha * y[i]!;
      return;
    case 'tanh':
      for (let i = from; i < to; i++) y[i] = Math.tanh(y[i]!);
      return;
    case 'sigmoid':
      for (let i = from; i < to; i++) y[i] = sigmoidScalar(y[i]!);
      return;
  }
}

/** dz[i] = dy[i] · act′ for i < n, with act′ read from the output y; dz may be dy (in place). */
export function activationBackward(
  act: ActivationName,
  y: Float64Array,
  dy: Float64Array,
  dz: Float64Array,
  n: number,
  alpha = LEAKY_ALPHA,
): void {
  switch (act) {
    case 'identity':
      if (dz !== dy) for (let i = 0; i < n; i++) dz[i] = dy[i]!;
      return;
    case 'relu':
      for (let i = 0; i < n; i++) dz[i] = y[i]! > 0 ? dy[i]! : 0;
      return;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) dz[i] = y[i]! > 0 ? dy[i]! : alpha * dy[i]!;
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const v = y[i]!;
        dz[i] = dy[i]! * (1 - v * v);
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = y[i]!;
        dz[i] = dy[i]! * v * (1 - v);
      }
      return;
  }
}
