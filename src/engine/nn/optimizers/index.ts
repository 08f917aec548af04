import type { Tensor } from '../../autodiff/tensor';
import { GradLabError } from '../../errors';
import { Adam, AdamOptions, AdamW } from './adam';
import { Optimizer } from './optimizer';
import { RMSprop, RmspropOptions } from './rmsprop';
import { SGD, SgdOptions } from './sgd';
import { ScheduleSpec, makeSchedule } from './schedules';

export { Optimizer } from './optimizer';
export type { OptimizerOptions, OptimizerStats } from './optimizer';
export { SGD } from './sgd';
export type { SgdOptions } from './sgd';
export { RMSprop } from './rmsprop';
export type { RmspropOptions } from './rmsprop';
export { Adam, AdamW } from './adam';
export type { AdamOptions } from './adam';
export { constantLr, stepLr, cosineLr, makeSchedule } from './schedules';
export type { LrSchedule, ScheduleSpec } from './schedules';

export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'rmsprop' | 'adam' | 'adamw';

/** A plain (JSON) optimizer description, e.g. from the training panel's settings. */
export interface OptimizerSpec {
  kind: OptimizerName;
  /** A number, or a schedule description; defaults per optimizer. */
  lr?: number | ScheduleSpec;
  /** momentum/nesterov: μ (default 0.9). */
  momentum?: number;
  beta1?: number;
  beta2?: number;
  rho?: number;
  eps?: number;
  weightDecay?: number;
  clipValue?: number;
  clipNorm?: number;
}

/** An optimizer over `params` from a spec; 'momentum' and 'nesterov' are SGD with μ = 0.9 unless given. */
export function makeOptimizer(params: readonly Tensor[], spec: OptimizerSpec): Optimizer {
  const lr = typeof spec.lr === 'object' ? makeSchedule(spec.lr) : spec.lr;
  const common = {
    clipValue: spec.clipValue,
    clipNorm: spec.clipNorm,
    weightDecay: spec.weightDecay,
  };
  switch (spec.kind) {
    case 'sgd':
      return new SGD(params, { ...common, lr, momentum: spec.momentum } satisfies SgdOptions);
    case 'momentum':
    case 'nesterov':
      return new SGD(params, {
        ...common,
        lr,
        momentum: spec.momentum ?? 0.9,
        nesterov: spec.kind === 'nesterov',
      });
    case 'rmsprop':
      return new RMSprop(params, {
        ...common,
        lr,
        rho: spec.rho,
        eps: spec.eps,
      } satisfies RmspropOptions);
    case 'adam':
    case 'adamw': {
      const o: AdamOptions = { ...common, lr, beta1: spec.beta1, beta2: spec.beta2, eps: spec.eps };
      return spec.kind === 'adam' ? new Adam(params, o) : new AdamW(params, o);
    }
    default:
      throw new GradLabError(
        'bad-argument',
        `unknown optimizer '${String((spec as { kind: unknown }).kind)}'`,
      );
  }
}
