/**
 * The gradient check's contracts: the worker job (host → worker payload, worker → host report)
 * and the report panel's messages (both directions). Every receiver checks what it gets with the
 * parse functions below and drops anything malformed: the webview and the worker are trust
 * boundaries, and a report carries numbers computed from user code.
 */
import { isArrayOf, isBoolean, isFiniteNumber, isInteger, isOneOf, isRecord, isString } from './is';

/** 1-based, as the editor shows it (like the engine's Place). */
export interface SourcePosition {
  line: number;
  column: number;
}

/** One gradient component at one point. relErr = |analytic − numeric| / |numeric|. */
export interface ElementRow {
  index: number;
  analytic: number;
  numeric: number;
  absErr: number;
  relErr: number;
  ok: boolean;
}

export interface PointReport {
  x: number[];
  /** True when x was drawn at random (seeded). */
  random: boolean;
  /** f(x). */
  value: number;
  /** Every component, worst (failures first, then by error against tolerance) first. */
  rows: ElementRow[];
  maxAbsErr: number;
  ok: boolean;
  /** Indices of the failing components, ascending. */
  mismatches: number[];
}

/** What the engine recognised in a failure; the panel turns each kind into a sentence. */
export const DIAGNOSIS_KINDS = [
  'sign',
  'factor',
  'ratio',
  'kink',
  'round-off',
  'float32',
  'off-by-one',
  'one-component',
  'some-components',
  'unexplained',
] as const;
export type DiagnosisKind = (typeof DIAGNOSIS_KINDS)[number];

export interface Diagnosis {
  kind: DiagnosisKind;
  /** The engine's own English sentence: shown when the panel has nothing better. */
  message: string;
  /** The gradient components it explains. */
  indices: number[];
  /** True when the gradient is probably right (a kink, round-off). */
  notABug: boolean;
  /** 'factor', 'ratio', 'sign': analytic ÷ numeric. */
  factor?: number;
  /** 'off-by-one': analytic[i] ≈ numeric[i + shift]. */
  shift?: number;
  /** 'kink', 'round-off', 'float32': a step at which the components agree. */
  agreeingEps?: number;
}

/** Error against step size at one point: truncation error falls with eps, round-off grows as eps shrinks. */
export interface EpsSweep {
  /** Index of the point in `points`. */
  point: number;
  eps: number[];
  /** max_i |analytic_i − numeric_i(eps)|, as long as `eps`. */
  maxAbsErr: number[];
  /** The same divided by max_i |analytic_i|. */
  maxRelErr: number[];
}

export interface GradcheckSettings {
  eps: number;
  atol: number;
  rtol: number;
}

/** The result of one gradient check, as the worker returns it and the panel shows it. */
export interface GradcheckReport {
  /** The checked file (a URI string; the host sets it). */
  uri: string;
  functionName: string;
  /** The companion's name, or null when the gradient was derived by autodiff. */
  gradientName: string | null;
  shape: 'vector' | 'args' | 'scalar';
  /** Where the names are declared (the gradient's only when it is in this file). */
  functionPlace?: SourcePosition;
  gradientPlace?: SourcePosition;
  settings: GradcheckSettings;
  ok: boolean;
  points: PointReport[];
  /** Empty when ok. */
  diagnoses: Diagnosis[];
  sweep?: EpsSweep;
  /** The derived gradient (autodiff only): its name, source text and where it goes. */
  derived?: DerivedGradient;
  totalMs: number;
  /** A hash of the checked text (set by the host): the derived gradient is inserted only into that text. */
  sourceHash?: string;
}

export interface DerivedGradient {
  name: string;
  text: string;
  /** UTF-16 offset in the checked text, just after the function's declaration. */
  insertAt: number;
  warnings: string[];
}

/** The 'gradcheck' worker job's payload. No points: the engine uses @point tags, else seeded random ones. */
export interface GradcheckJob {
  source: string;
  /** The file's path, for relative imports and stack frames. */
  path: string;
  /** Set for file: URIs, so that the worker may read local imports from disk. */
  readImports: boolean;
  functionName: string;
  points?: number[][];
  /** For a `vector` function checked at random points: their dimension. */
  dimension?: number;
  settings: GradcheckSettings;
  timeoutMs: number;
}

/** The 'gradcheck/list' job: the file's checkable functions (the worker owns the TypeScript scanner). */
export interface ListJob {
  source: string;
}

