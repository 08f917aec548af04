/**
 * A training run as a step-able state machine. The work is cut into slices of mini-batches (about
 * `sliceMs` each); the async driver (`start`) yields to the event loop between slices, so pause,
 * resume, step and stop messages reach a worker mid-epoch, while `runSync` drives the same slices
 * without yielding (CLI, tests). Numbers never depend on timing: the same seed gives the same run.
 *
 * Per epoch: seeded shuffle, mini-batch steps on the nn fast path (trainStep: fused forward,
 * loss, backward, optimizer, per-layer gradient norms), then the full training and validation
 * losses and metrics with the epoch's final weights, divergence and early-stopping checks, and a
 * progress report. Reports are batched so that at most one callback fires per `progressIntervalMs`
 * (default 50 ms, ≤ 20 per second); the last epoch is always reported before the run ends.
 */
import { GradLabError, asGradLabError } from '../errors';
import { makeOptimizer, type Optimizer } from '../nn';
import { Rng, gatherRows } from '../numeric';
import type { CsvInput, CsvTable } from '../data';
import { EarlyStopping } from './earlyStopping';
import { prepareRun, type EncodedSplit, type PreparedRun, type RunOptions } from './prepareRun';
import { buildResult, evaluateSplit, type Evaluation, type RunResult, type StopReason } from './runResult';
import { defaultTrainConfig, type TrainConfig, type Task, type ModelKind } from './config';
import type { TrainedModel } from './trainedModel';

export type RunStatus = 'ready' | 'running' | 'paused' | StopReason;

export interface RunInfo {
  task: Task;
  model: ModelKind;
  target: string;
  /** The CSV columns used as features. */
  features: string[];
  /** The encoded model inputs (one-hot columns named "column=level"). */
  inputs: string[];
  /** One name per layer whose gradient norm is reported. */
  layers: string[];
  classes: string[];
  /** Training loss (target units) of the exact least-squares fit (linear regression, MSE), else null. */
  closedFormLoss: number | null;
  epochs: number;
  trainRows: number;
  valRows: number;
  /** Rows removed by the missing-value policy. */
  droppedRows: number;
  config: TrainConfig;
}

export interface EpochReport {
  epoch: number;
  /** null when not finite (a diverging run). Data loss without penalties, in the target's units. */
  trainLoss: number | null;
  valLoss: number | null;
  samplesPerSec: number;
  /** Mean over the epoch's steps of each layer's gradient norm (before clipping); null if not finite. */
  gradNorms: Array<number | null>;
  metrics: { train: Record<string, number>; val: Record<string, number> | null };
  /** Training time so far, without pauses. */
  elapsedMs: number;
}

export interface RunHooks {
  onProgress?: (reports: EpochReport[]) => void;
  onStatus?: (status: RunStatus, message?: string) => void;
  /** Minimum time between progress callbacks (default 50 ms). */
  progressIntervalMs?: number;
  /** Work between yields to the event loop (default 25 ms). */
  sliceMs?: number;
  /** The clock (default performance.now); tests pass a fake one. */
  now?: () => number;
}

/** Parse (if needed), prepare and return a run that has not started: `createTrainingRun(csvText, { target: 'y' })`. */
export function createTrainingRun(source: CsvInput | CsvTable, options: RunOptions, hooks: RunHooks = {}): TrainingRun {
  return new TrainingRun(prepareRun(source, options), hooks);
}

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

export class TrainingRun {
  readonly info: RunInfo;
  readonly history: EpochReport[] = [];
  private state: RunStatus = 'ready';
  private readonly p: PreparedRun;
  private readonly hooks: RunHooks;
  private readonly now: () => number;
  private readonly optimizer: Optimizer;
  private readonly shuffler: Rng;
  private readonly order: Int32Array;
  private readonly xb: Float64Array;
  private readonly yb: Float64Array;
  private readonly gradSums: Float64Array;
  private readonly early: EarlyStopping | null;
  private readonly monitor: 'val_loss' | 'loss';
  private readonly referenceLoss: number;
  private epoch = 0;
  private cursor = -1; // next batch start within the epoch; -1 = between epochs
  private epochBatches = 0;
  private epochMs = 0;
  private activeMs = 0;
  private batchDiverged = false;
  private lastGood: Float64Array[];
  private best: Float64Array[] | null = null;
  private pending: EpochReport[] = [];
  private lastEmit = -Infinity;
  private pauseRequested = false;
  private stopRequested = false;
  private stepping = false;
  private wake: (() => void) | null = null;
  private driver: Promise<RunResult> | null = null;
  private finalResult: RunResult | null = null;

