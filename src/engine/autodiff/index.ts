/**
 * GradLab's reverse-mode autodiff: tensors on Float64Array and a tape of backward closures.
 *
 * ```ts
 * import { tensor, constant, matmul, add, relu, mean, mul, sub, backward, noGrad } from './autodiff';
 * const x = constant([[1, 2], [3, 4]]);          // data: no gradient
 * const w = tensor([[0.5], [-0.25]]);            // a parameter (requiresGrad defaults to true)
 * const b = tensor([0.1]);
 * const y = constant([[1], [0]]);
 * const r = sub(add(matmul(x, w), b), y);       // bias broadcasts over rows
 * const loss = mean(mul(r, r));                  // a scalar
 * backward(loss);                                // fills w.grad, b.grad (adds: zero them per step)
 * const pred = noGrad(() => add(matmul(x, w), b)); // inference: nothing recorded
 * ```
 *
 * Ops (all return new tensors; `x: TensorLike` = Tensor | number):
 * - elementwise, broadcasting: add(a, b), sub(a, b), mul(a, b), div(a, b), pow(a, p)
 * - elementwise: neg, exp, log, sqrt, abs, clamp(a, lo, hi), tanh, sigmoid, relu,
 *   leakyRelu(a, α = 0.01), softplus
 * - linear algebra: matmul(a [m,k], b [k,n]), transpose(a, perm?)
 * - reductions: sum(a, axes?, keepDims?), mean(a, axes?, keepDims?), logsumexp(a, axis?, keepDims?),
 *   softmax(a, axis = −1), logSoftmax(a, axis = −1)
 * - shape: reshape(a, shape with one −1 allowed), concat(tensors, axis = 0),
 *   slice(a, begin, size with −1 = to the end), gather(a, rowIndices)
 * Leaves: tensor(values, shape?, requiresGrad = true), constant(values, shape?), scalar(v),
 * zeros/ones/full(shape), randn(shape, rng, std), randu(shape, rng, lo, hi); `new Tensor(data, shape)`
 * wraps a Float64Array without copying. Read values with .data / .item() / .get(i, j) / .toArray(),
 * gradients with .grad (Float64Array | null) / .gradArray().
 *
 * Conventions
 * - Shapes are row-major `number[]`; `[]` is a scalar. Binary elementwise ops (add, sub, mul, div,
 *   pow) broadcast like NumPy and accept plain numbers as constants.
 * - Gradients ACCUMULATE (+=) into `tensor.grad`, so a tensor used twice gets both contributions
 *   and successive backward() calls add up: call `zeroGrad()` (or an optimizer's) between steps.
 * - backward(loss) replays the tape recorded since the last backward/clearTape, then clears it.
 *   Evaluate under noGrad(...) (or call clearTape()) when you do not want gradients.
 * - Derivative conventions at kinks: relu′(0) = 0, abs′(0) = 0, clamp′ = 1 on the closed interval
 *   [lo, hi], leakyRelu′(0) = α.
 * - Ops never mutate inputs; reshape's output shares its input's data buffer.
 * - Errors: GradLabError with code 'shape' (mismatched shapes) or 'bad-argument' (e.g. backward on
 *   a loss that needs no gradient, or reuse of an intermediate after its tape was consumed).
 * - Adding an op: ops/<name>.ts computes the forward on Float64Arrays and calls
 *   record(out, inputs, backward), whose backward adds into `input.gradBuffer()` for each input
 *   with requiresGrad; export it from ops/index.ts and gradcheck it in test/engine/autodiff/ops.
 */
export {
  Tensor,
  tensor,
  constant,
  scalar,
  full,
  zeros,
  ones,
  randn,
  randu,
  shapeSize,
} from './tensor';
export type { Shape, NestedArray } from './tensor';
export { backward, noGrad, clearTape, tapeLength, isRecording, record } from './tape';
export * from './ops';
