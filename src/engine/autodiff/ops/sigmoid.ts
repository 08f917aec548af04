import { sigmoidScalar } from '../../numeric/activation';
import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';

/** Elementwise σ(a) = 1/(1+e^−a), computed without overflow.  ∂/∂a = σ(1−σ). */
export function sigmoid(a: Tensor): Tensor {
  const x = a.data,
    n = x.length,
    out = emptyLike(a.shape),
    y = out.data;
  for (let i = 0; i < n; i++) y[i] = sigmoidScalar(x[i]!);
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[i]! += g[i]! * y[i]! * (1 - y[i]!);
  });
  return out;
}
