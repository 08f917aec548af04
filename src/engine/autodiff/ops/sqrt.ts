import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';

/** Elementwise √a.  ∂/∂a = 1/(2√a) (+∞ at 0). */
export function sqrt(a: Tensor): Tensor {
  const x = a.data,
    n = x.length,
    out = emptyLike(a.shape),
    y = out.data;
  for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]!);
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[i]! += g[i]! / (2 * y[i]!);
  });
  return out;
}
