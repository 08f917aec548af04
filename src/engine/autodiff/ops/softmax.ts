import { record } from '../tape';
import { Tensor, emptyLike } from '../tensor';
import { normalizeAxis, splitAt } from './shapes';

/** Writes log-softmax of x along the middle axis of an outer×n×inner layout into y. */
function logSoftmaxInto(
  x: Float64Array,
  y: Float64Array,
  outer: number,
  n: number,
  inner: number,
): void {
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const base = o * n * inner + q;
      let max = -Infinity;
      for (let j = 0; j < n; j++) max = Math.max(max, x[base + j * inner]!);
      if (max === -Infinity || max === Infinity) max = 0; // all −∞ gives NaN below, like tfjs
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.exp(x[base + j * inner]! - max);
      const lse = max + Math.log(s);
      for (let j = 0; j < n; j++) y[base + j * inner] = x[base + j * inner]! - lse;
    }
  }
}

/**
 * Softmax along `axis` (default last): e^xᵢ / Σⱼ e^xⱼ, with the max subtracted first.
 * ∂/∂xᵢ = yᵢ·(gᵢ − Σⱼ gⱼyⱼ).
 */
export function softmax(a: Tensor, axis = -1): Tensor {
  const ax = normalizeAxis(axis, a.rank, 'softmax');
  const { outer, n, inner } = splitAt(a.shape, ax);
  const out = emptyLike(a.shape),
    y = out.data;
  logSoftmaxInto(a.data, y, outer, n, inner);
  for (let i = 0; i < y.length; i++) y[i] = Math.exp(y[i]!);
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let o = 0; o < outer; o++) {
      for (let q = 0; q < inner; q++) {
        const base = o * n * inner + q;
        let s = 0;
        for (let j = 0; j < n; j++) s += g[base + j * inner]! * y[base + j * inner]!;
        for (let j = 0; j < n; j++) {
          const p = base + j * inner;
          ga[p]! += y[p]! * (g[p]! - s);
        }
      }
    }
  });
  return out;
}

/**
 * log softmax along `axis` (default last): xᵢ − logΣⱼ e^xⱼ, stable.
 * ∂/∂xᵢ = gᵢ − softmaxᵢ·Σⱼ gⱼ.
 */
export function logSoftmax(a: Tensor, axis = -1): Tensor {
  const ax = normalizeAxis(axis, a.rank, 'logSoftmax');
  const { outer, n, inner } = splitAt(a.shape, ax);
  const out = emptyLike(a.shape),
    y = out.data;
  logSoftmaxInto(a.data, y, outer, n, inner);
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let o = 0; o < outer; o++) {
      for (let q = 0; q < inner; q++) {
        const base = o * n * inner + q;
        let s = 0;
        for (let j = 0; j < n; j++) s += g[base + j * inner]!;
        for (let j = 0; j < n; j++) {
          const p = base + j * inner;
          ga[p]! += g[p]! - Math.exp(y[p]!) * s;
        }
      }
    }
  });
  return out;
}
