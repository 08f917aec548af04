/**
 * The reverse-mode tape. Each op runs its forward eagerly and, when gradients are wanted, records a
 * closure that pulls its output's gradient back onto its inputs. The recording order is a
 * topological order, so backward() replays the closures in reverse.
 *
 * One tape per JS thread (the worker has its own). backward() consumes the tape: it replays every
 * step recorded up to the loss and then clears it, so build one loss per backward().
 */
import { GradLabError } from '../errors';
import type { Tensor } from './tensor';

interface Step {
  readonly out: Tensor;
  readonly run: () => void;
}

const steps: Step[] = [];
let recording = true;
let generation = 0;

/**
 * Records `run` as the backward of the op that produced `out` from `inputs`, if recording is on
 * and some input requires a gradient; marks `out` as requiring one. `run` is only called when
 * `out.grad` is non-null, and must add (+=) into the gradients of inputs with requiresGrad.
 */
export function record(out: Tensor, inputs: readonly Tensor[], run: () => void): void {
  if (!recording) return;
  let needed = false;
  for (const t of inputs) {
    if (!t.requiresGrad) continue;
    needed = true;
    if (t.tapeIndex >= 0 && t.tapeGeneration !== generation) {
      // Its producer's backward step is gone: gradients would silently stop at this tensor.
      throw new GradLabError(
        'bad-argument',
        'an input was computed on a tape that backward() or clearTape() has already consumed; recompute it, or detach() it to use it as a constant',
      );
    }
  }
  if (!needed) return;
  out.requiresGrad = true;
  out.tapeGeneration = generation;
  out.tapeIndex = steps.length;
  steps.push({ out, run });
}

/**
 * Fills the `.grad` of every tensor `loss` depends on with ∂loss/∂tensor, adding (+=) to gradients
 * already there (call zeroGrad on parameters between steps). A non-scalar loss is seeded with
 * `seed` (default all ones, i.e. the gradient of its sum). Clears the tape.
 */
export function backward(loss: Tensor, seed?: Float64Array): void {
  if (seed && seed.length !== loss.size) {
    throw new GradLabError(
      'shape',
      `backward: seed has ${seed.length} values, loss has ${loss.size}`,
    );
  }
  const g = loss.gradBuffer();
  if (seed) g.set(seed);
  else g.fill(1);
  if (loss.tapeIndex < 0) {
    if (loss.requiresGrad) return; // a leaf: its gradient is the seed
    throw new GradLabError(
      'bad-argument',
      'backward: the loss does not depend on any tensor that requires a gradient (or was computed under noGrad)',
    );
  }
  if (loss.tapeGeneration !== generation) {
    throw new GradLabError(
      'bad-argument',
      'backward: the loss was recorded on a tape that an earlier backward() already consumed; recompute it',
    );
  }
  try {
    for (let i = loss.tapeIndex; i >= 0; i--) {
      const step = steps[i]!;
      if (step.out.grad !== null) step.run();
    }
  } finally {
    clearTape();
  }
}

/** Drops every recorded step (e.g. after an evaluation pass that was not under noGrad). */
export function clearTape(): void {
  steps.length = 0;
  generation++;
}

/** Number of steps on the tape (for tests and leak hunting). */
export function tapeLength(): number {
  return steps.length;
}

/** Runs `fn` with recording off: no tape, no gradient links. Nests; restores on throw. */
export function noGrad<T>(fn: () => T): T {
  const saved = recording;
  recording = false;
  try {
    return fn();
  } finally {
    recording = saved;
  }
}

/** Whether ops are being recorded right now. */
export function isRecording(): boolean {
  return recording;
}
