import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';

/** Elementwise tanh.  ∂/∂a = 1 − tanh²(a) (from the output). */
export function tanh(a: Tensor): Tensor {
  const x = a.data,
    n = x.length,
    out = emptyLike(a.shape),
    y = out.data;
  for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]!);
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[i]! += g[i]! * (1 - y[i]! * y[i]!);
  });
  return out;
}
