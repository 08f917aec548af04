/**
 * The data the training panel shows: a CSV's summary, a run's description, its per-epoch points
 * and its result, and the panel state that getState/setState and the serializer keep. Each type
 * has a parser that rebuilds the value from untrusted input (webview, worker, saved state) and
 * returns undefined when anything is off, so a bad field never reaches a chart.
 */
import { isFiniteNumber, isInteger, isOneOf, isRecord, isString, isBoolean } from './is';
import {
  MODEL_KINDS,
  parseTrainSettings,
  type ModelKind,
  type TrainSettings,
} from './trainingSettings';

/** A CSV file of the workspace, as the picker lists it. */
export interface CsvFile {
  uri: string;
  /** Workspace-relative path. */
  label: string;
}
export const COLUMN_TYPES = ['numeric', 'categorical', 'boolean'] as const;
export interface ColumnSummary {
  name: string;
  type: (typeof COLUMN_TYPES)[number];
  missing: number;
  /** Cells that do not fit the column's type (a word in a numeric column). */
  invalid: number;
  /** Distinct values of a categorical or boolean column; 0 for numeric columns. */
  levels: number;
  /** Numeric columns: the range and mean of the present values. */
  min?: number;
  max?: number;
  mean?: number;
}
export interface CsvSummary {
  rows: number;
  columns: ColumnSummary[];
  /** The first data rows as text, one cell per column ('' = missing). */
  preview: string[][];
  /** The file line of each preview row. */
  previewLines: number[];
  /** The column a person would most likely predict: the last one. */
  suggestedTarget: string;
}
/** An error as the panel shows it: row = file line (header = 1), column = its header. */
export interface ErrorInfo {
  message: string;
  row?: number;
  column?: string;
}

export type Task = 'regression' | 'classification';
export interface RunInfo {
  task: Task;
  model: ModelKind;
  target: string;
  features: string[];
  /** One name per layer whose gradient norm is reported (e.g. "dense 1"). */
  layers: string[];
  /** Class labels (classification), else []. */
  classes: string[];
  /** Training loss of the exact least-squares solution (linear regression with MSE), else null. */
  closedFormLoss: number | null;
  epochs: number;
  trainRows: number;
  valRows: number;
  /** Rows removed by the missing-value policy. */
  droppedRows: number;
}
export interface EpochPoint {
  epoch: number;
  /** null when the loss was not finite (a diverging run). */
  trainLoss: number | null;
  valLoss: number | null;
  samplesPerSec: number;
  /** Gradient norm per layer (same order as RunInfo.layers); null when not finite. */
  gradNorms: Array<number | null>;
}
export const STOP_REASONS = ['completed', 'early-stopping', 'diverged', 'stopped'] as const;
export type StopReason = (typeof STOP_REASONS)[number];
export const RUN_STATUSES = ['running', 'paused', 'error', ...STOP_REASONS] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export type MetricMap = Record<string, number>;
export interface ClassReport {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}
export interface RunResult {
  stopped: StopReason;
  /** Why the run stopped, when it did not simply complete (e.g. divergence advice). */
  message?: string;
  history: Array<{ epoch: number; trainLoss: number | null; valLoss: number | null }>;
  /** The epoch whose weights were kept (early stopping), else null. */
  bestEpoch: number | null;
  metrics: { train: MetricMap; val: MetricMap | null };
  perClass: ClassReport[] | null;
  /** A sample of (actual, predicted) pairs on the validation rows (or training rows without validation). */
  predictions: { actual: number[]; predicted: number[] } | null;
  confusion: { labels: string[]; matrix: number[][] } | null;
  /** Linear models: the fitted line in the CSV's original units. */
  coefficients: { intercept: number; weights: Record<string, number> } | null;
  elapsedMs: number;
}
export interface RunRecord {
  info: RunInfo;
  status: RunStatus;
  message?: string;
  points: EpochPoint[];
  result: RunResult | null;
}
export interface PanelState {
  v: 1;
  file: CsvFile | null;
  target: string | null;
  features: string[] | null;
  settings: TrainSettings;
  logScale: boolean;
  run: RunRecord | null;
}

// Bounds that keep a hostile or corrupt message from allocating without limit.
export const MAX_COLUMNS = 10_000;
export const MAX_PREVIEW_ROWS = 50;
export const MAX_POINTS = 200_000;
export const MAX_CLASSES = 1000;
const MAX_TEXT = 100_000;

const isText = (v: unknown): v is string => isString(v) && v.length <= MAX_TEXT;
const isCount = (v: unknown): v is number => isInteger(v) && v >= 0;
const isNumberOrNull = (v: unknown): v is number | null => v === null || isFiniteNumber(v);
const arrayOf = <T>(v: unknown, max: number, item: (x: unknown) => x is T): v is T[] =>
  Array.isArray(v) && v.length <= max && v.every(item);
const isTextList = (v: unknown, max = MAX_COLUMNS): v is string[] => arrayOf(v, max, isText);

export function parseCsvFile(v: unknown): CsvFile | undefined {
  return isRecord(v) && isText(v['uri']) && isText(v['label'])
    ? { uri: v['uri'], label: v['label'] }
    : undefined;
}

