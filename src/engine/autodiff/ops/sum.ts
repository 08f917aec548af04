import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';
import { reduction } from './shapes';

/**
 * Sum over `axes` (all when omitted; negative axes count from the end), dropping them unless
 * keepDims.  ∂/∂a = the gradient broadcast back over the summed axes.
 */
export function sum(a: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  return reduceMean(a, axes, keepDims, false);
}

/** Mean over `axes` (all when omitted).  ∂/∂a = gradient / (number of elements averaged). */
export function mean(a: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  return reduceMean(a, axes, keepDims, true);
}

function reduceMean(
  a: Tensor,
  axes: number | readonly number[] | undefined,
  keepDims: boolean,
  average: boolean,
): Tensor {
  const { shape, map, count } = reduction(a.shape, axes, keepDims, average ? 'mean' : 'sum');
  const out = emptyLike(shape);
  const x = a.data,
    y = out.data,
    n = x.length;
  for (let i = 0; i < n; i++) y[map[i]!]! += x[i]!;
  const scale = average ? 1 / count : 1;
  if (average) for (let j = 0; j < y.length; j++) y[j]! *= scale;
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[i]! += g[map[i]!]! * scale;
  });
  return out;
}
