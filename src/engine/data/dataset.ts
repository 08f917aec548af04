/**
 * From a parsed table to what a model trains on: the chosen feature columns and the target, with
 * the missing-value policy applied. Rows are still raw here (no scaling, no one-hot): preprocessing
 * is fitted later on the training split only (preprocess.ts).
 */
import { GradLabError } from '../errors';
import { parseCsv, type CategoricalColumn, type CsvColumn, type CsvTable, type ParseCsvOptions } from './parseCsv';
import type { CsvInput } from './text';
import { headerHint, levelsHint, shownText } from './tokens';

export type MissingPolicy = 'error' | 'drop' | 'mean';
export const MISSING_POLICIES: readonly MissingPolicy[] = ['error', 'drop', 'mean'];

/** What the target should be: numbers to regress, or classes. 'auto': classes for text/boolean. */
export type TargetKind = 'regression' | 'classification' | 'auto';

export interface DatasetOptions {
  target: string;
  /** Feature column names; default every column but the target. */
  features?: readonly string[];
  /**
   * 'error' (default): a missing cell in a used column is an error. 'drop': rows with one are
   * dropped. 'mean': missing features are filled with the training mean (numeric) or most frequent
   * level (categorical) at preprocessing time, and rows with a missing target are dropped.
   */
  missing?: MissingPolicy;
  task?: TargetKind;
}

export type FeatureColumn =
  | { name: string; type: 'numeric'; values: Float64Array }
  | { name: string; type: 'categorical' | 'boolean'; codes: Int32Array; levels: string[] };

export type Target =
  | { name: string; type: 'numeric'; values: Float64Array }
  | { name: string; type: 'classes'; codes: Int32Array; classes: string[] };

export interface Dataset {
  features: FeatureColumn[];
  target: Target;
  rowCount: number;
  /** File line of each kept row, for messages. */
  rowLines: Int32Array;
  /** Rows removed by the missing-value policy. */
  droppedRows: number;
}

/** More one-hot columns than this from one feature is almost surely an id or free text. */
export const MAX_LEVELS = 1000;
/** Beyond this magnitude squared errors and variances overflow a double. */
const MAX_MAGNITUDE = 1e150;
/** More classes than this is almost surely a numeric target meant for regression. */
export const MAX_CLASSES = 100;

/** Parse and select in one call: `loadCsv(text, { target: 'price' })`. */
export function loadCsv(input: CsvInput, options: DatasetOptions & ParseCsvOptions): Dataset {
  return selectDataset(parseCsv(input, options), options);
}

/** Pick the target and features out of `table` and apply the missing-value policy. */
export function selectDataset(table: CsvTable, options: DatasetOptions): Dataset {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const headerLine = table.headerLine;
  const target = byName.get(options.target);
  if (!target) throw unknownColumn(options.target, 'target', table, headerLine);
  const featureNames = options.features ?? table.columns.map((c) => c.name).filter((n) => n !== options.target);
  const features = featureNames.map((name) => {
    const col = byName.get(name);
    if (!col) throw unknownColumn(name, 'feature', table, headerLine);
    if (name === options.target) {
      throw new GradLabError('csv', `Column "${name}" is the target, so it cannot also be a feature.`, { kind: 'csv', row: headerLine, column: name });
    }
    return col;
  });
  if (features.length === 0) {
    throw new GradLabError('csv', `There are no feature columns: the file has only the target "${target.name}".`, { kind: 'csv', row: headerLine, column: target.name });
  }
  if (new Set(featureNames).size !== featureNames.length) {
    const dup = featureNames.find((n, i) => featureNames.indexOf(n) !== i)!;
    throw new GradLabError('csv', `Feature "${dup}" is listed twice.`, { kind: 'csv', row: headerLine, column: dup });
  }
  const policy = options.missing ?? 'error';
  checkCells([target, ...features], table, policy);
  for (const f of features) {
    if (f.type === 'categorical' && f.levels.length > MAX_LEVELS) {
      const why = levelsHint(f.levels) || ' Is it an id or free text? Leave it out of the features.';
      throw new GradLabError('csv', `Column "${f.name}" has ${f.levels.length} distinct values; one-hot encoding it would add that many features.${why}`, { kind: 'csv', row: headerLine, column: f.name });
    }
  }
  const keep = keptRows(table.rowCount, policy === 'drop' ? [target, ...features] : [target]);
  const n = keep.length;
  const dataset: Dataset = {
    features: features.map((f) => pickFeature(f, keep)),
    target: pickTarget(target, keep, options.task ?? 'auto', table),
    rowCount: n,
    rowLines: pick(table.rowLines, keep),
    droppedRows: table.rowCount - n,
  };
  checkEnough(dataset, table);
  return dataset;
}

