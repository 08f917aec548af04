/**
 * Typed-array kernels under the autodiff and nn layers: seeded RNG, gemm in the three layouts
 * backpropagation needs, fused dense forward/backward, activations, reductions, Cholesky and QR.
 */
export { Rng, seededRandom } from './rng';
export { gemmNN, gemmTN, gemmNT } from './gemm';
export { denseForward, denseBackward, columnSums } from './dense';
export {
  ACTIVATIONS,
  LEAKY_ALPHA,
  activateInPlace,
  activationBackward,
  sigmoidScalar,
} from './activation';
export type { ActivationName } from './activation';
export { sumOf, dot, sumSquares, norm2, logSumExp, argMax, gatherRows } from './reduce';
export {
  choleskyInPlace,
  choleskySolveInPlace,
  qrSolveInPlace,
  columnMeans,
  centredNormalEquations,
} from './linalg';
