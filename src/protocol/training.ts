/**
 * The training panel's protocol: every message between the extension host and the webview, and
 * the payload, progress and result of the worker's 'train' and 'csv/summary' jobs. Each side
 * parses what it receives and drops (and logs) anything that is not exactly one of these shapes.
 */
import { isArrayOf, isInteger, isOneOf, isRecord, isString } from './is';
import { CONTROL_ACTIONS, type ControlAction } from './worker';
import { parseTrainSettings, type TrainSettings } from './trainingSettings';
import {
  parseCsvFile,
  parseCsvSummary,
  parseErrorInfo,
  parseEpochPoint,
  parsePanelState,
  parseRunInfo,
  parseRunResult,
  RUN_STATUSES,
  MAX_COLUMNS,
  type CsvFile,
  type CsvSummary,
  type ErrorInfo,
  type EpochPoint,
  type PanelState,
  type RunInfo,
  type RunResult,
  type RunStatus,
} from './trainingRun';

export * from './trainingSettings';
export * from './trainingRun';

export const TRAINING_VIEW_TYPE = 'gradlab.training';
export const SCRIPT_FLAVORS = ['pytorch', 'sklearn'] as const;
export type ScriptFlavor = (typeof SCRIPT_FLAVORS)[number];
export const CHART_NAMES = ['loss', 'gradients', 'predictions'] as const;
export type ChartName = (typeof CHART_NAMES)[number];
/** A chart exported as PNG: at most 20 MB of base64. */
export const MAX_PNG_DATA_URL = 20_000_000;
const PNG_PREFIX = 'data:image/png;base64,';

/** What the panel's own UI keeps between sessions and sends to the host when it changes. */
export type UiState = Pick<PanelState, 'file' | 'target' | 'features' | 'settings' | 'logScale'>;

export type PanelToHost =
  | { type: 'ready' }
  | { type: 'csv/refresh' }
  | { type: 'csv/select'; uri: string }
  | { type: 'csv/reveal'; row: number; column?: string }
  | { type: 'settings/open' }
  | { type: 'ui/state'; state: UiState }
  | { type: 'train/start'; target: string; features: string[]; settings: TrainSettings }
  | { type: 'train/control'; action: ControlAction }
  | { type: 'train/reset' }
  | { type: 'model/save' }
  | { type: 'model/copyWeights' }
  | { type: 'model/exportScript'; flavor: ScriptFlavor }
  | { type: 'charts/export'; images: Array<{ name: ChartName; dataUrl: string }> };

export type HostToPanel =
  | {
      type: 'init';
      l10nBundle?: Record<string, string>;
      defaultEpochs: number;
      state: PanelState | null;
    }
  | { type: 'csv/files'; files: CsvFile[] }
  | { type: 'csv/loading'; file: CsvFile }
  | { type: 'csv/summary'; file: CsvFile; summary: CsvSummary; missing: MissingPolicy }
  | { type: 'csv/error'; file: CsvFile; error: ErrorInfo }
  | { type: 'train/started'; info: RunInfo }
  | { type: 'train/progress'; points: EpochPoint[] }
  | { type: 'train/status'; status: RunStatus; message?: string }
  | { type: 'train/result'; result: RunResult }
  | { type: 'train/error'; error: ErrorInfo }
  | { type: 'notice'; message: string };