function unknownColumn(name: string, role: string, table: CsvTable, row: number): GradLabError {
  const names = table.columns.map((c) => `"${c.name}"`);
  const list = names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
  const fold = (s: string) => s.trim().toLowerCase();
  const near = table.columns.find((c) => fold(c.name) === fold(name));
  const only = table.columns.length === 1 ? table.columns[0]!.name : '';
  const spaced = / /.test(only) && only.split(/\s+/).includes(name.trim());
  const hint = near
    ? ` Did you mean "${near.name}"? Names are matched exactly.`
    : spaced
      ? ' The header reads as one column: are the fields separated by spaces? GradLab reads comma, semicolon, tab or pipe delimiters.'
      : headerHint(table.columns.map((c) => c.name));
  return new GradLabError('csv', `Unknown ${role} column "${name}". The header has ${list}.${hint}`, { kind: 'csv', row, column: name });
}

/** Invalid cells are always errors; missing ones under policy 'error' (the target's under any policy but drop/mean). */
function checkCells(columns: CsvColumn[], table: CsvTable, policy: MissingPolicy): void {
  let worst: GradLabError | undefined;
  let worstRow = Infinity;
  const consider = (row: number, make: () => GradLabError) => {
    if (row > 0 && row < worstRow) {
      worstRow = row;
      worst = make();
    }
  };
  columns.forEach((col, k) => {
    const isTarget = k === 0;
    if (col.type === 'numeric' && col.invalid) {
      const bad = col.invalid;
      const decimalHint = table.decimal === '.' && /^[+-]?\d+,\d+$/.test(bad.text) ? ' If the file writes decimals with a comma, separate fields with ";".' : '';
      const more = bad.count > 1 ? ` (${bad.count} such cells in this column)` : '';
      const infinite = /^[+-]?(inf|infinity)$/i.test(bad.text.trim()) || Math.abs(Number(bad.text)) === Infinity;
      const what = infinite ? 'is not a number GradLab can train on: it is infinite' : 'is not a number, but the column is numeric';
      consider(bad.row, () => new GradLabError('csv', `Line ${bad.row}, column "${col.name}": "${shownText(bad.text)}" ${what}${more}. Fix the cell, or mark it missing (empty or NA).${decimalHint}`, { kind: 'csv', row: bad.row, column: col.name }));
    }
    const huge = col.type === 'numeric' ? col.values.findIndex((v) => Math.abs(v) > MAX_MAGNITUDE) : -1;
    if (huge >= 0 && col.type === 'numeric') {
      const row = table.rowLines[huge]!;
      consider(row, () => new GradLabError('csv', `Line ${row}, column "${col.name}": ${col.values[huge]} is too large to train on (beyond ±1e150 its square overflows a double). Rescale the column, e.g. divide it by a power of ten or take its logarithm.`, { kind: 'csv', row, column: col.name }));
    }
    if (col.missing > 0 && policy === 'error') {
      const what = isTarget ? 'the target value is missing' : 'the value is missing';
      consider(col.firstMissingRow, () => new GradLabError('csv', `Line ${col.firstMissingRow}, column "${col.name}": ${what} (${col.missing} missing in this column). Fill it in, or choose the missing-value policy "drop" or "mean".`, { kind: 'csv', row: col.firstMissingRow, column: col.name }));
    }
  });
  if (worst) throw worst;
}

function isMissingAt(col: CsvColumn, i: number): boolean {
  return col.type === 'numeric' ? Number.isNaN(col.values[i]!) : col.codes[i]! < 0;
}

function keptRows(n: number, mustBePresent: CsvColumn[]): Int32Array {
  const cols = mustBePresent.filter((c) => c.missing > 0);
  if (cols.length === 0) return Int32Array.from({ length: n }, (_, i) => i);
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (!cols.some((c) => isMissingAt(c, i))) keep.push(i);
  return Int32Array.from(keep);
}

