import { GradLabError } from '../../errors';
import { record } from '../tape';
import { Tensor, emptyLike, shapeSize } from '../tensor';

/**
 * The block starting at `begin` with extent `size` per axis (−1: to the end; missing trailing
 * axes: whole), e.g. `slice(x, [0, 2], [-1, 3])` takes columns 2..4 of every row.
 * ∂/∂a = g inside the block, 0 elsewhere.
 */
export function slice(a: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  const r = a.rank;
  const b = a.shape.map((_, d) => begin[d] ?? 0);
  const s = a.shape.map((n, d) => {
    const want = size?.[d] ?? -1;
    return want === -1 ? n - b[d]! : want;
  });
  for (let d = 0; d < r; d++) {
    if (
      !Number.isInteger(b[d]) ||
      !Number.isInteger(s[d]) ||
      b[d]! < 0 ||
      s[d]! < 0 ||
      b[d]! + s[d]! > a.shape[d]!
    ) {
      throw new GradLabError(
        'shape',
        `slice: begin [${b.join(', ')}] size [${s.join(', ')}] outside [${a.shape.join(', ')}]`,
      );
    }
  }
  const out = emptyLike(s);
  const n = out.size;
  const strides = a.shape.map((_, d) => shapeSize(a.shape.slice(d + 1)));
  const map = new Int32Array(n);
  const idx = new Array<number>(r).fill(0);
  let pos = 0;
  for (let d = 0; d < r; d++) pos += b[d]! * strides[d]!;
  for (let i = 0; i < n; i++) {
    map[i] = pos;
    for (let d = r - 1; d >= 0; d--) {
      idx[d]!++;
      pos += strides[d]!;
      if (idx[d]! < s[d]!) break;
      pos -= strides[d]! * s[d]!;
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
