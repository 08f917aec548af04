import { GradLabError } from '../../errors';
import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';
import { normalizeAxis, splitAt } from './shapes';

/** Joins tensors along `axis` (default 0); other axes must agree.  ∂/∂ each input = its slice of g. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  const first = tensors[0];
  if (!first) throw new GradLabError('bad-argument', 'concat: needs at least one tensor');
  const ax = normalizeAxis(axis, first.rank, 'concat');
  let total = 0;
  for (const t of tensors) {
    const ok = t.rank === first.rank && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) {
      throw new GradLabError(
        'shape',
        `concat: [${t.shape.join(', ')}] does not match [${first.shape.join(', ')}] off axis ${ax}`,
      );
    }
    total += t.shape[ax]!;
  }
  const shape = first.shape.map((d, i) => (i === ax ? total : d));
  const out = emptyLike(shape);
  const { outer, inner } = splitAt(shape, ax);
  const rowOut = total * inner;
  // Each input contributes a contiguous block of n·inner values to every outer row.
  const offsets: number[] = [];
  let off = 0;
  for (const t of tensors) {
    offsets.push(off);
    off += t.shape[ax]! * inner;
  }
  tensors.forEach((t, k) => {
    const block = t.shape[ax]! * inner;
    for (let o = 0; o < outer; o++) {
      out.data.set(t.data.subarray(o * block, (o + 1) * block), o * rowOut + offsets[k]!);
    }
  });
  record(out, tensors, () => {
    const g = out.grad!;
    tensors.forEach((t, k) => {
      if (!t.requiresGrad) return;
      const gt = t.gradBuffer();
      const block = t.shape[ax]! * inner;
      for (let o = 0; o < outer; o++) {
        const src = o * rowOut + offsets[k]!;
        for (let j = 0; j < block; j++) gt[o * block + j]! += g[src + j]!;
      }
    });
  });
  return out;
}
