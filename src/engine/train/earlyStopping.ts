/**
 * Early stopping with Keras's semantics (keras.callbacks.EarlyStopping, mode 'min'):
 * - an epoch improves when current < best − minDelta;
 * - `wait` counts epochs since the last improvement; the run stops at the end of an epoch (never
 *   the first) when wait ≥ patience, so patience 3 stops after 3 epochs without improvement;
 * - with restoreBestWeights the weights of the best epoch come back, only when the run stops early
 *   (a run that completes keeps its last weights, as Keras does).
 */
export interface EarlyStoppingOptions {
  patience: number;
  minDelta: number;
}

export class EarlyStopping {
  best = Infinity;
  /** 1-based epoch of the best value so far (0 before any). */
  bestEpoch = 0;
  private wait = 0;
  private epochsSeen = 0;

  constructor(private readonly options: EarlyStoppingOptions) {}

  /**
   * Record the monitored value at the end of `epoch` (1-based). Returns 'improved' (snapshot the
   * weights now), 'stop' or 'continue'. A non-finite value never improves.
   */
  update(epoch: number, current: number): 'improved' | 'stop' | 'continue' {
    this.epochsSeen++;
    this.wait++;
    if (current + this.options.minDelta < this.best) {
      this.best = current;
      this.bestEpoch = epoch;
      this.wait = 0;
      return 'improved';
    }
    return this.wait >= this.options.patience && this.epochsSeen > 1 ? 'stop' : 'continue';
  }
}
