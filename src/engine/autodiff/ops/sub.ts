import { record } from '../tape';
import type { Tensor } from '../tensor';
import { setupBinary } from './binary';
import type { TensorLike } from './shapes';

/** Elementwise a − b with broadcasting.  ∂/∂a = 1, ∂/∂b = −1. */
export function sub(x: TensorLike, y: TensorLike): Tensor {
  const { a, b, out, ia, ib } = setupBinary(x, y, 'sub');
  const u = a.data,
    v = b.data,
    z = out.data,
    n = z.length;
  for (let i = 0; i < n; i++) z[i] = u[ia ? ia[i]! : i]! - v[ib ? ib[i]! : i]!;
  record(out, [a, b], () => {
    const g = out.grad!;
    if (a.requiresGrad) {
      const ga = a.gradBuffer();
      for (let i = 0; i < n; i++) ga[ia ? ia[i]! : i]! += g[i]!;
    }
    if (b.requiresGrad) {
      const gb = b.gradBuffer();
      for (let i = 0; i < n; i++) gb[ib ? ib[i]! : i]! -= g[i]!;
    }
  });
  return out;
}
