/** Learning-rate schedules: functions of the 0-based step count. */
import { GradLabError } from '../../errors';

/** The learning rate for step t (t = 0 for the first update). */
export type LrSchedule = (step: number) => number;

export type ScheduleSpec =
  | { kind: 'constant'; lr: number }
  | { kind: 'step'; lr: number; stepSize: number; gamma?: number }
  | { kind: 'cosine'; lr: number; totalSteps: number; minLr?: number };

/** lr for every step. */
export function constantLr(lr: number): LrSchedule {
  return () => lr;
}

/** lr·γ^⌊t/stepSize⌋ (γ default 0.1), PyTorch's StepLR counted in optimizer steps. */
export function stepLr(lr: number, stepSize: number, gamma = 0.1): LrSchedule {
  if (!(Number.isInteger(stepSize) && stepSize > 0)) {
    throw new GradLabError(
      'bad-argument',
      `stepLr: stepSize must be a positive integer, got ${stepSize}`,
    );
  }
  return (t) => lr * Math.pow(gamma, Math.floor(t / stepSize));
}

/** minLr + (lr − minLr)·(1 + cos(π·min(t, T)/T))/2: from lr at t = 0 down to minLr at t = T, then flat. */
export function cosineLr(lr: number, totalSteps: number, minLr = 0): LrSchedule {
  if (!(totalSteps > 0)) {
    throw new GradLabError('bad-argument', `cosineLr: totalSteps must be > 0, got ${totalSteps}`);
  }
  return (t) =>
    minLr + ((lr - minLr) * (1 + Math.cos((Math.PI * Math.min(t, totalSteps)) / totalSteps))) / 2;
}

/** A schedule from a plain (JSON) description, e.g. `{ kind: 'cosine', lr: 0.01, totalSteps: 1000 }`. */
export function makeSchedule(spec: ScheduleSpec): LrSchedule {
  switch (spec.kind) {
    case 'constant':
      return constantLr(spec.lr);
    case 'step':
      return stepLr(spec.lr, spec.stepSize, spec.gamma);
    case 'cosine':
      return cosineLr(spec.lr, spec.totalSteps, spec.minLr);
  }
}
