import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';

/** Elementwise eᵃ.  ∂/∂a = eᵃ (the output, reused). */
export function exp(a: Tensor): Tensor {
  const x = a.data,
    n = x.length,
    out = emptyLike(a.shape),
    y = out.data;
  for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]!);
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[i]! += g[i]! * y[i]!;
  });
  return out;
}