  constructor(prepared: PreparedRun, hooks: RunHooks = {}) {
    this.p = prepared;
    this.hooks = hooks;
    this.now = hooks.now ?? (() => performance.now());
    const { config, model, train, val, data } = prepared;
    const net = model.network;
    this.optimizer = makeOptimizer(net.params(), {
      kind: config.optimizer,
      lr: config.learningRate,
      ...(config.clip > 0 ? { clipNorm: config.clip } : {}),
    });
    this.shuffler = new Rng((config.seed ^ 0x5bd1e995) >>> 0);
    this.order = Int32Array.from({ length: train.rows }, (_, i) => i);
    const batch = Math.min(config.batchSize, train.rows);
    this.xb = new Float64Array(batch * net.inputSize);
    this.yb = new Float64Array(batch);
    this.gradSums = new Float64Array(net.layers.length);
    if (config.monitor === 'val_loss' && !val && config.earlyStopping) {
      throw new GradLabError('bad-argument', 'Early stopping on the validation loss needs a validation split above 0.');
    }
    this.monitor = config.monitor ?? (val ? 'val_loss' : 'loss');
    this.early = config.earlyStopping ? new EarlyStopping({ patience: config.patience, minDelta: config.minDelta }) : null;
    model.provenance = { config, csv: prepared.csv };
    this.referenceLoss = this.evaluate(train).loss;
    this.lastGood = this.snapshot();
    const ls = prepared.leastSquares;
    const layers = net.layers.map((_, l) => (l === net.layers.length - 1 ? 'output' : `hidden ${l + 1}`));
    this.info = {
      task: prepared.task,
      model: config.model,
      target: data.target.name,
      features: data.features.map((f) => f.name),
      inputs: model.preprocessing.inputs.slice(),
      layers,
      classes: model.classes.slice(),
      closedFormLoss: ls ? ls.mse * prepared.lossScale : null,
      epochs: config.solver === 'closed-form' ? 1 : config.epochs,
      trainRows: train.rows,
      valRows: val?.rows ?? 0,
      droppedRows: data.droppedRows,
      config,
    };
  }

  get status(): RunStatus {
    return this.state;
  }

  /** The model with its current weights (the final ones once the run has ended). */
  get model(): TrainedModel {
    return this.p.model;
  }

  get finished(): boolean {
    return this.finalResult !== null;
  }

  /** The result once the run has ended, else null. */
  get result(): RunResult | null {
    return this.finalResult;
  }

  /** Run (or continue) on the event loop until the run ends; the promise gives the result. */
  start(): Promise<RunResult> {
    this.pauseRequested = false;
    this.wakeUp();
    this.driver ??= this.drive();
    return this.driver;
  }

  /** Pause at the next batch boundary. */
  pause(): void {
    if (!this.finished) this.pauseRequested = true;
  }

  resume(): void {
    this.stepping = false;
    this.start();
  }

  /** Train to the end of the current (or next) epoch, then pause. */
  step(): void {
    if (this.finished) return;
    this.stepping = true;
    this.start();
  }

  /** Stop at the next batch boundary; the result keeps the weights reached so far. */
  stop(): void {
    if (this.finished) return;
    this.stopRequested = true;
    if (!this.driver) this.driver = this.drive();
    this.wakeUp();
  }

  /** Run every remaining epoch now, without yielding (CLI, tests). */
  runSync(): RunResult {
    while (!this.finalResult) this.slice(Infinity);
    return this.finalResult;
  }

