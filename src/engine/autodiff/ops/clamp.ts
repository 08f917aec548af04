import { GradLabError } from '../../errors';
import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';

/**
 * Elementwise min(max(a, lo), hi).  ∂/∂a = 1 where lo ≤ a ≤ hi (bounds included, as in
 * TensorFlow.js's clipByValue), else 0.
 */
export function clamp(a: Tensor, lo: number, hi: number): Tensor {
  if (!(lo <= hi))
    throw new GradLabError('bad-argument', `clamp: lo (${lo}) must not exceed hi (${hi})`);
  const x = a.data,
    n = x.length,
    out = emptyLike(a.shape),
    y = out.data;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    y[i] = v < lo ? lo : v > hi ? hi : v;
  }
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      if (v >= lo && v <= hi) ga[i]! += g[i]!;
    }
  });
  return out;
}
