import { GradLabError } from '../../errors';
import { gemmNN, gemmNT, gemmTN } from '../../numeric/gemm';
import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';

/**
 * Matrix product of a [m, k] and b [k, n], giving [m, n].
 * ∂/∂a = g·bᵀ,  ∂/∂b = aᵀ·g, computed by the transposed gemm variants (no transpose is copied).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0]) {
    throw new GradLabError(
      'shape',
      `matmul: needs [m, k]·[k, n], got [${a.shape.join(', ')}]·[${b.shape.join(', ')}]`,
    );
  }
  const m = a.shape[0]!,
    k = a.shape[1]!,
    n = b.shape[1]!;
  const out = emptyLike([m, n]);
  gemmNN(m, n, k, a.data, b.data, out.data);
  record(out, [a, b], () => {
    const g = out.grad!;
    if (a.requiresGrad) gemmNT(m, k, n, g, b.data, a.gradBuffer(), true);
    if (b.requiresGrad) gemmTN(k, n, m, a.data, g, b.gradBuffer(), true);
  });
  return out;
}
