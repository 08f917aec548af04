import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';

/** Elementwise |a|.  ∂/∂a = sign(a), with abs′(0) = 0 (the subgradient PyTorch uses). */
export function abs(a: Tensor): Tensor {
  const x = a.data,
    n = x.length,
    out = emptyLike(a.shape),
    y = out.data;
  for (let i = 0; i < n; i++) y[i] = Math.abs(x[i]!);
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      ga[i]! += v > 0 ? g[i]! : v < 0 ? -g[i]! : 0;
    }
  });
  return out;
}