/** A checkable top-level function, with UTF-16 offsets into the listed text. */
export interface ListedFunction {
  name: string;
  /** The analytic gradient's name, or null (the check then derives one by autodiff). */
  companion: string | null;
  /** Null when the parameters carry no types. */
  shape: 'vector' | 'args' | 'scalar' | null;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  /** The companion's declaration, when it is in this file. */
  companionStart?: number;
  companionEnd?: number;
  /** Number of JSDoc `@point` tags. */
  pointTags: number;
}

export type HostToPanel =
  | { type: 'init'; l10nBundle?: Record<string, string>; report?: GradcheckReport }
  | { type: 'gradcheck/report'; report: GradcheckReport }
  | { type: 'gradcheck/inserted'; ok: boolean };

export type PanelToHost =
  | { type: 'ready' }
  | { type: 'gradcheck/goToGradient' }
  | { type: 'gradcheck/goToFunction' }
  | { type: 'gradcheck/insertDerived' }
  | { type: 'gradcheck/rerun' };

/** What the panel keeps with vscode.setState (and a restored panel gets back). */
export interface GradcheckPanelState {
  report?: GradcheckReport;
}

const isNumber = (v: unknown): v is number => typeof v === 'number'; // NaN/±Inf are legitimate results
const isNumberArray = (v: unknown): v is number[] => isArrayOf(v, isNumber);
const isFiniteArray = (v: unknown): v is number[] => isArrayOf(v, isFiniteNumber);
const isIndex = (x: unknown): x is number => isInteger(x) && x >= 0;
const isIndexArray = (v: unknown): v is number[] => isArrayOf(v, isIndex);
const optional = <T>(v: unknown, is: (x: unknown) => x is T): boolean => v === undefined || is(v);
const SHAPES = ['vector', 'args', 'scalar'] as const;

function isSourcePosition(v: unknown): v is SourcePosition {
  return (
    isRecord(v) &&
    isInteger(v['line']) &&
    v['line'] >= 1 &&
    isInteger(v['column']) &&
    v['column'] >= 1
  );
}

function isElementRow(v: unknown): v is ElementRow {
  return (
    isRecord(v) &&
    isIndex(v['index']) &&
    isNumber(v['analytic']) &&
    isNumber(v['numeric']) &&
    isNumber(v['absErr']) &&
    isNumber(v['relErr']) &&
    isBoolean(v['ok'])
  );
}

function isPointReport(v: unknown): v is PointReport {
  return (
    isRecord(v) &&
    isNumberArray(v['x']) &&
    isBoolean(v['random']) &&
    isNumber(v['value']) &&
    isArrayOf(v['rows'], isElementRow) &&
    isNumber(v['maxAbsErr']) &&
    isBoolean(v['ok']) &&
    isIndexArray(v['mismatches'])
  );
}

function isDiagnosis(v: unknown): v is Diagnosis {
  return (
    isRecord(v) &&
    isOneOf(v['kind'], DIAGNOSIS_KINDS) &&
    isString(v['message']) &&
    isIndexArray(v['indices']) &&
    isBoolean(v['notABug']) &&
    optional(v['factor'], isNumber) &&
    optional(v['shift'], isInteger) &&
    optional(v['agreeingEps'], isNumber)
  );
}

function isEpsSweep(v: unknown): v is EpsSweep {
  if (!isRecord(v) || !isIndex(v['point']) || !isFiniteArray(v['eps'])) return false;
  const n = v['eps'].length;
  const sameLength = (a: unknown): a is number[] => isNumberArray(a) && a.length === n;
  return sameLength(v['maxAbsErr']) && sameLength(v['maxRelErr']);
}

function isDerivedGradient(v: unknown): v is DerivedGradient {
  return (
    isRecord(v) &&
    isString(v['name']) &&
    isString(v['text']) &&
    isIndex(v['insertAt']) &&
    isArrayOf(v['warnings'], isString)
  );
}

export function isGradcheckSettings(v: unknown): v is GradcheckSettings {
  return (
    isRecord(v) &&
    isFiniteNumber(v['eps']) &&
    v['eps'] > 0 &&
    isFiniteNumber(v['atol']) &&
    v['atol'] >= 0 &&
    isFiniteNumber(v['rtol']) &&
    v['rtol'] >= 0
  );
}

