import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';

/** Elementwise −a.  ∂/∂a = −1. */
export function neg(a: Tensor): Tensor {
  const x = a.data,
    n = x.length,
    out = emptyLike(a.shape),
    y = out.data;
  for (let i = 0; i < n; i++) y[i] = -x[i]!;
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[i]! -= g[i]!;
  });
  return out;
}
