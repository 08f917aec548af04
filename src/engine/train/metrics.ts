/**
 * Evaluation metrics, in the target's own units. Definitions follow scikit-learn: R² = 1 − SSres/SStot
 * (for a constant y: 1 when the fit is exact, else 0), log-loss with probabilities clipped to
 * [1e−15, 1 − 1e−15], precision/recall/F1 per class with 0 when undefined (zero_division = 0).
 */

export interface RegressionMetrics {
  r2: number;
  mse: number;
  rmse: number;
  mae: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  logLoss: number;
}

export interface ClassReport {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** R², MSE, RMSE and MAE of predictions against actual values. */
export function regressionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  const n = actual.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]!;
  mean /= n;
  let sse = 0;
  let sst = 0;
  let sae = 0;
  for (let i = 0; i < n; i++) {
    const r = predicted[i]! - actual[i]!;
    sse += r * r;
    sae += Math.abs(r);
    sst += (actual[i]! - mean) * (actual[i]! - mean);
  }
  const mse = sse / n;
  // sklearn: a constant y gives R² = 1 for a perfect fit and 0 otherwise.
  const r2 = sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0;
  return { r2, mse, rmse: Math.sqrt(mse), mae: sae / n };
}

const EPS = 1e-15;

/**
 * Accuracy and log-loss from class probabilities (rows × classes, row-major) and true class
 * indices. The predicted class is the most probable (the first on a tie).
 */
export function classificationMetrics(labels: ArrayLike<number>, probs: Float64Array, classes: number): ClassificationMetrics {
  const n = labels.length;
  let correct = 0;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (argMaxRow(probs, i, classes) === y) correct++;
    const p = Math.min(1 - EPS, Math.max(EPS, probs[i * classes + y]!));
    ll -= Math.log(p);
  }
  return { accuracy: correct / n, logLoss: ll / n };
}

/** Index of the largest value in row i. */
export function argMaxRow(probs: Float64Array, i: number, classes: number): number {
  let best = 0;
  let bestP = -Infinity;
  for (let c = 0; c < classes; c++) {
    const p = probs[i * classes + c]!;
    if (p > bestP) {
      bestP = p;
      best = c;
    }
  }
  return best;
}

/** matrix[actual][predicted] counts. */
export function confusionMatrix(labels: ArrayLike<number>, probs: Float64Array, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]!]![argMaxRow(probs, i, classes)]!++;
  return m;
}

/** Precision, recall, F1 and support per class, from a confusion matrix. */
export function perClassReport(matrix: number[][], names: readonly string[]): ClassReport[] {
  return names.map((label, k) => {
    const tp = matrix[k]![k]!;
    const support = matrix[k]!.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, row) => a + row[k]!, 0);
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
}
