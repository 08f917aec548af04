/**
 * Weight initialisers. Glorot (Xavier) uniform keeps the variance of activations and gradients
 * about constant through tanh/sigmoid/identity layers; He normal doubles it for ReLU-family layers,
 * which zero half their inputs.
 */
import { GradLabError } from '../errors';
import type { ActivationName } from '../numeric/activation';
import type { Rng } from '../numeric/rng';

export type InitName = 'glorotUniform' | 'heNormal' | 'zeros';

/** He for relu and leakyRelu, Glorot otherwise. */
export function defaultInit(act: ActivationName): InitName {
  return act === 'relu' || act === 'leakyRelu' ? 'heNormal' : 'glorotUniform';
}

/**
 * A fanIn×fanOut weight matrix (row-major [in, out]):
 * glorotUniform ~ U(±√(6/(fanIn+fanOut))),  heNormal ~ N(0, 2/fanIn),  zeros.
 */
export function initWeights(init: InitName, fanIn: number, fanOut: number, rng: Rng): Float64Array {
  if (!(Number.isInteger(fanIn) && fanIn > 0 && Number.isInteger(fanOut) && fanOut > 0)) {
    throw new GradLabError(
      'bad-argument',
      `initWeights: sizes must be positive integers, got ${fanIn}×${fanOut}`,
    );
  }
  const w = new Float64Array(fanIn * fanOut);
  switch (init) {
    case 'glorotUniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return rng.fillUniform(w, -limit, limit);
    }
    case 'heNormal':
      return rng.fillNormal(w, 0, Math.sqrt(2 / fanIn));
    case 'zeros':
      return w;
  }
}
