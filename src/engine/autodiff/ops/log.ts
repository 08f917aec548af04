import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';

/** Elementwise natural log (−∞ at 0, NaN below).  ∂/∂a = 1/a. */
export function log(a: Tensor): Tensor {
  const x = a.data,
    n = x.length,
    out = emptyLike(a.shape),
    y = out.data;
  for (let i = 0; i < n; i++) y[i] = Math.log(x[i]!);
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[i]! += g[i]! / x[i]!;
  });
  return out;
}
