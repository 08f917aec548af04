// Three losses for GradLab's gradient check. Try:
//   gradlab gradcheck examples/losses.ts --function logisticLoss
//   gradlab gradcheck examples/losses.ts --function crossEntropy
//   gradlab gradcheck examples/losses.ts --function smoothL1
// or click "Check gradient" above each function in VS Code.

/** A tiny batch: two features per row, a 0/1 label, three classes for the softmax. */
const X = [
  [0.5, 1.2],
  [-1.1, 0.3],
  [2.0, -0.8],
  [0.2, -1.5],
];
const LABELS = [1, 0, 1, 0];
const CLASSES = [2, 0, 1, 2];

/**
 * Logistic regression's mean negative log-likelihood; w = [w0, w1, bias].
 * Its gradient below is right: the check passes.
 * @point [0.1, -0.3, 0.05]
 * @point [1.5, 0.7, -2]
 */
export function logisticLoss(w: number[]): number {
  let loss = 0;
  for (let i = 0; i < X.length; i++) {
    const z = w[0]! * X[i]![0]! + w[1]! * X[i]![1]! + w[2]!;
    // log(1 + e^z) − y·z, written to stay finite for large |z|.
    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - LABELS[i]! * z;
  }
  return loss / X.length;
}

export function logisticLossGrad(w: number[]): number[] {
  const g = [0, 0, 0];
  for (let i = 0; i < X.length; i++) {
    const z = w[0]! * X[i]![0]! + w[1]! * X[i]![1]! + w[2]!;
    const d = 1 / (1 + Math.exp(-z)) - LABELS[i]!;
    g[0]! += d * X[i]![0]!;
    g[1]! += d * X[i]![1]!;
    g[2]! += d;
  }
  return g.map((v) => v / X.length);
}

/**
 * Softmax cross-entropy of a linear 2→3 model, averaged over the batch; W is 3×2 row-major
 * followed by 3 biases (9 parameters).
 * Its gradient below is subtly wrong: the bias terms are not averaged over the batch, so the
 * check flags components 6, 7 and 8 and finds a constant factor 4 (the batch size) there.
 * @point [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.05, -0.05, 0.1]
 */
export function crossEntropy(p: number[]): number {
  let loss = 0;
  for (let i = 0; i < X.length; i++) {
    const logits = [0, 1, 2].map(
      (k) => p[2 * k]! * X[i]![0]! + p[2 * k + 1]! * X[i]![1]! + p[6 + k]!,
    );
    const m = Math.max(...logits);
    const logSum = m + Math.log(logits.reduce((s, z) => s + Math.exp(z - m), 0));
    loss += logSum - logits[CLASSES[i]!]!;
  }
  return loss / X.length;
}

export function crossEntropyGrad(p: number[]): number[] {
  const g = new Array<number>(9).fill(0);
  for (let i = 0; i < X.length; i++) {
    const logits = [0, 1, 2].map(
      (k) => p[2 * k]! * X[i]![0]! + p[2 * k + 1]! * X[i]![1]! + p[6 + k]!,
    );
    const m = Math.max(...logits);
    const e = logits.map((z) => Math.exp(z - m));
    const sum = e.reduce((a, b) => a + b, 0);
    for (let k = 0; k < 3; k++) {
      const d = e[k]! / sum - (k === CLASSES[i] ? 1 : 0);
      g[2 * k]! += (d * X[i]![0]!) / X.length;
      g[2 * k + 1]! += (d * X[i]![1]!) / X.length;
      g[6 + k]! += d; // the bug: missing "/ X.length"
    }
  }
  return g;
}

/**
 * The smooth L1 (Huber) loss of residuals against targets, with no gradient written: GradLab
 * derives one by automatic differentiation, checks it, and offers to insert it below.
 * @point [0.3, -2.5, 1.1, 0.05]
 */
export function smoothL1(r: number[]): number {
  const targets = [0, -1, 1, 0.5];
  let s = 0;
  for (let i = 0; i < r.length; i++) {
    const d = Math.abs(r[i]! - targets[i]!);
    s += d < 1 ? 0.5 * d * d : d - 0.5;
  }
  return s / r.length;
}
