/**
 * The optimizer base: learning-rate schedule, gradient clipping and per-parameter statistics
 * shared by SGD, RMSprop, Adam and AdamW. Subclasses only write the update rule.
 *
 * A step reads each parameter's `.grad` (a missing one counts as zeros), optionally clips, updates
 * `.data` in place, and records, without allocating:
 *   stats.gradNorms[i]   ‖g_i‖ BEFORE clipping (what the vanishing/exploding diagnostics want)
 *   stats.updateNorms[i] ‖Δw_i‖ of this step;  stats.paramNorms[i] ‖w_i‖ after it
 *   stats.globalGradNorm ‖(g_1, …, g_n)‖ before clipping;  stats.lr the rate used;  stats.clipped
 */
import { GradLabError } from '../../errors';
import type { Tensor } from '../../autodiff/tensor';
import { LrSchedule, constantLr } from './schedules';

export interface OptimizerOptions {
  /** A constant rate or a schedule of the step count. */
  lr?: number | LrSchedule;
  /** Clip each gradient component to [−clipValue, clipValue]. */
  clipValue?: number;
  /** Rescale all gradients together so their global L2 norm is at most clipNorm. */
  clipNorm?: number;
}

export interface OptimizerStats {
  readonly gradNorms: Float64Array;
  readonly updateNorms: Float64Array;
  readonly paramNorms: Float64Array;
  globalGradNorm: number;
  lr: number;
  clipped: boolean;
}

export abstract class Optimizer {
  readonly params: readonly Tensor[];
  /** Number of completed steps. */
  stepCount = 0;
  readonly stats: OptimizerStats;
  protected readonly schedule: LrSchedule;
  private readonly clipValue: number;
  private readonly clipNorm: number;

  constructor(params: readonly Tensor[], options: OptimizerOptions, defaultLr: number) {
    this.params = [...params];
    const lr = options.lr ?? defaultLr;
    this.schedule = typeof lr === 'number' ? constantLr(lr) : lr;
    this.clipValue = options.clipValue ?? Infinity;
    this.clipNorm = options.clipNorm ?? Infinity;
    if (!(this.clipValue > 0) || !(this.clipNorm > 0)) {
      throw new GradLabError('bad-argument', 'optimizer: clipValue and clipNorm must be > 0');
    }
    const n = this.params.length;
    this.stats = {
      gradNorms: new Float64Array(n),
      updateNorms: new Float64Array(n),
      paramNorms: new Float64Array(n),
      globalGradNorm: 0,
      lr: this.schedule(0),
      clipped: false,
    };
  }

  /** The rate the next step will use. */
  currentLr(): number {
    return this.schedule(this.stepCount);
  }

  /** Sets every parameter's gradient to zero. */
  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /** ‖Δw_i‖/‖w_i‖ of the last step (0 when w_i = 0 and nothing moved). */
  updateRatio(i: number): number {
    const u = this.stats.updateNorms[i]!,
      w = this.stats.paramNorms[i]!;
    return w === 0 ? (u === 0 ? 0 : Infinity) : u / w;
  }

  /** Applies one update to every parameter from its current gradient. */
  step(): void {
    const lr = this.schedule(this.stepCount);
    const st = this.stats;
    let total = 0;
    for (let i = 0; i < this.params.length; i++) {
      const g = this.params[i]!.gradBuffer();
      let s = 0;
      for (let j = 0; j < g.length; j++) s += g[j]! * g[j]!;
      st.gradNorms[i] = Math.sqrt(s);
      total += s;
    }
    st.globalGradNorm = Math.sqrt(total);
    st.clipped = this.clip(st.globalGradNorm);
    st.lr = lr;
    this.stepCount++;
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i]!;
      st.updateNorms[i] = Math.sqrt(this.update(i, p.data, p.gradBuffer(), lr, this.stepCount));
      let s = 0;
      for (let j = 0; j < p.data.length; j++) s += p.data[j]! * p.data[j]!;
      st.paramNorms[i] = Math.sqrt(s);
    }
  }

  /** Clips gradients in place; true when anything changed. */
  private clip(globalNorm: number): boolean {
    let clipped = false;
    if (this.clipValue !== Infinity) {
      const c = this.clipValue;
      for (const p of this.params) {
        const g = p.gradBuffer();
        for (let j = 0; j < g.length; j++) {
          const v = g[j]!;
          if (v > c || v < -c) {
            g[j] = v > c ? c : -c;
            clipped = true;
          }
        }
      }
    }
    if (this.clipNorm !== Infinity) {
      // Recompute after value clipping, which may have shrunk the norm.
      let norm = globalNorm;
      if (clipped) {
        let s = 0;
        for (const p of this.params) for (const v of p.gradBuffer()) s += v * v;
        norm = Math.sqrt(s);
      }
      if (norm > this.clipNorm) {
        const scale = this.clipNorm / norm;
        for (const p of this.params) {
          const g = p.gradBuffer();
          for (let j = 0; j < g.length; j++) g[j]! *= scale;
        }
        clipped = true;
      }
    }
    return clipped;
  }

  /**
   * Updates w in place from g for parameter i at 1-based step t with rate lr; returns ‖Δw‖².
   */
  protected abstract update(
    i: number,
    w: Float64Array,
    g: Float64Array,
    lr: number,
    t: number,
  ): number;
}
