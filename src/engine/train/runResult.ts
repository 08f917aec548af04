/**
 * Evaluating a split (loss in the target's units plus metrics) and assembling a run's result: the
 * history, final metrics, per-class report and confusion matrix (validation rows when there are
 * any, else training rows), a sample of predicted-vs-actual points and linear coefficients.
 */
import { lossAndGradient } from '../nn';
import { classificationMetrics, confusionMatrix, perClassReport, regressionMetrics, type ClassReport } from './metrics';
import type { EncodedSplit, PreparedRun } from './prepareRun';

export type StopReason = 'completed' | 'early-stopping' | 'diverged' | 'stopped';

export interface Evaluation {
  /** Data loss (no penalties) in the target's units: MSE in units², MAE in units, cross-entropy in nats. */
  loss: number;
  metrics: Record<string, number>;
  /** Regression: predictions in target units. Classification: probabilities rows × classes. */
  predicted: Float64Array;
}

export interface RunResult {
  stopped: StopReason;
  message?: string;
  history: Array<{ epoch: number; trainLoss: number | null; valLoss: number | null }>;
  /** The epoch whose weights were restored by early stopping, else null. */
  bestEpoch: number | null;
  metrics: { train: Record<string, number>; val: Record<string, number> | null };
  perClass: ClassReport[] | null;
  /** Up to 1000 (actual, predicted) pairs, regression only. */
  predictions: { actual: number[]; predicted: number[] } | null;
  confusion: { labels: string[]; matrix: number[][] } | null;
  coefficients: { intercept: number; weights: Record<string, number> } | null;
  elapsedMs: number;
}

/** Loss and metrics of the model's current weights on one split. */
export function evaluateSplit(p: PreparedRun, split: EncodedSplit): Evaluation {
  const model = p.model;
  const z = model.outputs(split.x);
  const loss = lossAndGradient(model.networkLoss, z, split.y, split.rows, model.network.outputSize, null) * p.lossScale;
  const predicted = model.readOutputs(z);
  if (p.task === 'regression') {
    const m = regressionMetrics(split.actual, predicted);
    return { loss, predicted, metrics: { r2: m.r2, mse: m.mse, rmse: m.rmse, mae: m.mae } };
  }
  const m = classificationMetrics(split.actual, predicted, model.classes.length);
  return { loss, predicted, metrics: { accuracy: m.accuracy, logLoss: m.logLoss } };
}

const MAX_POINTS = 1000;

export interface ResultParts {
  stopped: StopReason;
  message: string | undefined;
  history: ReadonlyArray<{ epoch: number; trainLoss: number | null; valLoss: number | null }>;
  bestEpoch: number | null;
  elapsedMs: number;
}

export function buildResult(p: PreparedRun, parts: ResultParts): RunResult {
  const train = evaluateSplit(p, p.train);
  const val = p.val ? evaluateSplit(p, p.val) : null;
  const shown = val && p.val ? { split: p.val, ev: val } : { split: p.train, ev: train };
  const classes = p.model.classes;
  let perClass: ClassReport[] | null = null;
  let confusion: RunResult['confusion'] = null;
  let predictions: RunResult['predictions'] = null;
  if (p.task === 'classification') {
    const matrix = confusionMatrix(shown.split.actual, shown.ev.predicted, classes.length);
    confusion = { labels: classes.slice(), matrix };
    perClass = perClassReport(matrix, classes);
  } else {
    const n = Math.min(MAX_POINTS, shown.split.rows);
    predictions = {
      actual: Array.from(shown.split.actual.subarray(0, n)),
      predicted: Array.from(shown.ev.predicted.subarray(0, n)),
    };
  }
  return {
    stopped: parts.stopped,
    ...(parts.message !== undefined ? { message: parts.message } : {}),
    history: parts.history.map((h) => ({ epoch: h.epoch, trainLoss: h.trainLoss, valLoss: h.valLoss })),
    bestEpoch: parts.bestEpoch,
    metrics: { train: train.metrics, val: val?.metrics ?? null },
    perClass,
    predictions,
    confusion,
    coefficients: p.model.coefficients(),
    elapsedMs: parts.elapsedMs,
  };
}
