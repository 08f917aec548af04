/**
 * Preprocessing fitted on the training rows only, then applied to any rows: missing features filled
 * (training mean, or most frequent level), numeric features standardized with the training mean and
 * standard deviation, categorical features one-hot encoded with the first level (in sorted order)
 * dropped, so a linear model with an intercept stays identifiable and the closed form is solvable.
 * A regression target is standardized too; models report losses in the target's own units.
 *
 * The fitted `Preprocessing` is plain JSON: it is saved with the model and exported to scripts.
 */
import { GradLabError } from '../errors';
import { compareLabels, type Dataset, type FeatureColumn, type MissingPolicy } from './dataset';

export type FeatureSpec =
  | { name: string; type: 'numeric'; mean: number; std: number }
  | {
      name: string;
      type: 'categorical' | 'boolean';
      /** Sorted; the first is the reference level and gets no column. */
      levels: string[];
      /** The most frequent training level: fills missing cells under policy 'mean'. */
      mode: string;
    };

export type TargetSpec =
  | { name: string; type: 'numeric'; mean: number; std: number }
  | { name: string; type: 'classes'; classes: string[] };

export interface Preprocessing {
  features: FeatureSpec[];
  /** Names of the encoded model inputs, in order: "age", "color=red", … */
  inputs: string[];
  target: TargetSpec;
  missing: MissingPolicy;
}

/** Fit the preprocessing on the rows `train` (indices into the dataset). */
export function fitPreprocessing(data: Dataset, train: Int32Array, missing: MissingPolicy): Preprocessing {
  const features = data.features.map((f) => fitFeature(f, train));
  const t = data.target;
  let target: TargetSpec;
  if (t.type === 'numeric') {
    const { mean, std } = meanStd(t.values, train);
    target = { name: t.name, type: 'numeric', mean, std };
  } else target = { name: t.name, type: 'classes', classes: t.classes.slice() };
  return { features, inputs: inputNames(features), target, missing };
}

function fitFeature(f: FeatureColumn, train: Int32Array): FeatureSpec {
  if (f.type === 'numeric') {
    const { mean, std } = meanStd(f.values, train);
    return { name: f.name, type: 'numeric', mean, std };
  }
  const counts = new Float64Array(f.levels.length);
  for (const i of train) {
    const c = f.codes[i]!;
    if (c >= 0) counts[c]!++;
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k]! > counts[best]!) best = k;
  const levels = f.type === 'boolean' ? f.levels.slice() : f.levels.slice().sort(compareLabels);
  return { name: f.name, type: f.type, levels, mode: f.levels[best] ?? levels[0] ?? '' };
}

/**
 * Mean and population standard deviation over `rows`, skipping NaN; a constant column gets
 * max(1, |mean|), which leaves it at about 0.
 * The deviations are scaled by the largest one before squaring, so values near 1e-300 (whose
 * squares underflow) still get their true spread.
 */
function meanStd(values: Float64Array, rows: Int32Array): { mean: number; std: number } {
  let n = 0;
  let sum = 0;
  for (const i of rows) {
    const v = values[i]!;
    if (v === v) {
      sum += v;
      n++;
    }
  }
  const mean = n > 0 ? sum / n : 0;
  let largest = 0;
  for (const i of rows) {
    const d = Math.abs(values[i]! - mean);
    if (d > largest) largest = d;
  }
  let ss = 0;
  if (largest > 0) {
    for (const i of rows) {
      const v = values[i]!;
      if (v === v) ss += ((v - mean) / largest) ** 2;
    }
  }
  const std = n > 0 ? largest * Math.sqrt(ss / n) : 0;
  if (std > 1e-12 * Math.abs(mean) && Number.isFinite(std) && Number.isFinite(1 / std)) return { mean, std };
  // A constant column carries no information. Spread below 1e-12 of the mean is rounding in a
  // constant column (1.0000000000000002, or 1e20 ± one ulp): dividing by max(1, |mean|) keeps the
  // column at about 0 (≤ 1e-12) instead of blowing the rounding up to an input of size 1e4.
  return { mean, std: Math.max(1, Math.abs(mean)) };
}

/**
 * One name per model input: the column's own name, or "column=level" for a one-hot input. Names key
 * the coefficients, so they are unique: a one-hot name that is taken (columns `city` and
 * `city=Paris`, or levels that collide) gets " #2", " #3", …; a column keeps its own name.
 */
function inputNames(features: FeatureSpec[]): string[] {
  const taken = new Set(features.filter((f) => f.type !== 'categorical').map((f) => f.name));
  const names: string[] = [];
  for (const f of features) {
    if (f.type !== 'categorical') {
      names.push(f.name);
      continue;
    }
    for (const level of f.levels.slice(1)) {
      const name = `${f.name}=${level}`;
      let unique = name;
      for (let k = 2; taken.has(unique); k++) unique = `${name} #${k}`;
      taken.add(unique);
      names.push(unique);
    }
  }
  return names;
}