function pick<T extends Float64Array | Int32Array>(a: T, keep: Int32Array): T {
  if (keep.length === a.length) return a;
  const out = new (a.constructor as new (n: number) => T)(keep.length);
  for (let i = 0; i < keep.length; i++) out[i] = a[keep[i]!]!;
  return out;
}

function pickFeature(col: CsvColumn, keep: Int32Array): FeatureColumn {
  if (col.type === 'numeric') return { name: col.name, type: 'numeric', values: pick(col.values, keep) };
  return { name: col.name, type: col.type, codes: pick(col.codes, keep), levels: col.levels };
}

function pickTarget(col: CsvColumn, keep: Int32Array, task: TargetKind, table: CsvTable): Target {
  const classification = task === 'classification' || (task === 'auto' && col.type !== 'numeric');
  if (!classification) {
    if (col.type !== 'numeric') {
      const example = shownText(col.levels[0] ?? '');
      const hint = col.type === 'boolean' ? '' : levelsHint(col.levels);
      throw new GradLabError('csv', `The target "${col.name}" holds ${col.type === 'boolean' ? 'true/false values' : `text such as "${example}"`}, not numbers: use a classifier (logistic, softmax or an MLP classifier).${hint}`, { kind: 'csv', row: firstDataLine(table), column: col.name });
    }
    return { name: col.name, type: 'numeric', values: pick(col.values, keep) };
  }
  if (col.type === 'numeric') return numericClasses(col.name, pick(col.values, keep), table);
  return sortedClasses(col, pick(col.codes, keep), table);
}

/** Class names sorted the way people expect: numerically when they are all numbers. */
export function compareLabels(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedClasses(col: CategoricalColumn, codes: Int32Array, table: CsvTable): Target {
  // Only levels present in the kept rows become classes (dropping rows may remove one).
  const seen = new Uint8Array(col.levels.length);
  for (let i = 0; i < codes.length; i++) seen[codes[i]!] = 1;
  const present = col.levels.filter((_, k) => seen[k]);
  const classes = col.type === 'boolean' ? present : present.sort(compareLabels);
  if (classes.length > MAX_CLASSES) throw tooManyClasses(col.name, classes.length, table, levelsHint(classes));
  const remap = col.levels.map((l) => classes.indexOf(l));
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = remap[codes[i]!]!;
  return { name: col.name, type: 'classes', codes: out, classes };
}

function numericClasses(name: string, values: Float64Array, table: CsvTable): Target {
  const distinct = Array.from(new Set(values)).sort((a, b) => a - b);
  if (distinct.length > MAX_CLASSES) throw tooManyClasses(name, distinct.length, table);
  const index = new Map(distinct.map((v, k) => [v, k]));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = index.get(values[i]!)!;
  return { name, type: 'classes', codes, classes: distinct.map(String) };
}

function tooManyClasses(name: string, count: number, table: CsvTable, hint = ''): GradLabError {
  return new GradLabError('csv', `The target "${name}" has ${count} distinct values: too many classes for a classifier (at most ${MAX_CLASSES}). Is it a number to predict with regression?${hint}`, { kind: 'csv', row: firstDataLine(table), column: name });
}

function firstDataLine(table: CsvTable): number {
  return table.rowLines[0] ?? 2;
}

function checkEnough(d: Dataset, table: CsvTable): void {
  const name = d.target.name;
  if (d.rowCount < 2) {
    const lastLine = table.rowLines[table.rowLines.length - 1] ?? 2;
    const why = d.droppedRows > 0 ? ` after dropping ${d.droppedRows} with missing values` : '';
    throw new GradLabError('csv', `Too few rows to train on: ${d.rowCount} left${why}; at least 2 are needed.`, { kind: 'csv', row: lastLine, column: name });
  }
  const t = d.target;
  const constant = t.type === 'numeric' ? t.values.every((v) => v === t.values[0]) : t.codes.every((c) => c === t.codes[0]);
  if (constant) {
    const value = t.type === 'numeric' ? String(t.values[0]) : `"${t.classes[t.codes[0]!]}"`;
    throw new GradLabError('csv', `The target "${name}" is constant (${value} in every row): there is nothing to learn.`, { kind: 'csv', row: d.rowLines[0]!, column: name });
  }
}
