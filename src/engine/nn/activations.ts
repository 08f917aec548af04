/** Activations by name on the tape, matching the numeric kernels used by the MLP fast path. */
import { ActivationName, LEAKY_ALPHA } from '../numeric/activation';
import type { Tensor } from '../autodiff/tensor';
import { leakyRelu, relu } from '../autodiff/ops/relu';
import { sigmoid } from '../autodiff/ops/sigmoid';
import { tanh } from '../autodiff/ops/tanh';

export type { ActivationName } from '../numeric/activation';
export { ACTIVATIONS, LEAKY_ALPHA } from '../numeric/activation';

/** act(x) on the tape; identity returns x itself. */
export function activate(x: Tensor, act: ActivationName, alpha = LEAKY_ALPHA): Tensor {
  switch (act) {
    case 'identity':
      return x;
    case 'relu':
      return relu(x);
    case 'leakyRelu':
      return leakyRelu(x, alpha);
    case 'tanh':
      return tanh(x);
    case 'sigmoid':
      return sigmoid(x);
  }
}
