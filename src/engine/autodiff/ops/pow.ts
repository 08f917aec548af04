import { record } from '../tape';
import type { Tensor } from '../tensor';
import { setupBinary } from './binary';
import type { TensorLike } from './shapes';

/**
 * Elementwise aᵖ, p a number or a broadcastable tensor.  ∂/∂a = p·aᵖ⁻¹,  ∂/∂p = aᵖ·ln a
 * (only computed when p requires a gradient; NaN for a < 0, as the real power is undefined there).
 */
export function pow(x: TensorLike, p: TensorLike): Tensor {
  const { a, b, out, ia, ib } = setupBinary(x, p, 'pow');
  const u = a.data,
    v = b.data,
    z = out.data,
    n = z.length;
  for (let i = 0; i < n; i++) z[i] = Math.pow(u[ia ? ia[i]! : i]!, v[ib ? ib[i]! : i]!);
  record(out, [a, b], () => {
    const g = out.grad!;
    if (a.requiresGrad) {
      const ga = a.gradBuffer();
      for (let i = 0; i < n; i++) {
        const base = u[ia ? ia[i]! : i]!,
          e = v[ib ? ib[i]! : i]!;
        // p·aᵖ⁻¹ written out, not as p·out/a, so that a = 0 gives 0 (p > 1) rather than NaN.
        if (e !== 0) ga[ia ? ia[i]! : i]! += g[i]! * e * Math.pow(base, e - 1);
      }
    }
    if (b.requiresGrad) {
      const gb = b.gradBuffer();
      for (let i = 0; i < n; i++) {
        const base = u[ia ? ia[i]! : i]!;
        if (z[i]! !== 0) gb[ib ? ib[i]! : i]! += g[i]! * z[i]! * Math.log(base);
      }
    }
  });
  return out;
}
