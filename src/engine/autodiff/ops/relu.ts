import { LEAKY_ALPHA } from '../../numeric/activation';
import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';

/** Elementwise max(a, 0); NaN stays NaN.  ∂/∂a = [a > 0], with relu′(0) = 0. */
export function relu(a: Tensor): Tensor {
  const x = a.data,
    n = x.length,
    out = emptyLike(a.shape),
    y = out.data;
  for (let i = 0; i < n; i++) y[i] = x[i]! < 0 ? 0 : x[i]!;
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) if (x[i]! > 0) ga[i]! += g[i]!;
  });
  return out;
}

/** Elementwise a > 0 ? a : α·a (α = 0.01 by default).  ∂/∂a = 1 for a > 0, else α (α at 0). */
export function leakyRelu(a: Tensor, alpha = LEAKY_ALPHA): Tensor {
  const x = a.data,
    n = x.length,
    out = emptyLike(a.shape),
    y = out.data;
  for (let i = 0; i < n; i++) y[i] = x[i]! < 0 ? alpha * x[i]! : x[i]!;
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[i]! += x[i]! > 0 ? g[i]! : alpha * g[i]!;
  });
  return out;
}
