import type { Tensor } from '../../autodiff/tensor';
import { Optimizer, OptimizerOptions } from './optimizer';

export interface RmspropOptions extends OptimizerOptions {
  /** Default 0.001. */
  lr?: OptimizerOptions['lr'];
  /** Decay ρ of the squared-gradient average (default 0.9, Keras). */
  rho?: number;
  /** ε added to √s (default 1e-7, Keras). */
  eps?: number;
  /** L2 coefficient added to the gradient (default 0). */
  weightDecay?: number;
}

/** RMSprop:  g ← g + λw;  s ← ρs + (1−ρ)g²;  w ← w − lr·g/(√s + ε). */
export class RMSprop extends Optimizer {
  readonly rho: number;
  readonly eps: number;
  readonly weightDecay: number;
  private readonly sq: Float64Array[];

  constructor(params: readonly Tensor[], options: RmspropOptions = {}) {
    super(params, options, 0.001);
    this.rho = options.rho ?? 0.9;
    this.eps = options.eps ?? 1e-7;
    this.weightDecay = options.weightDecay ?? 0;
    this.sq = this.params.map((p) => new Float64Array(p.size));
  }

  protected update(i: number, w: Float64Array, g: Float64Array, lr: number): number {
    const rho = this.rho,
      eps = this.eps,
      wd = this.weightDecay,
      sq = this.sq[i]!;
    let s = 0;
    for (let j = 0; j < w.length; j++) {
      const gj = g[j]! + wd * w[j]!;
      const sj = rho * sq[j]! + (1 - rho) * gj * gj;
      sq[j] = sj;
      const delta = (lr * gj) / (Math.sqrt(sj) + eps);
      w[j] = w[j]! - delta;
      s += delta * delta;
    }
    return s;
  }
}
