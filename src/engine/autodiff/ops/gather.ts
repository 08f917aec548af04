import { GradLabError } from '../../errors';
import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';

/**
 * Rows of `a` (axis 0) at `indices`, in that order, repeats allowed: out[i] = a[indices[i]].
 * Used to pick a mini-batch.  ∂/∂a scatters g back, adding where a row was picked twice.
 */
export function gather(a: Tensor, indices: ArrayLike<number>): Tensor {
  if (a.rank === 0) throw new GradLabError('shape', 'gather: needs a tensor of rank ≥ 1');
  const rows = a.shape[0]!;
  const width = a.size / Math.max(1, rows);
  const count = indices.length;
  for (let i = 0; i < count; i++) {
    const r = indices[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= rows) {
      throw new GradLabError('bad-argument', `gather: index ${r} out of range [0, ${rows})`);
    }
  }
  const idx = Int32Array.from(indices as ArrayLike<number>);
  const out = emptyLike([count, ...a.shape.slice(1)]);
  for (let i = 0; i < count; i++) {
    out.data.set(a.data.subarray(idx[i]! * width, (idx[i]! + 1) * width), i * width);
  }
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < count; i++) {
      const src = i * width,
        dst = idx[i]! * width;
      for (let j = 0; j < width; j++) ga[dst + j]! += g[src + j]!;
    }
  });
  return out;
}
