/**
 * GradLab's neural-network layer on top of autodiff: Dense, a Sequential MLP with a fused fast
 * path, losses, penalties, optimizers with schedules and clipping, and closed-form least squares.
 *
 * Training an MLP, fast path (the training loop's hot path; no allocation per step):
 * ```ts
 * const mlp = new MLP({ inputSize: 8, hiddenSizes: [64, 64], outputSize: 1, activation: 'relu', seed: 1 });
 * const opt = new Adam(mlp.params(), { lr: 1e-3 });              // or makeOptimizer(mlp.params(), spec)
 * const loss = mlp.trainStep(xBatch, yBatch, 'mse', opt);       // Float64Arrays, row-major; returns the loss
 * mlp.stats.gradNorms; mlp.stats.updateRatios;                    // per layer, after each step
 * const yHat = mlp.predict(xTest);                                // rows × outputSize
 * ```
 * The same on the tape (any model, any loss composed from ops):
 * ```ts
 * opt.zeroGrad();
 * const l = add(mse(mlp.forward(constant(xBatch, [rows, 8])), constant(yBatch, [rows, 1])), l2Penalty(mlp.weights(), 1e-4));
 * backward(l); opt.step(); mlp.updateStats(opt);
 * ```
 * Logistic regression is `new MLP({ inputSize: d, hiddenSizes: [], outputSize: 1 })` with
 * 'bceWithLogits'; softmax regression has outputSize = classes with 'softmaxCrossEntropy' and y
 * holding class indices (rows values) or one-hot rows.
 *
 * Conventions: Dense weights are [in, out]; losses are means (softmax CE: mean over rows); L2 is
 * λΣw² (no ½); the fast path WRITES gradients while backward() ADDS them.
 */
export { Dense } from './dense';
export type { DenseOptions } from './dense';
export { MLP } from './mlp';
export type { MLPOptions, MLPJson, LayerStats, Penalties } from './mlp';
export { activate, ACTIVATIONS, LEAKY_ALPHA } from './activations';
export type { ActivationName } from './activations';
export { initWeights, defaultInit } from './init';
export type { InitName } from './init';
export {
  mse,
  mae,
  huber,
  bceWithLogits,
  softmaxCrossEntropy,
  computeLoss,
  l1Penalty,
  l2Penalty,
} from './losses';
export { lossAndGradient, LOSS_NAMES } from './lossKernels';
export type { LossName, LossSpec } from './lossKernels';
export * from './optimizers';
export { linearLeastSquares } from './linearLeastSquares';
export type { LeastSquaresOptions, LeastSquaresResult } from './linearLeastSquares';
