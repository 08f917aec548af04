/**
 * A seeded shuffle and train/validation split: the same seed gives the same rows on every run.
 */
import { GradLabError } from '../errors';
import { Rng } from '../numeric';

export interface Split {
  train: Int32Array;
  val: Int32Array;
}

/**
 * Shuffle 0..n-1 with `seed` and put the last round(n·valFraction) rows (at least one when
 * valFraction > 0) into validation. `valFraction` is in [0, 1).
 */
export function splitRows(n: number, valFraction: number, seed: number): Split {
  if (!(valFraction >= 0 && valFraction < 1)) {
    throw new GradLabError('bad-argument', `The validation split must be at least 0 and below 1, got ${valFraction}.`);
  }
  const order = new Rng(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const nVal = valFraction === 0 ? 0 : Math.max(1, Math.round(n * valFraction));
  const nTrain = n - nVal;
  if (nTrain < 2) {
    throw new GradLabError('bad-argument', `Too few rows for a validation split of ${valFraction}: ${n} rows leave ${nTrain} for training; at least 2 are needed. Use a smaller split or more data.`);
  }
  return { train: order.slice(0, nTrain), val: order.slice(nTrain) };
}