/** `raw` as a PanelToHost if it has exactly that shape, else undefined: webview input is untrusted. */
export function parsePanelToHost(raw: unknown): PanelToHost | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw['type']) {
    case 'ready':
    case 'csv/refresh':
    case 'train/reset':
    case 'model/save':
    case 'model/copyWeights':
    case 'settings/open':
      return { type: raw['type'] };
    case 'csv/select':
      return isString(raw['uri']) && raw['uri'].length <= 4096
        ? { type: 'csv/select', uri: raw['uri'] }
        : undefined;
    case 'csv/reveal': {
      const row = raw['row'],
        column = raw['column'];
      if (!isInteger(row) || row < 1 || (column !== undefined && !isString(column)))
        return undefined;
      return { type: 'csv/reveal', row, ...(column !== undefined ? { column } : {}) };
    }
    case 'ui/state': {
      const state = parseUiState(raw['state']);
      return state ? { type: 'ui/state', state } : undefined;
    }
    case 'train/start': {
      const settings = parseTrainSettings(raw['settings']);
      const target = raw['target'],
        features = raw['features'];
      if (
        !settings ||
        !isString(target) ||
        !isArrayOf(features, isString) ||
        features.length === 0 ||
        features.length > MAX_COLUMNS
      )
        return undefined;
      return { type: 'train/start', target, features: [...features], settings };
    }
    case 'train/control':
      return isOneOf(raw['action'], CONTROL_ACTIONS)
        ? { type: 'train/control', action: raw['action'] }
        : undefined;
    case 'model/exportScript':
      return isOneOf(raw['flavor'], SCRIPT_FLAVORS)
        ? { type: 'model/exportScript', flavor: raw['flavor'] }
        : undefined;
    case 'charts/export': {
      const images = raw['images'];
      const isImage = (x: unknown): x is { name: ChartName; dataUrl: string } =>
        isRecord(x) &&
        isOneOf(x['name'], CHART_NAMES) &&
        isString(x['dataUrl']) &&
        x['dataUrl'].startsWith(PNG_PREFIX) &&
        x['dataUrl'].length <= MAX_PNG_DATA_URL;
      if (!isArrayOf(images, isImage) || images.length === 0 || images.length > CHART_NAMES.length)
        return undefined;
      return {
        type: 'charts/export',
        images: images.map((i) => ({ name: i.name, dataUrl: i.dataUrl })),
      };
    }
    default:
      return undefined;
  }
}

function parseUiState(v: unknown): UiState | undefined {
  if (!isRecord(v)) return undefined;
  const full = parsePanelState({ ...v, v: 1, run: null });
  return full
    ? {
        file: full.file,
        target: full.target,
        features: full.features,
        settings: full.settings,
        logScale: full.logScale,
      }
    : undefined;
}

/** `raw` as a HostToPanel if it has exactly that shape, else undefined (the webview checks too). */
export function parseHostToPanel(raw: unknown): HostToPanel | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw['type']) {
    case 'init': {
      const b = raw['l10nBundle'];
      const bundle =
        b === undefined
          ? undefined
          : isRecord(b) && Object.values(b).every(isString)
            ? (b as Record<string, string>)
            : null;
      const state = raw['state'] === null ? null : parsePanelState(raw['state']);
      const epochs = raw['defaultEpochs'];
      if (bundle === null || state === undefined || !isInteger(epochs) || epochs < 1)
        return undefined;
      return {
        type: 'init',
        ...(bundle ? { l10nBundle: bundle } : {}),
        defaultEpochs: epochs,
        state,
      };
    }
    case 'csv/files': {
      const files = Array.isArray(raw['files']) ? raw['files'].map(parseCsvFile) : undefined;
      return files && files.every((f): f is CsvFile => f !== undefined)
        ? { type: 'csv/files', files }
        : undefined;
    }
    case 'csv/loading': {
      const file = parseCsvFile(raw['file']);
      return file ? { type: 'csv/loading', file } : undefined;
    }
    case 'csv/summary': {
      const file = parseCsvFile(raw['file']),
        summary = parseCsvSummary(raw['summary']);
      if (!file || !summary || !isOneOf(raw['missing'], MISSING_POLICIES)) return undefined;
      return { type: 'csv/summary', file, summary, missing: raw['missing'] };
    }
    case 'csv/error': {
      const file = parseCsvFile(raw['file']),
        error = parseErrorInfo(raw['error']);
      return file && error ? { type: 'csv/error', file, error } : undefined;
    }
    case 'train/started': {
      const info = parseRunInfo(raw['info']);
      return info ? { type: 'train/started', info } : undefined;
    }
    case 'train/progress': {
      const points =
        Array.isArray(raw['points']) && raw['points'].length <= 10_000
          ? raw['points'].map(parseEpochPoint)
          : undefined;
      return points && points.every((p): p is EpochPoint => p !== undefined)
        ? { type: 'train/progress', points }
        : undefined;
    }
    case 'train/status': {
      const m = raw['message'];
      if (!isOneOf(raw['status'], RUN_STATUSES) || (m !== undefined && !isString(m)))
        return undefined;
      return {
        type: 'train/status',
        status: raw['status'],
        ...(m !== undefined ? { message: m } : {}),
      };
    }
    case 'train/result': {
      const result = parseRunResult(raw['result']);
      return result ? { type: 'train/result', result } : undefined;
    }
    case 'train/error': {
      const error = parseErrorInfo(raw['error']);
      return error ? { type: 'train/error', error } : undefined;
    }
    case 'notice':
      return isString(raw['message']) ? { type: 'notice', message: raw['message'] } : undefined;
    default:
      return undefined;
  }
}