/** `raw` as a GradcheckReport if it has that shape (a copy without extra keys), else undefined. */
export function parseGradcheckReport(raw: unknown): GradcheckReport | undefined {
  if (!isRecord(raw)) return undefined;
  const r = raw;
  const ok =
    isString(r['uri']) &&
    isString(r['functionName']) &&
    (r['gradientName'] === null || isString(r['gradientName'])) &&
    isOneOf(r['shape'], SHAPES) &&
    optional(r['functionPlace'], isSourcePosition) &&
    optional(r['gradientPlace'], isSourcePosition) &&
    isGradcheckSettings(r['settings']) &&
    isBoolean(r['ok']) &&
    isArrayOf(r['points'], isPointReport) &&
    isArrayOf(r['diagnoses'], isDiagnosis) &&
    optional(r['sweep'], isEpsSweep) &&
    optional(r['derived'], isDerivedGradient) &&
    isFiniteNumber(r['totalMs']) &&
    optional(r['sourceHash'], isString);
  if (!ok) return undefined;
  const settings = r['settings'] as GradcheckSettings;
  const report: GradcheckReport = {
    uri: r['uri'] as string,
    functionName: r['functionName'] as string,
    gradientName: r['gradientName'] as string | null,
    shape: r['shape'] as GradcheckReport['shape'],
    settings: { eps: settings.eps, atol: settings.atol, rtol: settings.rtol },
    ok: r['ok'] as boolean,
    points: (r['points'] as PointReport[]).map((p) => ({
      x: [...p.x],
      random: p.random,
      value: p.value,
      rows: p.rows.map((e) => ({
        index: e.index,
        analytic: e.analytic,
        numeric: e.numeric,
        absErr: e.absErr,
        relErr: e.relErr,
        ok: e.ok,
      })),
      maxAbsErr: p.maxAbsErr,
      ok: p.ok,
      mismatches: [...p.mismatches],
    })),
    diagnoses: (r['diagnoses'] as Diagnosis[]).map((d) => ({
      kind: d.kind,
      message: d.message,
      indices: [...d.indices],
      notABug: d.notABug,
      ...(d.factor !== undefined ? { factor: d.factor } : {}),
      ...(d.shift !== undefined ? { shift: d.shift } : {}),
      ...(d.agreeingEps !== undefined ? { agreeingEps: d.agreeingEps } : {}),
    })),
    totalMs: r['totalMs'] as number,
  };
  const fp = r['functionPlace'] as SourcePosition | undefined;
  const gp = r['gradientPlace'] as SourcePosition | undefined;
  if (fp) report.functionPlace = { line: fp.line, column: fp.column };
  if (gp) report.gradientPlace = { line: gp.line, column: gp.column };
  const sw = r['sweep'] as EpsSweep | undefined;
  if (sw)
    report.sweep = {
      point: sw.point,
      eps: [...sw.eps],
      maxAbsErr: [...sw.maxAbsErr],
      maxRelErr: [...sw.maxRelErr],
    };
  const d = r['derived'] as DerivedGradient | undefined;
  if (d)
    report.derived = {
      name: d.name,
      text: d.text,
      insertAt: d.insertAt,
      warnings: [...d.warnings],
    };
  if (r['sourceHash'] !== undefined) report.sourceHash = r['sourceHash'] as string;
  return report;
}

/** `raw` as a GradcheckJob payload, else undefined (the worker checks what the host sends). */
export function parseGradcheckJob(raw: unknown): GradcheckJob | undefined {
  if (!isRecord(raw)) return undefined;
  const { source, path, readImports, functionName, points, dimension, settings, timeoutMs } = raw;
  if (!isString(source) || !isString(path) || !isBoolean(readImports)) return undefined;
  if (!isString(functionName) || functionName === '') return undefined;
  if (!isGradcheckSettings(settings) || !isFiniteNumber(timeoutMs) || timeoutMs <= 0)
    return undefined;
  if (points !== undefined && !(isArrayOf(points, isFiniteArray) && points.length > 0))
    return undefined;
  if (dimension !== undefined && !(isInteger(dimension) && dimension >= 1)) return undefined;
  return {
    source,
    path,
    readImports,
    functionName,
    settings: { eps: settings.eps, atol: settings.atol, rtol: settings.rtol },
    timeoutMs,
    ...(points !== undefined ? { points: points.map((p) => [...p]) } : {}),
    ...(dimension !== undefined ? { dimension } : {}),
  };
}

export function parseListJob(raw: unknown): ListJob | undefined {
  return isRecord(raw) && isString(raw['source']) ? { source: raw['source'] } : undefined;
}

