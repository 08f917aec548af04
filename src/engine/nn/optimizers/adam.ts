import type { Tensor } from '../../autodiff/tensor';
import { Optimizer, OptimizerOptions } from './optimizer';

export interface AdamOptions extends OptimizerOptions {
  /** Default 0.001. */
  lr?: OptimizerOptions['lr'];
  beta1?: number;
  beta2?: number;
  /** Default 1e-8. */
  eps?: number;
  /** Adam: L2 added to the gradient (default 0). AdamW: decoupled decay (default 0.01). */
  weightDecay?: number;
}

/**
 * Adam (Kingma & Ba), at 1-based step t:
 *   g ← g + λw;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *   m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);  w ← w − lr·m̂/(√v̂ + ε).
 * Defaults lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8, λ 0.
 */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  protected readonly decoupled: boolean;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];

  constructor(params: readonly Tensor[], options: AdamOptions = {}, decoupled = false) {
    super(params, options, 0.001);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? (decoupled ? 0.01 : 0);
    this.decoupled = decoupled;
    this.m = this.params.map((p) => new Float64Array(p.size));
    this.v = this.params.map((p) => new Float64Array(p.size));
  }

  protected update(i: number, w: Float64Array, g: Float64Array, lr: number, t: number): number {
    const b1 = this.beta1,
      b2 = this.beta2,
      eps = this.eps;
    const c1 = 1 / (1 - Math.pow(b1, t)),
      c2 = 1 / (1 - Math.pow(b2, t));
    const l2 = this.decoupled ? 0 : this.weightDecay;
    const decay = this.decoupled ? lr * this.weightDecay : 0;
    const m = this.m[i]!,
      v = this.v[i]!;
    let s = 0;
    for (let j = 0; j < w.length; j++) {
      const wj = w[j]!;
      const gj = g[j]! + l2 * wj;
      const mj = b1 * m[j]! + (1 - b1) * gj;
      const vj = b2 * v[j]! + (1 - b2) * gj * gj;
      m[j] = mj;
      v[j] = vj;
      const delta = (lr * (mj * c1)) / (Math.sqrt(vj * c2) + eps) + decay * wj;
      w[j] = wj - delta;
      s += delta * delta;
    }
    return s;
  }
}

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay,
 *   w ← w − lr·(m̂/(√v̂ + ε) + λw), λ default 0.01 (PyTorch's).
 */
export class AdamW extends Adam {
  constructor(params: readonly Tensor[], options: AdamOptions = {}) {
    super(params, options, true);
  }
}