// ---- The worker's 'csv/summary' and 'train' jobs ----

export const MISSING_POLICIES = ['error', 'drop', 'mean'] as const;
export type MissingPolicy = (typeof MISSING_POLICIES)[number];

export interface CsvSummaryPayload {
  csv: Uint8Array;
  missing: MissingPolicy;
}
export interface TrainPayload {
  csv: Uint8Array;
  /** The CSV's workspace-relative path, for the exported scripts' default data path. */
  csvPath: string;
  missing: MissingPolicy;
  target: string;
  features: string[];
  settings: TrainSettings;
}
/** What the 'train' job streams: the run's description once, then batches of epoch points and pause/resume. */
export type TrainEvent =
  | { kind: 'started'; info: RunInfo }
  | { kind: 'epochs'; points: EpochPoint[] }
  | { kind: 'status'; status: 'running' | 'paused' };
/** The 'train' job's result: what the panel shows, plus the model and export scripts the host keeps. */
export interface TrainJobResult {
  result: RunResult;
  /** The saved model (JSON-serialisable: weights plus preprocessing), or null if the engine has none. */
  model: unknown;
  scripts: Partial<Record<ScriptFlavor, string>>;
  /** Why a script could not be written, per flavor that has none. */
  scriptErrors: Partial<Record<ScriptFlavor, string>>;
  /** Human-readable weights for "Copy Weights". */
  weightsText: string;
}

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;

export function parseCsvSummaryPayload(v: unknown): CsvSummaryPayload | undefined {
  return isRecord(v) && isBytes(v['csv']) && isOneOf(v['missing'], MISSING_POLICIES)
    ? { csv: v['csv'], missing: v['missing'] }
    : undefined;
}

export function parseTrainPayload(v: unknown): TrainPayload | undefined {
  if (
    !isRecord(v) ||
    !isBytes(v['csv']) ||
    !isString(v['csvPath']) ||
    !isOneOf(v['missing'], MISSING_POLICIES) ||
    !isString(v['target'])
  )
    return undefined;
  const settings = parseTrainSettings(v['settings']);
  if (!settings || !isArrayOf(v['features'], isString) || v['features'].length === 0)
    return undefined;
  return {
    csv: v['csv'],
    csvPath: v['csvPath'],
    missing: v['missing'],
    target: v['target'],
    features: [...v['features']],
    settings,
  };
}

export function parseTrainEvent(v: unknown): TrainEvent | undefined {
  if (!isRecord(v)) return undefined;
  switch (v['kind']) {
    case 'started': {
      const info = parseRunInfo(v['info']);
      return info ? { kind: 'started', info } : undefined;
    }
    case 'epochs': {
      const points =
        Array.isArray(v['points']) && v['points'].length <= 10_000
          ? v['points'].map(parseEpochPoint)
          : undefined;
      return points && points.every((x): x is EpochPoint => x !== undefined)
        ? { kind: 'epochs', points }
        : undefined;
    }
    case 'status':
      return isOneOf(v['status'], ['running', 'paused'] as const)
        ? { kind: 'status', status: v['status'] }
        : undefined;
    default:
      return undefined;
  }
}

export function parseTrainJobResult(v: unknown): TrainJobResult | undefined {
  if (!isRecord(v) || !isString(v['weightsText'])) return undefined;
  const result = parseRunResult(v['result']);
  const scripts = parseFlavorTexts(v['scripts']);
  const scriptErrors = parseFlavorTexts(v['scriptErrors'] ?? {});
  if (!result || !scripts || !scriptErrors) return undefined;
  return {
    result,
    model: v['model'] ?? null,
    scripts,
    scriptErrors,
    weightsText: v['weightsText'],
  };
}

/** { pytorch?: string, sklearn?: string }, nothing else. */
function parseFlavorTexts(v: unknown): Partial<Record<ScriptFlavor, string>> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Partial<Record<ScriptFlavor, string>> = {};
  for (const f of SCRIPT_FLAVORS) {
    if (v[f] === undefined) continue;
    if (!isString(v[f])) return undefined;
    out[f] = v[f];
  }
  return out;
}

/** True for a message type the host sends often (progress); used to keep logs quiet. */
export function isChatty(m: HostToPanel): boolean {
  return m.type === 'train/progress';
}