function isListedFunction(v: unknown): v is ListedFunction {
  if (!isRecord(v)) return false;
  const {
    name,
    companion,
    shape,
    start,
    end,
    nameStart,
    nameEnd,
    companionStart,
    companionEnd,
    pointTags,
  } = v;
  return (
    isString(name) &&
    (companion === null || isString(companion)) &&
    (shape === null || isOneOf(shape, SHAPES)) &&
    [start, end, nameStart, nameEnd, pointTags].every(isIndex) &&
    (start as number) <= (nameStart as number) &&
    (nameStart as number) <= (nameEnd as number) &&
    (nameEnd as number) <= (end as number) &&
    optional(companionStart, isIndex) &&
    optional(companionEnd, isIndex)
  );
}

/** The list job's result, else undefined. */
export function parseFunctionList(raw: unknown): ListedFunction[] | undefined {
  if (!isArrayOf(raw, isListedFunction)) return undefined;
  return raw.map((f) => ({
    name: f.name,
    companion: f.companion,
    shape: f.shape,
    start: f.start,
    end: f.end,
    nameStart: f.nameStart,
    nameEnd: f.nameEnd,
    ...(f.companionStart !== undefined && f.companionEnd !== undefined
      ? { companionStart: f.companionStart, companionEnd: f.companionEnd }
      : {}),
    pointTags: f.pointTags,
  }));
}

/** `raw` as a message from the report panel, else undefined (webview input is untrusted). */
export function parsePanelToHost(raw: unknown): PanelToHost | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw['type']) {
    case 'ready':
    case 'gradcheck/goToGradient':
    case 'gradcheck/goToFunction':
    case 'gradcheck/insertDerived':
    case 'gradcheck/rerun':
      return { type: raw['type'] };
    default:
      return undefined;
  }
}

/** `raw` as a message from the host, else undefined (the panel checks too). */
export function parseHostToPanel(raw: unknown): HostToPanel | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw['type']) {
    case 'init': {
      const b = raw['l10nBundle'];
      if (b !== undefined && !(isRecord(b) && Object.values(b).every(isString))) return undefined;
      const report = raw['report'] === undefined ? undefined : parseGradcheckReport(raw['report']);
      if (raw['report'] !== undefined && !report) return undefined;
      return {
        type: 'init',
        ...(b ? { l10nBundle: b as Record<string, string> } : {}),
        ...(report ? { report } : {}),
      };
    }
    case 'gradcheck/report': {
      const report = parseGradcheckReport(raw['report']);
      return report ? { type: 'gradcheck/report', report } : undefined;
    }
    case 'gradcheck/inserted':
      return isBoolean(raw['ok']) ? { type: 'gradcheck/inserted', ok: raw['ok'] } : undefined;
    default:
      return undefined;
  }
}

/** A saved panel state, else an empty one (state comes back from the webview after a reload). */
export function parsePanelState(raw: unknown): GradcheckPanelState {
  if (!isRecord(raw)) return {};
  const report = parseGradcheckReport(raw['report']);
  return report ? { report } : {};
}

export type PointsInput =
  | { kind: 'points'; points: number[][] }
  | { kind: 'random' }
  | { kind: 'invalid'; reason: 'not-json' | 'not-array' | 'not-numbers' };

/**
 * The points input box's text: `[1, 2]` is one point, `[[1, 2], [3, 4]]` several, and an empty
 * box asks for seeded random points. Numbers must be finite (JSON has no NaN anyway).
 */
export function parsePointsInput(text: string): PointsInput {
  const t = text.trim();
  if (t === '') return { kind: 'random' };
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    return { kind: 'invalid', reason: 'not-json' };
  }
  if (!Array.isArray(v) || v.length === 0) return { kind: 'invalid', reason: 'not-array' };
  if (isFiniteArray(v)) return { kind: 'points', points: [v] };
  if (isArrayOf(v, isFiniteArray) && v.every((p) => p.length > 0))
    return { kind: 'points', points: v };
  return { kind: 'invalid', reason: 'not-numbers' };
}

/** A number for a table cell or a diagnostic: 2 → "2.0", 0.000123456 → "1.23456e-4", NaN → "NaN". */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return v.toFixed(1);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e6) return String(Number(v.toPrecision(6)));
  const [mantissa, exponent] = v.toExponential(5).split('e');
  return `${Number(mantissa)}e${Number(exponent)}`;
}