  private async drive(): Promise<RunResult> {
    try {
      while (!this.finalResult) {
        if (this.stopRequested) {
          this.finish('stopped', 'Stopped by the user.');
          break;
        }
        if (this.pauseRequested) {
          this.flush(true);
          this.setStatus('paused');
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        if (this.state !== 'running') this.setStatus('running');
        const epochEnded = this.slice(this.now() + (this.hooks.sliceMs ?? 25));
        if (epochEnded && this.stepping) {
          this.stepping = false;
          this.pauseRequested = true;
        }
        if (!this.finalResult) await yieldToEventLoop();
      }
      return this.finalResult!;
    } catch (e) {
      throw asGradLabError(e);
    }
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Mini-batches until `deadline` or the end of the epoch; true when an epoch ended. */
  private slice(deadline: number): boolean {
    const { config, train } = this.p;
    if (config.solver === 'closed-form') {
      this.closedForm();
      return true;
    }
    const t0 = this.now();
    if (this.cursor < 0) this.beginEpoch();
    const net = this.p.model.network;
    const d = net.inputSize;
    const loss = this.p.model.networkLoss;
    const penalties = { l1: config.l1, l2: config.l2 };
    const batch = this.yb.length;
    while (this.cursor < train.rows) {
      const start = this.cursor;
      const rows = Math.min(batch, train.rows - start);
      gatherRows(train.x, d, this.order, start, rows, this.xb);
      gatherRows(train.y, 1, this.order, start, rows, this.yb);
      const full = rows === batch;
      const value = net.trainStep(full ? this.xb : this.xb.subarray(0, rows * d), full ? this.yb : this.yb.subarray(0, rows), loss, this.optimizer, penalties);
      this.cursor = start + rows;
      this.epochBatches++;
      for (let l = 0; l < this.gradSums.length; l++) this.gradSums[l] = this.gradSums[l]! + net.stats.gradNorms[l]!;
      if (!Number.isFinite(value)) {
        this.batchDiverged = true;
        break;
      }
      if (this.now() >= deadline) break;
    }
    const spent = this.now() - t0;
    this.epochMs += spent;
    this.activeMs += spent;
    if (this.cursor < train.rows && !this.batchDiverged) return false;
    this.endEpoch();
    return true;
  }

  private beginEpoch(): void {
    this.shuffler.shuffle(this.order);
    this.cursor = 0;
    this.epochBatches = 0;
    this.epochMs = 0;
    this.gradSums.fill(0);
  }

  private evaluate(split: EncodedSplit): Evaluation {
    return evaluateSplit(this.p, split);
  }

  private endEpoch(): void {
    this.epoch++;
    this.cursor = -1;
    const tr = this.evaluate(this.p.train);
    const va = this.p.val ? this.evaluate(this.p.val) : null;
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    const report: EpochReport = {
      epoch: this.epoch,
      trainLoss: finite(tr.loss),
      valLoss: va ? finite(va.loss) : null,
      samplesPerSec: this.epochMs > 0 ? (this.p.train.rows * 1000) / this.epochMs : 0,
      gradNorms: Array.from(this.gradSums, (s) => finite(s / Math.max(1, this.epochBatches))),
      metrics: { train: tr.metrics, val: va?.metrics ?? null },
      elapsedMs: this.activeMs,
    };
    this.history.push(report);
    this.pending.push(report);
    const exploded = this.referenceLoss > 0 && tr.loss > this.p.config.divergenceFactor * this.referenceLoss;
    if (this.batchDiverged || !Number.isFinite(tr.loss) || exploded) {
      this.restore(this.lastGood);
      this.finish('diverged', this.divergenceMessage(exploded));
      return;
    }
    this.lastGood = this.snapshot();
    if (this.early) {
      const monitored = this.monitor === 'val_loss' ? (va?.loss ?? NaN) : tr.loss;
      const verdict = this.early.update(this.epoch, monitored);
      if (verdict === 'improved' && this.p.config.restoreBestWeights) this.best = this.lastGood;
      if (verdict === 'stop') {
        if (this.p.config.restoreBestWeights && this.best) this.restore(this.best);
        this.finish('early-stopping', `No improvement of ${this.monitor} larger than ${this.p.config.minDelta} for ${this.p.config.patience} epochs; the best was epoch ${this.early.bestEpoch}.`);
        return;
      }
    }
    if (this.epoch >= this.p.config.epochs) this.finish('completed');
    else this.flush(false);
  }

  private closedForm(): void {
    const ls = this.p.leastSquares!;
    const layer = this.p.model.network.layers[0]!;
    const t0 = this.now();
    layer.weight.data.set(ls.weights);
    layer.bias.data[0] = ls.intercept;
    this.epochMs = this.now() - t0;
    this.activeMs += this.epochMs;
    this.endEpoch();
    if (!this.finalResult) this.finish('completed');
  }

  private divergenceMessage(exploded: boolean): string {
    const { learningRate: lr, model } = this.p.config;
    const what = exploded ? `grew above ${this.p.config.divergenceFactor}× its starting value` : 'became NaN or infinite';
    // Far above the model's default, a tenth is still far too large: suggest the default itself.
    const usual = defaultTrainConfig(model).learningRate;
    const smaller = lr > 100 * usual ? usual : +(lr / 10).toPrecision(2);
    return `Training diverged at epoch ${this.epoch}: the loss ${what}. Try a smaller learning rate (e.g. ${smaller} instead of ${lr}) or gradient clipping. The weights of the last good epoch were kept.`;
  }

  private snapshot(): Float64Array[] {
    return this.p.model.network.params().map((t) => t.data.slice());
  }

  private restore(weights: Float64Array[]): void {
    this.p.model.network.params().forEach((t, i) => t.data.set(weights[i]!));
  }

  private flush(force: boolean): void {
    if (this.pending.length === 0) return;
    const t = this.now();
    if (!force && t - this.lastEmit < (this.hooks.progressIntervalMs ?? 50)) return;
    const reports = this.pending;
    this.pending = [];
    this.lastEmit = t;
    this.hooks.onProgress?.(reports);
  }

  private setStatus(status: RunStatus, message?: string): void {
    this.state = status;
    this.hooks.onStatus?.(status, message);
  }

  private finish(reason: StopReason, message?: string): void {
    this.finalResult = buildResult(this.p, {
      stopped: reason,
      message,
      history: this.history,
      bestEpoch: reason === 'early-stopping' && this.p.config.restoreBestWeights ? (this.early?.bestEpoch ?? null) : null,
      elapsedMs: this.activeMs,
    });
    this.p.model.provenance = { config: this.p.config, csv: this.p.csv, metrics: this.finalResult.metrics };
    this.flush(true);
    this.setStatus(reason, message);
  }
}
