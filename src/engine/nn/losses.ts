/**
 * Losses as tape ops. Each is one fused op (lossKernels.ts): the forward computes the mean loss
 * and ∂loss/∂pred together, and the backward scales that by the incoming gradient. All return a
 * scalar tensor (shape []). `target` must hold as many values as `pred` (shapes may differ, e.g.
 * [m] against [m, 1]); its gradient is computed too when it requires one.
 */
import { GradLabError } from '../errors';
import { record } from '../autodiff/tape';
import { Tensor, emptyLike } from '../autodiff/tensor';
import { LossSpec, lossAndGradient, lossName, huberDelta } from './lossKernels';

function lossOp(spec: LossSpec, pred: Tensor, target: Tensor): Tensor {
  const name = lossName(spec);
  if (pred.size !== target.size) {
    throw new GradLabError(
      'shape',
      `${name}: prediction [${pred.shape.join(', ')}] and target [${target.shape.join(', ')}] differ in size`,
    );
  }
  const n = pred.size;
  const dPred = new Float64Array(n);
  const out = emptyLike([]);
  out.data[0] = lossAndGradient(spec, pred.data, target.data, 1, n, dPred);
  record(out, [pred, target], () => {
    const g = out.grad![0]!;
    if (pred.requiresGrad) {
      const gp = pred.gradBuffer();
      for (let i = 0; i < n; i++) gp[i]! += g * dPred[i]!;
    }
    if (target.requiresGrad)
      addTargetGradient(spec, pred.data, target.data, g, target.gradBuffer(), dPred);
  });
  return out;
}

/** ∂loss/∂target, which differs from −∂loss/∂pred only for BCE (∂/∂y = −z/N). */
function addTargetGradient(
  spec: LossSpec,
  z: Float64Array,
  y: Float64Array,
  g: number,
  gy: Float64Array,
  dPred: Float64Array,
): void {
  const n = z.length;
  if (lossName(spec) === 'bceWithLogits') {
    for (let i = 0; i < n; i++) gy[i]! -= (g * z[i]!) / n;
  } else {
    for (let i = 0; i < n; i++) gy[i]! -= g * dPred[i]!;
  }
}

/** Mean squared error Σ(p − y)²/N.  ∂/∂p = 2(p − y)/N. */
export function mse(pred: Tensor, target: Tensor): Tensor {
  return lossOp('mse', pred, target);
}

/** Mean absolute error Σ|p − y|/N.  ∂/∂p = sign(p − y)/N, 0 at p = y. */
export function mae(pred: Tensor, target: Tensor): Tensor {
  return lossOp('mae', pred, target);
}

/** Huber loss with threshold δ (default 1): quadratic within δ, linear beyond.  ∂/∂p = clamp(r, −δ, δ)/N. */
export function huber(pred: Tensor, target: Tensor, delta = 1): Tensor {
  huberDelta({ name: 'huber', delta });
  return lossOp({ name: 'huber', delta }, pred, target);
}

/**
 * Binary cross-entropy on logits z with targets y in [0, 1]: mean of max(z,0) − z·y + log(1+e^−|z|),
 * exact for any z (no log(0)).  ∂/∂z = (σ(z) − y)/N.
 */
export function bceWithLogits(logits: Tensor, targets: Tensor): Tensor {
  return lossOp('bceWithLogits', logits, targets);
}

