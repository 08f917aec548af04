import { logSumExp as lseKernel } from '../../numeric/reduce';
import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';
import { normalizeAxis, splitAt } from './shapes';

/**
 * log Σ exp(a) along `axis` (all elements when omitted), stable (max subtracted), dropping the
 * axis unless keepDims.  ∂/∂aᵢ = softmax(a)ᵢ · g.
 */
export function logsumexp(a: Tensor, axis?: number, keepDims = false): Tensor {
  let outer: number, n: number, inner: number;
  let shape: number[];
  if (axis === undefined) {
    outer = 1;
    n = a.size;
    inner = 1;
    shape = keepDims ? a.shape.map(() => 1) : [];
  } else {
    const ax = normalizeAxis(axis, a.rank, 'logsumexp');
    ({ outer, n, inner } = splitAt(a.shape, ax));
    shape = keepDims
      ? a.shape.map((d, i) => (i === ax ? 1 : d))
      : a.shape.filter((_, i) => i !== ax);
  }
  const out = emptyLike(shape);
  const x = a.data,
    y = out.data;
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) y[o * inner + q] = lseKernel(x, o * n * inner + q, n, inner);
  }
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let o = 0; o < outer; o++) {
      for (let q = 0; q < inner; q++) {
        const r = o * inner + q,
          l = y[r]!,
          gr = g[r]!;
        for (let j = 0; j < n; j++) {
          const p = o * n * inner + j * inner + q;
          ga[p]! += gr * Math.exp(x[p]! - l);
        }
      }
    }
  });
  return out;
}
