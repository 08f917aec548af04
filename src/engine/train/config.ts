/**
 * A training run's settings. Field names match the panel's TrainSettings (src/protocol) so the
 * host passes those through unchanged; the extras (solver, early-stopping details, missing-value
 * policy) have defaults. Every value is checked here, so a bad one is a GradLabError naming it.
 */
import { GradLabError } from '../errors';
import type { MissingPolicy } from '../data';

export type ModelKind = 'linear' | 'logistic' | 'softmax' | 'mlp';
export const MODEL_KINDS: readonly ModelKind[] = ['linear', 'logistic', 'softmax', 'mlp'];
export type HiddenActivation = 'relu' | 'tanh' | 'sigmoid';
export type LossKind = 'mse' | 'mae' | 'huber' | 'cross-entropy';
export type OptimizerKind = 'sgd' | 'momentum' | 'rmsprop' | 'adam';
export type Solver = 'gd' | 'closed-form';
export type Task = 'regression' | 'classification';

export interface TrainConfig {
  model: ModelKind;
  /** Hidden layer widths (MLP only). */
  hidden: number[];
  activation: HiddenActivation;
  /** Undefined: MSE for regression, cross-entropy for classes. */
  loss?: LossKind;
  optimizer: OptimizerKind;
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Penalties on the weights (not the biases), on the standardized scale: l1·Σ|w| + l2·Σw². */
  l1: number;
  l2: number;
  /** Clip the global gradient norm to this value; 0 = no clipping. */
  clip: number;
  /** Fraction of rows held out for validation; 0 = none. */
  valSplit: number;
  seed: number;
  /** 'closed-form' solves linear regression exactly (MSE, optional L2); default 'gd'. */
  solver: Solver;
  earlyStopping: boolean;
  /** Keras EarlyStopping: epochs without an improvement larger than minDelta before stopping. */
  patience: number;
  minDelta: number;
  /** On an early stop, go back to the weights of the best epoch (Keras restores only when it stops). */
  restoreBestWeights: boolean;
  /** 'val_loss' (default when there is validation data) or 'loss'. */
  monitor?: 'val_loss' | 'loss';
  missing: MissingPolicy;
  /** A loss this many times the first one (or NaN/Infinity) stops the run as diverged. */
  divergenceFactor: number;
}

/** The defaults, per model (the panel's defaults: plain SGD for convex models, Adam for the MLP). */
export function defaultTrainConfig(model: ModelKind = 'linear'): TrainConfig {
  const c: TrainConfig = {
    model,
    hidden: [],
    activation: 'relu',
    optimizer: 'sgd',
    learningRate: 0.05,
    batchSize: 32,
    epochs: 100,
    l1: 0,
    l2: 0,
    clip: 0,
    valSplit: 0.2,
    seed: 42,
    solver: 'gd',
    earlyStopping: false,
    patience: 10,
    minDelta: 0,
    restoreBestWeights: true,
    missing: 'error',
    divergenceFactor: 1e4,
  };
  if (model === 'logistic' || model === 'softmax') c.learningRate = 0.1;
  if (model === 'mlp') Object.assign(c, { hidden: [16, 16], optimizer: 'adam', learningRate: 0.01, epochs: 200 });
  return c;
}

/** Defaults for `partial.model`, overridden by `partial`, then checked. */
export function resolveTrainConfig(partial: Partial<TrainConfig> = {}): TrainConfig {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<TrainConfig>;
  const c: TrainConfig = { ...defaultTrainConfig(partial.model ?? 'linear'), ...defined };
  validate(c);
  return c;
}

function bad(field: string, message: string): GradLabError {
  return new GradLabError('bad-argument', `Setting "${field}": ${message}`);
}

function oneOf<T extends string>(field: string, v: T, allowed: readonly T[]): void {
  if (!allowed.includes(v)) throw bad(field, `expected one of ${allowed.join(', ')}, got "${String(v)}".`);
}

function range(field: string, v: number, lo: number, hi: number, opts: { integer?: boolean; openLow?: boolean } = {}): void {
  const ok = Number.isFinite(v) && (opts.openLow ? v > lo : v >= lo) && v <= hi && (!opts.integer || Number.isInteger(v));
  if (!ok) {
    const kind = opts.integer ? 'an integer' : 'a number';
    throw bad(field, `expected ${kind} ${opts.openLow ? 'above' : 'from'} ${lo} ${opts.openLow ? 'and at most' : 'to'} ${hi}, got ${v}.`);
  }
}

function validate(c: TrainConfig): void {
  oneOf('model', c.model, MODEL_KINDS);
  oneOf('activation', c.activation, ['relu', 'tanh', 'sigmoid']);
  if (c.loss !== undefined) oneOf('loss', c.loss, ['mse', 'mae', 'huber', 'cross-entropy']);
  oneOf('optimizer', c.optimizer, ['sgd', 'momentum', 'rmsprop', 'adam']);
  oneOf('solver', c.solver, ['gd', 'closed-form']);
  oneOf('missing', c.missing, ['error', 'drop', 'mean']);
  if (c.monitor !== undefined) oneOf('monitor', c.monitor, ['val_loss', 'loss']);
  // No upper bound: a learning rate too large for the data diverges, and the run says so (a cap
  // would only refuse what the user asked to see).
  range('learningRate', c.learningRate, 0, Number.MAX_VALUE, { openLow: true });
  range('batchSize', c.batchSize, 1, 1e7, { integer: true });
  range('epochs', c.epochs, 1, 1e6, { integer: true });
  range('l1', c.l1, 0, 1e3);
  range('l2', c.l2, 0, 1e3);
  range('clip', c.clip, 0, 1e12);
  range('valSplit', c.valSplit, 0, 0.95);
  range('seed', c.seed, 0, 2 ** 32 - 1, { integer: true });
  range('patience', c.patience, 0, 1e6, { integer: true });
  range('minDelta', c.minDelta, 0, 1e12);
  range('divergenceFactor', c.divergenceFactor, 1, Infinity);
  if (!Array.isArray(c.hidden) || c.hidden.length > 16 || !c.hidden.every((w) => Number.isInteger(w) && w >= 1 && w <= 4096)) {
    throw bad('hidden', `expected up to 16 layer widths from 1 to 4096, got [${String(c.hidden)}].`);
  }
  if (c.model === 'mlp' && c.hidden.length === 0) throw bad('hidden', 'an MLP needs at least one hidden layer, e.g. [10, 10].');
  if (c.solver === 'closed-form') {
    if (c.model !== 'linear') throw bad('solver', `the closed form solves linear regression only, not "${c.model}"; use gradient descent.`);
    if (c.l1 > 0) throw bad('solver', 'the closed form has no L1 penalty (there is no formula for it); use gradient descent or L2.');
    if (c.loss !== undefined && c.loss !== 'mse') throw bad('solver', `the closed form minimizes MSE, not ${c.loss}.`);
  }
}