/**
 * Softmax cross-entropy of logits [rows, classes], mean over rows. `labels` are class indices
 * (one per row) or a tensor of per-class targets (one-hot or probabilities) shaped like the logits.
 * Stable (log-sum-exp with the max subtracted).  ∂/∂z = (softmax(z) − y)/rows.
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor | ArrayLike<number>): Tensor {
  if (logits.rank !== 2) {
    throw new GradLabError(
      'shape',
      `softmaxCrossEntropy: logits must be [rows, classes], got [${logits.shape.join(', ')}]`,
    );
  }
  const rows = logits.shape[0]!,
    cols = logits.shape[1]!;
  const isTensor = labels instanceof Tensor;
  const y = isTensor ? labels.data : Float64Array.from(labels);
  if (isTensor ? labels.size !== rows * cols : y.length !== rows) {
    throw new GradLabError(
      'shape',
      `softmaxCrossEntropy: expected ${isTensor ? `${rows}×${cols} targets` : `${rows} labels`}, got ${isTensor ? labels.size : y.length}`,
    );
  }
  const dz = new Float64Array(rows * cols);
  const out = emptyLike([]);
  // Index labels are passed as a rows-long array, which the kernel tells apart from rows×cols.
  out.data[0] = lossAndGradient(
    'softmaxCrossEntropy',
    logits.data,
    cols === 1 && !isTensor ? oneHot1(y) : y,
    rows,
    cols,
    dz,
  );
  const inputs = isTensor ? [logits, labels] : [logits];
  record(out, inputs, () => {
    const g = out.grad![0]!;
    if (logits.requiresGrad) {
      const gz = logits.gradBuffer();
      for (let i = 0; i < dz.length; i++) gz[i]! += g * dz[i]!;
    }
    if (isTensor && labels.requiresGrad) {
      // ∂/∂y_rc = (lse_r − z_rc)/rows.
      const gy = labels.gradBuffer(),
        z = logits.data;
      for (let r = 0; r < rows; r++) {
        let max = -Infinity;
        for (let c = 0; c < cols; c++) max = Math.max(max, z[r * cols + c]!);
        let s = 0;
        for (let c = 0; c < cols; c++) s += Math.exp(z[r * cols + c]! - max);
        const lse = max + Math.log(s);
        for (let c = 0; c < cols; c++) gy[r * cols + c]! += (g * (lse - z[r * cols + c]!)) / rows;
      }
    }
  });
  return out;
}

/** With a single class every label must be 0, i.e. the one-hot target is all ones. */
function oneHot1(labels: Float64Array): Float64Array {
  for (const l of labels) {
    if (l !== 0)
      throw new GradLabError('bad-argument', `softmaxCrossEntropy: label ${l} not in 0..0`);
  }
  return new Float64Array(labels.length).fill(1);
}

/** The tape loss for a spec, e.g. `computeLoss('mse', pred, y)`; class indices need softmaxCrossEntropy. */
export function computeLoss(spec: LossSpec, pred: Tensor, target: Tensor): Tensor {
  const name = lossName(spec);
  if (name === 'softmaxCrossEntropy') {
    return target.size === pred.size
      ? softmaxCrossEntropy(pred, target)
      : softmaxCrossEntropy(pred, target.data);
  }
  return lossOp(spec, pred, target);
}

/** λ·Σ|w| over all `params` (L1, lasso).  ∂/∂w = λ·sign(w), 0 at w = 0. */
export function l1Penalty(params: readonly Tensor[], lambda: number): Tensor {
  return penaltyOp(params, lambda, 1);
}

/** λ·Σw² over all `params` (L2, ridge; no ½, as in Keras's l2).  ∂/∂w = 2λw. */
export function l2Penalty(params: readonly Tensor[], lambda: number): Tensor {
  return penaltyOp(params, lambda, 2);
}

function penaltyOp(params: readonly Tensor[], lambda: number, kind: 1 | 2): Tensor {
  const out = emptyLike([]);
  let s = 0;
  for (const p of params) {
    const w = p.data;
    for (let i = 0; i < w.length; i++) s += kind === 1 ? Math.abs(w[i]!) : w[i]! * w[i]!;
  }
  out.data[0] = lambda * s;
  record(out, params, () => {
    const g = out.grad![0]! * lambda;
    for (const p of params) {
      if (!p.requiresGrad) continue;
      const w = p.data,
        gp = p.gradBuffer();
      for (let i = 0; i < w.length; i++) {
        const v = w[i]!;
        gp[i]! += kind === 1 ? (v > 0 ? g : v < 0 ? -g : 0) : 2 * g * v;
      }
    }
  });
  return out;
}
