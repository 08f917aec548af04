/**
 * Fused loss kernels: one pass computes the mean loss AND its gradient with respect to the
 * predictions (logits for the two cross-entropies). Used both by the tape losses (losses.ts) and by
 * the MLP fast path, so the two can only differ in the backward through the layers.
 */
import { GradLabError } from '../errors';
import { sigmoidScalar } from '../numeric/activation';

export type LossName = 'mse' | 'mae' | 'huber' | 'bceWithLogits' | 'softmaxCrossEntropy';

export const LOSS_NAMES: readonly LossName[] = [
  'mse',
  'mae',
  'huber',
  'bceWithLogits',
  'softmaxCrossEntropy',
];

/** A loss by name, or with options (Huber's δ, default 1). */
export type LossSpec = LossName | { name: LossName; delta?: number };

export function lossName(spec: LossSpec): LossName {
  return typeof spec === 'string' ? spec : spec.name;
}

export function huberDelta(spec: LossSpec): number {
  const d = typeof spec === 'string' ? 1 : (spec.delta ?? 1);
  if (!(d > 0)) throw new GradLabError('bad-argument', `huber: delta must be > 0, got ${d}`);
  return d;
}

/**
 * Mean loss of `pred` (rows × cols) against `target`, and, when `grad` is given, ∂loss/∂pred
 * written into grad[0 .. rows·cols) (overwritten). Definitions (N = rows·cols):
 * - mse  = Σ r² / N with r = pred − target;             ∂ = 2r/N
 * - mae  = Σ |r| / N;                                   ∂ = sign(r)/N (0 at r = 0)
 * - huber= Σ h(r) / N, h = r²/2 if |r| ≤ δ else δ(|r| − δ/2);  ∂ = clamp(r, −δ, δ)/N
 * - bceWithLogits = Σ [max(z,0) − z·y + log(1 + e^−|z|)] / N;  ∂ = (σ(z) − y)/N
 * - softmaxCrossEntropy = (1/rows) Σ_rows [lse(z)·Σy − Σ y·z]; ∂ = (softmax(z)·Σy − y)/rows.
 *   `target` is either class indices (length rows) or per-class targets (rows × cols, e.g. one-hot).
 */
export function lossAndGradient(
  spec: LossSpec,
  pred: Float64Array,
  target: Float64Array,
  rows: number,
  cols: number,
  grad: Float64Array | null,
): number {
  const name = lossName(spec);
  const n = rows * cols;
  if (name === 'softmaxCrossEntropy')
    return softmaxCrossEntropyKernel(pred, target, rows, cols, grad);
  if (target.length < n) {
    throw new GradLabError('shape', `${name}: ${n} predictions but ${target.length} targets`);
  }
  const inv = 1 / n;
  let s = 0;
  switch (name) {
    case 'mse':
      for (let i = 0; i < n; i++) {
        const r = pred[i]! - target[i]!;
        s += r * r;
        if (grad) grad[i] = 2 * r * inv;
      }
      break;
    case 'mae':
      for (let i = 0; i < n; i++) {
        const r = pred[i]! - target[i]!;
        s += Math.abs(r);
        if (grad) grad[i] = r > 0 ? inv : r < 0 ? -inv : 0;
      }
      break;
    case 'huber': {
      const d = huberDelta(spec);
      for (let i = 0; i < n; i++) {
        const r = pred[i]! - target[i]!;
        const a = Math.abs(r);
        s += a <= d ? 0.5 * r * r : d * (a - 0.5 * d);
        if (grad) grad[i] = (r > d ? d : r < -d ? -d : r) * inv;
      }
      break;
    }
    case 'bceWithLogits':
      for (let i = 0; i < n; i++) {
        const z = pred[i]!;
        const y = target[i]!;
        s += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
        if (grad) grad[i] = (sigmoidScalar(z) - y) * inv;
      }
      break;
  }
  return s * inv;
}

function softmaxCrossEntropyKernel(
  z: Float64Array,
  target: Float64Array,
  rows: number,
  cols: number,
  grad: Float64Array | null,
): number {
  const indices = target.length === rows && cols !== 1;
  if (!indices && target.length < rows * cols) {
    throw new GradLabError(
      'shape',
      `softmaxCrossEntropy: targets must be ${rows} class indices or ${rows}×${cols} values, got ${target.length}`,
    );
  }
  const inv = 1 / rows;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (z[base + c]! > max) max = z[base + c]!;
    let s = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(z[base + c]! - max);
    const lse = max + Math.log(s);
    if (indices) {
      const label = target[r]!;
      if (!Number.isInteger(label) || label < 0 || label >= cols) {
        throw new GradLabError(
          'bad-argument',
          `softmaxCrossEntropy: label ${label} not in 0..${cols - 1}`,
        );
      }
      total += lse - z[base + label]!;
      if (grad) {
        for (let c = 0; c < cols; c++) grad[base + c] = Math.exp(z[base + c]! - lse) * inv;
        grad[base + label] = grad[base + label]! - inv;
      }
    } else {
      let ySum = 0;
      let yz = 0;
      for (let c = 0; c < cols; c++) {
        ySum += target[base + c]!;
        yz += target[base + c]! * z[base + c]!;
      }
      total += lse * ySum - yz;
      if (grad) {
        for (let c = 0; c < cols; c++) {
          grad[base + c] = (Math.exp(z[base + c]! - lse) * ySum - target[base + c]!) * inv;
        }
      }
    }
  }
  return total * inv;
}