/** Number of model inputs after encoding. */
export function inputWidth(p: Preprocessing): number {
  return p.inputs.length;
}

/** Encode dataset rows `rows` into a row-major matrix (rows.length × inputs). */
export function encodeFeatures(p: Preprocessing, data: Dataset, rows: Int32Array): Float64Array {
  const d = p.inputs.length;
  const out = new Float64Array(rows.length * d);
  let offset = 0;
  p.features.forEach((spec, k) => {
    const col = data.features[k]!;
    if (spec.type === 'numeric' && col.type === 'numeric') {
      const { mean, std } = spec;
      for (let r = 0; r < rows.length; r++) {
        const v = col.values[rows[r]!]!;
        out[r * d + offset] = v === v ? (v - mean) / std : 0; // a missing value is filled with the mean: 0 after scaling
      }
      offset++;
    } else if (spec.type !== 'numeric' && col.type !== 'numeric') {
      // Map the column's own level codes to positions in the spec's sorted levels.
      const position = col.levels.map((l) => spec.levels.indexOf(l));
      const fill = spec.levels.indexOf(spec.mode);
      for (let r = 0; r < rows.length; r++) {
        const c = col.codes[rows[r]!]!;
        const level = c >= 0 ? position[c]! : fill;
        if (level > 0) out[r * d + offset + level - 1] = 1;
      }
      offset += spec.levels.length - 1;
    } else throw new GradLabError('internal', `Column "${spec.name}" changed type between fitting and encoding.`);
  });
  return out;
}

/** The regression target of `rows`, standardized; or the class index of each row. */
export function encodeTarget(p: Preprocessing, data: Dataset, rows: Int32Array): Float64Array {
  const t = data.target;
  const out = new Float64Array(rows.length);
  if (p.target.type === 'numeric' && t.type === 'numeric') {
    const { mean, std } = p.target;
    for (let r = 0; r < rows.length; r++) out[r] = (t.values[rows[r]!]! - mean) / std;
  } else if (t.type === 'classes') {
    for (let r = 0; r < rows.length; r++) out[r] = t.codes[rows[r]!]!;
  } else throw new GradLabError('internal', 'The target changed type between fitting and encoding.');
  return out;
}

/** One raw input row for prediction, keyed by column name, as read from a CSV or typed by a user. */
export type RawRow = Record<string, string | number | boolean | null | undefined>;

/**
 * Encode raw rows (`{ age: 31, color: 'red' }`) with a fitted preprocessing. A missing value is
 * filled under policy 'mean' and an error otherwise; an unseen level is an error.
 */
export function encodeRawRows(p: Preprocessing, rows: readonly RawRow[]): Float64Array {
  const d = p.inputs.length;
  const out = new Float64Array(rows.length * d);
  rows.forEach((row, r) => {
    let offset = 0;
    for (const spec of p.features) {
      const raw = row[spec.name];
      const absent = raw === null || raw === undefined || (typeof raw === 'string' && isBlank(raw));
      if (absent && p.missing !== 'mean') throw rawError(`Row ${r + 1}: the value of "${spec.name}" is missing.`);
      if (spec.type === 'numeric') {
        const v = absent ? spec.mean : typeof raw === 'number' ? raw : typeof raw === 'boolean' ? Number(raw) : Number(String(raw).trim());
        if (!Number.isFinite(v)) throw rawError(`Row ${r + 1}: "${String(raw)}" in "${spec.name}" is not a number.`);
        out[r * d + offset++] = (v - spec.mean) / spec.std;
        continue;
      }
      const text = absent ? spec.mode : normalizeLevel(spec.type, raw);
      const level = spec.levels.indexOf(text);
      if (level < 0) {
        const known = spec.levels.map((l) => `"${l}"`).join(', ');
        throw rawError(`Row ${r + 1}: "${String(raw)}" is not a level the model knows for "${spec.name}" (${known}).`);
      }
      if (level > 0) out[r * d + offset + level - 1] = 1;
      offset += spec.levels.length - 1;
    }
  });
  return out;
}

function isBlank(s: string): boolean {
  const t = s.trim().toLowerCase();
  return t === '' || t === 'na' || t === 'nan' || t === 'null' || t === 'n/a' || t === 'none';
}

function normalizeLevel(type: 'categorical' | 'boolean', raw: unknown): string {
  const text = String(raw);
  return type === 'boolean' ? text.trim().toLowerCase() : text.trim();
}

function rawError(message: string): GradLabError {
  return new GradLabError('bad-argument', message);
}
