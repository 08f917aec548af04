import type { Tensor } from '../../autodiff/tensor';
import { Optimizer, OptimizerOptions } from './optimizer';

export interface SgdOptions extends OptimizerOptions {
  /** Default 0.01. */
  lr?: OptimizerOptions['lr'];
  /** Momentum μ (default 0: plain SGD). */
  momentum?: number;
  /** Nesterov momentum (default false; needs momentum > 0). */
  nesterov?: boolean;
  /** L2 coefficient added to the gradient: g ← g + λw (default 0). */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent, PyTorch's formulation:
 *   g ← g + λw;  v ← μv + g;  d = nesterov ? g + μv : v (μ = 0: d = g);  w ← w − lr·d.
 * (Equal to Keras's v ← μv − lr·g; w ← w + v for a constant lr.)
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  private readonly velocity: Float64Array[];

  constructor(params: readonly Tensor[], options: SgdOptions = {}) {
    super(params, options, 0.01);
    this.momentum = options.momentum ?? 0;
    this.nesterov = options.nesterov ?? false;
    this.weightDecay = options.weightDecay ?? 0;
    this.velocity = this.params.map((p) => new Float64Array(this.momentum > 0 ? p.size : 0));
  }

  protected update(i: number, w: Float64Array, g: Float64Array, lr: number): number {
    const mu = this.momentum,
      wd = this.weightDecay,
      v = this.velocity[i]!;
    let s = 0;
    for (let j = 0; j < w.length; j++) {
      const gj = g[j]! + wd * w[j]!;
      let d = gj;
      if (mu > 0) {
        const vj = mu * v[j]! + gj;
        v[j] = vj;
        d = this.nesterov ? gj + mu * vj : vj;
      }
      const delta = lr * d;
      w[j] = w[j]! - delta;
      s += delta * delta;
    }
    return s;
  }
}
