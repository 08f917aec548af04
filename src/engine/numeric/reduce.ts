/** Reductions over Float64Arrays. */

/** Σ a[i] for i in [from, to). */
export function sumOf(a: Float64Array, from = 0, to = a.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s;
}

/** Σ a[i]·b[i] over the first n elements. */
export function dot(a: Float64Array, b: Float64Array, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

/** Σ a[i]² over the first n elements. */
export function sumSquares(a: Float64Array, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * a[i]!;
  return s;
}

/** Euclidean norm ‖a‖₂. */
export function norm2(a: Float64Array, n = a.length): number {
  return Math.sqrt(sumSquares(a, n));
}

/**
 * log Σ exp(a[from + i·stride]) for i < count, stable: the max is subtracted first, so no exp
 * overflows; −∞ if every term is −∞, NaN if any term is NaN, +∞ if any is +∞.
 */
export function logSumExp(a: Float64Array, from = 0, count = a.length - from, stride = 1): number {
  let max = -Infinity;
  for (let i = 0, p = from; i < count; i++, p += stride) {
    const v = a[p]!;
    if (v > max || v !== v) max = v;
    if (v !== v) return NaN;
  }
  if (max === -Infinity || max === Infinity) return max;
  let s = 0;
  for (let i = 0, p = from; i < count; i++, p += stride) s += Math.exp(a[p]! - max);
  return max + Math.log(s);
}

/** Index of the largest of a[from..from+count) (the first on ties). */
export function argMax(a: Float64Array, from = 0, count = a.length - from): number {
  let best = 0;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = a[from + i]!;
    if (v > max) {
      max = v;
      best = i;
    }
  }
  return best;
}

/**
 * Copies rows indices[start .. start+count) of the row-major `src` (each `cols` wide) into the
 * first count·cols values of `dst`: a shuffled mini-batch without allocating.
 */
export function gatherRows(
  src: Float64Array,
  cols: number,
  indices: ArrayLike<number>,
  start: number,
  count: number,
  dst: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const from = indices[start + i]! * cols,
      to = i * cols;
    for (let j = 0; j < cols; j++) dst[to + j] = src[from + j]!;
  }
}
