/** Shape helpers shared by the ops: broadcasting, axis normalisation and reduction maps. */
import { GradLabError } from '../../errors';
import { Shape, Tensor, shapeSize } from '../tensor';

/** A tensor, or a number standing for a constant scalar. */
export type TensorLike = Tensor | number;

/** `x` as a Tensor (a number becomes a constant rank-0 tensor). */
export function toTensor(x: TensorLike): Tensor {
  return typeof x === 'number' ? new Tensor(Float64Array.of(x), [], false) : x;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The NumPy broadcast of two shapes (align right; each pair equal or one of them 1). */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const da = a[a.length - r + i] ?? 1;
    const db = b[b.length - r + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new GradLabError(
        'shape',
        `${op}: shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`,
      );
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/**
 * For each flat index of `out`, the flat index of the element of `inp` broadcast to it; null when
 * the shapes are equal (the identity). Backward uses the same map to sum gradients back.
 */
export function broadcastIndex(out: Shape, inp: Shape): Int32Array | null {
  if (sameShape(out, inp)) return null;
  const r = out.length;
  const off = r - inp.length;
  const strides = new Array<number>(r).fill(0);
  let s = 1;
  for (let d = inp.length - 1; d >= 0; d--) {
    strides[d + off] = inp[d] === 1 ? 0 : s;
    s *= inp[d]!;
  }
  const n = shapeSize(out);
  const map = new Int32Array(n);
  const idx = new Array<number>(r).fill(0);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    map[i] = pos;
    for (let d = r - 1; d >= 0; d--) {
      idx[d]!++;
      pos += strides[d]!;
      if (idx[d]! < out[d]!) break;
      pos -= strides[d]! * out[d]!;
      idx[d] = 0;
    }
  }
  return map;
}

/** An axis in [−rank, rank) as a non-negative axis. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    throw new GradLabError('shape', `${op}: axis ${axis} out of range for rank ${rank}`);
  }
  return a;
}

/** Splits `shape` around `axis` into outer × n × inner, the layout of per-axis loops. */
export function splitAt(shape: Shape, axis: number): { outer: number; n: number; inner: number } {
  return {
    outer: shapeSize(shape.slice(0, axis)),
    n: shape[axis]!,
    inner: shapeSize(shape.slice(axis + 1)),
  };
}

export interface Reduction {
  /** Shape without the reduced axes (keepDims false) or with them as 1 (keepDims true). */
  shape: number[];
  /** For each input flat index, the output flat index it reduces into. */
  map: Int32Array;
  /** How many inputs reduce into each output. */
  count: number;
}

/** The reduction of `shape` over `axes` (all when undefined). */
export function reduction(
  shape: Shape,
  axes: number | readonly number[] | undefined,
  keepDims: boolean,
  op: string,
): Reduction {
  const rank = shape.length;
  const list =
    axes === undefined ? shape.map((_, i) => i) : typeof axes === 'number' ? [axes] : axes;
  const reduced = new Array<boolean>(rank).fill(false);
  for (const a of list) reduced[normalizeAxis(a, rank, op)] = true;
  const kept = shape.map((d, i) => (reduced[i] ? 1 : d));
  const out = keepDims ? kept : shape.filter((_, i) => !reduced[i]);
  const map =
    broadcastIndex(shape, kept) ?? Int32Array.from({ length: shapeSize(shape) }, (_, i) => i);
  // broadcastIndex maps each element of `shape` to its element in `kept`: exactly the reduction.
  return { shape: out, map, count: shapeSize(shape) / Math.max(1, shapeSize(kept)) };
}