export function parseErrorInfo(v: unknown): ErrorInfo | undefined {
  if (!isRecord(v) || !isText(v['message'])) return undefined;
  const out: ErrorInfo = { message: v['message'] };
  if (v['row'] !== undefined) {
    if (!isInteger(v['row']) || v['row'] < 1) return undefined;
    out.row = v['row'];
  }
  if (v['column'] !== undefined) {
    if (!isText(v['column'])) return undefined;
    out.column = v['column'];
  }
  return out;
}

function parseColumn(v: unknown): ColumnSummary | undefined {
  if (!isRecord(v) || !isText(v['name']) || !isOneOf(v['type'], COLUMN_TYPES)) return undefined;
  if (!isCount(v['missing']) || !isCount(v['invalid']) || !isCount(v['levels'])) return undefined;
  const out: ColumnSummary = {
    name: v['name'],
    type: v['type'],
    missing: v['missing'],
    invalid: v['invalid'],
    levels: v['levels'],
  };
  for (const k of ['min', 'max', 'mean'] as const) {
    if (v[k] === undefined) continue;
    if (!isFiniteNumber(v[k])) return undefined;
    out[k] = v[k];
  }
  return out;
}

export function parseCsvSummary(v: unknown): CsvSummary | undefined {
  if (!isRecord(v) || !isCount(v['rows']) || !isText(v['suggestedTarget'])) return undefined;
  if (!Array.isArray(v['columns']) || v['columns'].length > MAX_COLUMNS) return undefined;
  const columns = v['columns'].map(parseColumn);
  if (!columns.every((c): c is ColumnSummary => c !== undefined)) return undefined;
  const preview = v['preview'];
  if (
    !arrayOf(
      preview,
      MAX_PREVIEW_ROWS,
      (r): r is string[] => isTextList(r) && r.length === columns.length,
    )
  )
    return undefined;
  const lines = v['previewLines'];
  if (
    !arrayOf(lines, MAX_PREVIEW_ROWS, (x): x is number => isInteger(x) && x >= 1) ||
    lines.length !== preview.length
  )
    return undefined;
  return {
    rows: v['rows'],
    columns,
    preview: preview.map((r) => [...r]),
    previewLines: [...lines],
    suggestedTarget: v['suggestedTarget'],
  };
}

export function parseRunInfo(v: unknown): RunInfo | undefined {
  if (!isRecord(v) || !isOneOf(v['task'], ['regression', 'classification'] as const))
    return undefined;
  if (!isOneOf(v['model'], MODEL_KINDS) || !isText(v['target'])) return undefined;
  if (
    !isTextList(v['features']) ||
    !isTextList(v['layers'], 64) ||
    !isTextList(v['classes'], MAX_CLASSES)
  )
    return undefined;
  if (!isNumberOrNull(v['closedFormLoss'])) return undefined;
  if (
    !isCount(v['epochs']) ||
    !isCount(v['trainRows']) ||
    !isCount(v['valRows']) ||
    !isCount(v['droppedRows'])
  )
    return undefined;
  return {
    task: v['task'],
    model: v['model'],
    target: v['target'],
    features: [...v['features']],
    layers: [...v['layers']],
    classes: [...v['classes']],
    closedFormLoss: v['closedFormLoss'],
    epochs: v['epochs'],
    trainRows: v['trainRows'],
    valRows: v['valRows'],
    droppedRows: v['droppedRows'],
  };
}

export function parseEpochPoint(v: unknown): EpochPoint | undefined {
  if (!isRecord(v) || !isInteger(v['epoch']) || v['epoch'] < 1) return undefined;
  if (!isNumberOrNull(v['trainLoss']) || !isNumberOrNull(v['valLoss'])) return undefined;
  if (
    !isFiniteNumber(v['samplesPerSec']) ||
    v['samplesPerSec'] < 0 ||
    !arrayOf(v['gradNorms'], 64, isNumberOrNull)
  )
    return undefined;
  return {
    epoch: v['epoch'],
    trainLoss: v['trainLoss'],
    valLoss: v['valLoss'],
    samplesPerSec: v['samplesPerSec'],
    gradNorms: [...v['gradNorms']],
  };
}

function parseMetricMap(v: unknown, max = 64): MetricMap | undefined {
  if (!isRecord(v)) return undefined;
  const entries = Object.entries(v);
  if (entries.length > max || !entries.every(([k, x]) => k.length <= MAX_TEXT && isFiniteNumber(x)))
    return undefined;
  return Object.fromEntries(entries) as MetricMap;
}

function parseClassReport(v: unknown): ClassReport | undefined {
  if (!isRecord(v) || !isText(v['label']) || !isCount(v['support'])) return undefined;
  const [p, r, f] = [v['precision'], v['recall'], v['f1']];
  if (!isFiniteNumber(p) || !isFiniteNumber(r) || !isFiniteNumber(f)) return undefined;
  return { label: v['label'], precision: p, recall: r, f1: f, support: v['support'] };
}

