import { sigmoidScalar } from '../../numeric/activation';
import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';

/** log(1 + eˣ) without overflow or underflow: max(x, 0) + log1p(e^−|x|). */
export function softplusScalar(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** Elementwise softplus(a) = log(1 + eᵃ), stable for large |a|.  ∂/∂a = σ(a). */
export function softplus(a: Tensor): Tensor {
  const x = a.data,
    n = x.length,
    out = emptyLike(a.shape),
    y = out.data;
  for (let i = 0; i < n; i++) y[i] = softplusScalar(x[i]!);
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[i]! += g[i]! * sigmoidScalar(x[i]!);
  });
  return out;
}
