/** A fully connected layer y = act(x·W + b) with W [inputSize, units] and b [units]. */
import { GradLabError } from '../errors';
import { add } from '../autodiff/ops/add';
import { matmul } from '../autodiff/ops/matmul';
import { Tensor } from '../autodiff/tensor';
import { ActivationName, LEAKY_ALPHA } from '../numeric/activation';
import { Rng } from '../numeric/rng';
import { activate } from './activations';
import { InitName, defaultInit, initWeights } from './init';

export interface DenseOptions {
  activation?: ActivationName;
  /** Default: He normal for relu/leakyRelu, Glorot uniform otherwise. */
  init?: InitName;
  /** Generator for the weights (shared across layers by MLP); or a seed (default 0). */
  rng?: Rng;
  seed?: number;
  /** leakyRelu's negative slope (default 0.01). */
  alpha?: number;
}

export class Dense {
  readonly weight: Tensor;
  readonly bias: Tensor;
  readonly activation: ActivationName;
  readonly alpha: number;

  constructor(
    readonly inputSize: number,
    readonly units: number,
    options: DenseOptions = {},
  ) {
    if (!(Number.isInteger(inputSize) && inputSize > 0 && Number.isInteger(units) && units > 0)) {
      throw new GradLabError(
        'bad-argument',
        `Dense: sizes must be positive integers, got ${inputSize}→${units}`,
      );
    }
    this.activation = options.activation ?? 'identity';
    this.alpha = options.alpha ?? LEAKY_ALPHA;
    const rng = options.rng ?? new Rng(options.seed ?? 0);
    const init = options.init ?? defaultInit(this.activation);
    this.weight = new Tensor(initWeights(init, inputSize, units, rng), [inputSize, units]);
    this.bias = new Tensor(new Float64Array(units), [units]);
  }

  /** act(x·W + b) on the tape, for x [rows, inputSize]. */
  forward(x: Tensor): Tensor {
    return activate(add(matmul(x, this.weight), this.bias), this.activation, this.alpha);
  }

  /** [weight, bias]. */
  params(): Tensor[] {
    return [this.weight, this.bias];
  }
}