function parsePredictions(v: unknown): RunResult['predictions'] | undefined {
  if (
    !isRecord(v) ||
    !arrayOf(v['actual'], MAX_POINTS, isFiniteNumber) ||
    !arrayOf(v['predicted'], MAX_POINTS, isFiniteNumber)
  )
    return undefined;
  return v['actual'].length === v['predicted'].length
    ? { actual: [...v['actual']], predicted: [...v['predicted']] }
    : undefined;
}

function parseConfusion(v: unknown): RunResult['confusion'] | undefined {
  if (!isRecord(v) || !isTextList(v['labels'], MAX_CLASSES)) return undefined;
  const n = v['labels'].length;
  const m = v['matrix'];
  if (
    !arrayOf(m, n, (row): row is number[] => arrayOf(row, n, isCount) && row.length === n) ||
    m.length !== n
  )
    return undefined;
  return { labels: [...v['labels']], matrix: m.map((r) => [...r]) };
}

function parseCoefficients(v: unknown): RunResult['coefficients'] | undefined {
  if (!isRecord(v) || !isFiniteNumber(v['intercept'])) return undefined;
  const weights = parseMetricMap(v['weights'], MAX_COLUMNS);
  return weights ? { intercept: v['intercept'], weights } : undefined;
}

const isHistoryPoint = (p: unknown): p is RunResult['history'][number] =>
  isRecord(p) &&
  isInteger(p['epoch']) &&
  p['epoch'] >= 1 &&
  isNumberOrNull(p['trainLoss']) &&
  isNumberOrNull(p['valLoss']);

/** `nullable(v, parse)`: null stays null, anything else must parse. */
function nullable<T>(v: unknown, parse: (x: unknown) => T | undefined): T | null | undefined {
  return v === null ? null : parse(v);
}

export function parseRunResult(v: unknown): RunResult | undefined {
  if (!isRecord(v) || !isOneOf(v['stopped'], STOP_REASONS) || !isFiniteNumber(v['elapsedMs']))
    return undefined;
  if (v['message'] !== undefined && !isText(v['message'])) return undefined;
  if (!arrayOf(v['history'], MAX_POINTS, isHistoryPoint)) return undefined;
  if (!(v['bestEpoch'] === null || (isInteger(v['bestEpoch']) && v['bestEpoch'] >= 1)))
    return undefined;
  const m = v['metrics'];
  if (!isRecord(m)) return undefined;
  const train = parseMetricMap(m['train']);
  const val = nullable(m['val'], parseMetricMap);
  const perClass = nullable(v['perClass'], (x) =>
    arrayOf(x, MAX_CLASSES, (c): c is unknown => parseClassReport(c) !== undefined)
      ? x.map((c) => parseClassReport(c)!)
      : undefined,
  );
  const predictions = nullable(v['predictions'], parsePredictions);
  const confusion = nullable(v['confusion'], parseConfusion);
  const coefficients = nullable(v['coefficients'], parseCoefficients);
  if (
    !train ||
    val === undefined ||
    perClass === undefined ||
    predictions === undefined ||
    confusion === undefined ||
    coefficients === undefined
  )
    return undefined;
  return {
    stopped: v['stopped'],
    ...(v['message'] !== undefined ? { message: v['message'] } : {}),
    history: v['history'].map((p) => ({
      epoch: p.epoch,
      trainLoss: p.trainLoss,
      valLoss: p.valLoss,
    })),
    bestEpoch: v['bestEpoch'],
    metrics: { train, val },
    perClass,
    predictions,
    confusion,
    coefficients,
    elapsedMs: v['elapsedMs'],
  };
}

export function parseRunRecord(v: unknown): RunRecord | undefined {
  if (!isRecord(v) || !isOneOf(v['status'], RUN_STATUSES)) return undefined;
  if (v['message'] !== undefined && !isText(v['message'])) return undefined;
  const info = parseRunInfo(v['info']);
  const points =
    Array.isArray(v['points']) && v['points'].length <= MAX_POINTS
      ? v['points'].map(parseEpochPoint)
      : undefined;
  const result = nullable(v['result'], parseRunResult);
  if (
    !info ||
    !points ||
    !points.every((p): p is EpochPoint => p !== undefined) ||
    result === undefined
  )
    return undefined;
  return {
    info,
    status: v['status'],
    ...(v['message'] !== undefined ? { message: v['message'] } : {}),
    points,
    result,
  };
}

/** A saved panel state (getState, the serializer's state, workspaceState), or undefined if corrupt. */
export function parsePanelState(v: unknown): PanelState | undefined {
  if (!isRecord(v) || v['v'] !== 1 || !isBoolean(v['logScale'])) return undefined;
  const file = nullable(v['file'], parseCsvFile);
  const target = v['target'] === null || isText(v['target']) ? v['target'] : undefined;
  const features =
    v['features'] === null ? null : isTextList(v['features']) ? [...v['features']] : undefined;
  const settings = parseTrainSettings(v['settings']);
  const run = nullable(v['run'], parseRunRecord);
  if (
    file === undefined ||
    target === undefined ||
    features === undefined ||
    !settings ||
    run === undefined
  )
    return undefined;
  return { v: 1, file, target, features, settings, logScale: v['logScale'], run };
}
