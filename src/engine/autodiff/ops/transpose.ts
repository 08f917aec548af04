import { GradLabError } from '../../errors';
import { record } from '../tape';
import { Tensor, emptyLike, shapeSize } from '../tensor';

/**
 * Permutes the axes: out.shape[i] = a.shape[perm[i]]; the default reverses them (a matrix
 * transpose for rank 2).  ∂/∂a is the gradient permuted back.
 */
export function transpose(a: Tensor, perm?: readonly number[]): Tensor {
  const r = a.rank;
  const p = perm ?? a.shape.map((_, i) => r - 1 - i);
  if (p.length !== r || [...p].sort((x, y) => x - y).some((v, i) => v !== i)) {
    throw new GradLabError(
      'shape',
      `transpose: [${p.join(', ')}] is not a permutation of ${r} axes`,
    );
  }
  const outShape = p.map((d) => a.shape[d]!);
  const out = emptyLike(outShape);
  // map[i] = the input flat index of output element i.
  const inStrides = a.shape.map((_, d) => shapeSize(a.shape.slice(d + 1)));
  const stepIn = p.map((d) => inStrides[d]!);
  const n = a.size;
  const map = new Int32Array(n);
  const idx = new Array<number>(r).fill(0);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    map[i] = pos;
    for (let d = r - 1; d >= 0; d--) {
      idx[d]!++;
      pos += stepIn[d]!;
      if (idx[d]! < outShape[d]!) break;
      pos -= stepIn[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
  const x = a.data,
    y = out.data;
  for (let i = 0; i < n; i++) y[i] = x[map[i]!]!;
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < n; i++) ga[map[i]!]! += g[i]!;
  });
  return out;
}
