/**
 * The contract between the extension host and the derivative panel (webview/derivativePanel.ts).
 * The host computes everything (LaTeX, code, plot samples); the panel draws and posts typed
 * requests. Both directions, and the state the panel saves with setState, are checked on arrival:
 * a webview is untrusted input, and a restored state may come from an older version.
 */
import { isArrayOf, isBoolean, isFiniteNumber, isInteger, isOneOf, isRecord, isString } from './is';

export const DERIVATIVE_VIEW_TYPE = 'gradlab.derivative';

export const SYNTAXES = ['mathjs', 'javascript', 'python'] as const;
export type Syntax = (typeof SYNTAXES)[number];

/** d/dx (one variable), every partial (gradient), all second partials (Hessian), or d^n/dx^n. */
export const DERIVATIVE_MODES = ['derivative', 'gradient', 'hessian', 'nth'] as const;
export type DerivativeMode = (typeof DERIVATIVE_MODES)[number];

/** What to differentiate and how: enough to recompute the whole view (after a reload too). */
export interface DerivativeRequest {
  input: string;
  syntax: Syntax;
  mode: DerivativeMode;
  /** derivative and nth: one variable; gradient and hessian: the variables, in order. */
  wrt: string[];
  /** 1 for derivative and gradient, 2 for hessian, n for nth. */
  order: number;
}

/** One derivative: its left-hand side and value as LaTeX, and its value as code in the input's syntax. */
export interface DerivativeEntry {
  wrt: string[];
  order: number;
  lhsLatex: string;
  latex: string;
  code: string;
}

export interface PlotSamples {
  variable: string;
  xmin: number;
  xmax: number;
  xs: number[];
  /** f and its derivative at xs; null where undefined (a gap in the plot). */
  f: Array<number | null>;
  df: Array<number | null>;
  /** The derivative's name in the legend: f′, f″, f⁽³⁾ … */
  dfLabel: string;
}

export interface DerivativeView {
  request: DerivativeRequest;
  variables: string[];
  /** `f(x) = …` as LaTeX. */
  fLatex: string;
  entries: DerivativeEntry[];
  /** The Hessian as one LaTeX matrix (hessian mode only). */
  matrixLatex?: string;
  /** What "Copy as LaTeX" and "Copy as Code" copy, and what Insert/Replace write. */
  latex: string;
  code: string;
  /** Functions the code calls that its language lacks (erf in JavaScript, scipy.special.erf). */
  helpers?: string[];
  /** False when the time budget ran out and the result is correct but unsimplified. */
  simplified: boolean;
  /** How many selections the edit actions apply to (the panel shows the first). */
  targets: number;
  /** One variable only. */
  plot?: PlotSamples;
}

export const PANEL_ACTIONS = ['insertBelow', 'replaceSelection', 'copyLatex', 'copyCode'] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];

export type HostToDerivativePanel =
  | { type: 'init'; l10nBundle?: Record<string, string>; view?: DerivativeView; canEdit: boolean }
  | { type: 'derivative/show'; view: DerivativeView; canEdit: boolean }
  | { type: 'plot/data'; plot: PlotSamples }
  | { type: 'status'; level: 'info' | 'error'; message: string };

export type DerivativePanelToHost =
  | { type: 'ready' }
  | { type: 'plot/range'; xmin: number; xmax: number }
  | { type: 'action/run'; action: PanelAction }
  /** Sent after the panel has drawn a view: the host's tests wait for it. */
  | { type: 'view/rendered'; input: string; entries: number; plotted: boolean };

/** What the panel keeps with setState, and what the serializer gets back after a reload. */
export interface DerivativePanelState {
  view: DerivativeView;
}

// ---- Plot range -------------------------------------------------------------------------------

export const PLOT_RANGE_LIMIT = 1e6;
export const PLOT_SAMPLES = 241;
export type PlotRangeProblem = 'not-a-number' | 'empty' | 'too-large';

/** Why [xmin, xmax] cannot be plotted, or undefined when it can. Both sides check it. */
export function checkPlotRange(xmin: number, xmax: number): PlotRangeProblem | undefined {
  if (!Number.isFinite(xmin) || !Number.isFinite(xmax)) return 'not-a-number';
  if (Math.abs(xmin) > PLOT_RANGE_LIMIT || Math.abs(xmax) > PLOT_RANGE_LIMIT) return 'too-large';
  if (!(xmax - xmin > 1e-9 * Math.max(1, Math.abs(xmin), Math.abs(xmax)))) return 'empty';
  return undefined;
}

// ---- Validators -------------------------------------------------------------------------------

const isNumberOrNull = (v: unknown): v is number | null => v === null || isFiniteNumber(v);

function isRequest(v: unknown): v is DerivativeRequest {
  return (
    isRecord(v) &&
    isString(v['input']) &&
    isOneOf(v['syntax'], SYNTAXES) &&
    isOneOf(v['mode'], DERIVATIVE_MODES) &&
    isArrayOf(v['wrt'], isString) &&
    isInteger(v['order']) &&
    v['order'] >= 1
  );
}

function isEntry(v: unknown): v is DerivativeEntry {
  return (
    isRecord(v) &&
    isArrayOf(v['wrt'], isString) &&
    isInteger(v['order']) &&
    isString(v['lhsLatex']) &&
    isString(v['latex']) &&
    isString(v['code'])
  );
}

export function isPlotSamples(v: unknown): v is PlotSamples {
  if (!isRecord(v)) return false;
  const xs = v['xs'];
  return (
    isString(v['variable']) &&
    isFiniteNumber(v['xmin']) &&
    isFiniteNumber(v['xmax']) &&
    isArrayOf(xs, isFiniteNumber) &&
    isArrayOf(v['f'], isNumberOrNull) &&
    isArrayOf(v['df'], isNumberOrNull) &&
    (v['f'] as unknown[]).length === xs.length &&
    (v['df'] as unknown[]).length === xs.length &&
    isString(v['dfLabel'])
  );
}

export function isDerivativeView(v: unknown): v is DerivativeView {
  return (
    isRecord(v) &&
    isRequest(v['request']) &&
    isArrayOf(v['variables'], isString) &&
    isString(v['fLatex']) &&
    isArrayOf(v['entries'], isEntry) &&
    (v['matrixLatex'] === undefined || isString(v['matrixLatex'])) &&
    isString(v['latex']) &&
    isString(v['code']) &&
    (v['helpers'] === undefined || isArrayOf(v['helpers'], isString)) &&
    isBoolean(v['simplified']) &&
    isInteger(v['targets']) &&
    (v['plot'] === undefined || isPlotSamples(v['plot']))
  );
}

function isBundle(v: unknown): v is Record<string, string> {
  return isRecord(v) && Object.values(v).every(isString);
}

/** `raw` as a message from the host, or undefined: the panel checks what it receives too. */
export function parseHostToDerivativePanel(raw: unknown): HostToDerivativePanel | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw['type']) {
    case 'init': {
      const { l10nBundle, view, canEdit } = raw;
      if (
        (l10nBundle !== undefined && !isBundle(l10nBundle)) ||
        (view !== undefined && !isDerivativeView(view)) ||
        !isBoolean(canEdit)
      )
        return undefined;
      return {
        type: 'init',
        canEdit,
        ...(l10nBundle ? { l10nBundle } : {}),
        ...(view ? { view } : {}),
      };
    }
    case 'derivative/show':
      return isDerivativeView(raw['view']) && isBoolean(raw['canEdit'])
        ? { type: 'derivative/show', view: raw['view'], canEdit: raw['canEdit'] }
        : undefined;
    case 'plot/data':
      return isPlotSamples(raw['plot']) ? { type: 'plot/data', plot: raw['plot'] } : undefined;
    case 'status':
      return isOneOf(raw['level'], ['info', 'error'] as const) && isString(raw['message'])
        ? { type: 'status', level: raw['level'], message: raw['message'] }
        : undefined;
    default:
      return undefined;
  }
}

/** `raw` as a message from the panel, or undefined when it has any other shape. */
export function parseDerivativePanelToHost(raw: unknown): DerivativePanelToHost | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw['type']) {
    case 'ready':
      return { type: 'ready' };
    case 'plot/range': {
      const { xmin, xmax } = raw;
      return isFiniteNumber(xmin) &&
        isFiniteNumber(xmax) &&
        checkPlotRange(xmin, xmax) === undefined
        ? { type: 'plot/range', xmin, xmax }
        : undefined;
    }
    case 'action/run':
      return isOneOf(raw['action'], PANEL_ACTIONS)
        ? { type: 'action/run', action: raw['action'] }
        : undefined;
    case 'view/rendered': {
      const { input, entries, plotted } = raw;
      return isString(input) && isInteger(entries) && isBoolean(plotted)
        ? { type: 'view/rendered', input, entries, plotted }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** A saved panel state, or undefined when it is missing or malformed (the panel then shows nothing). */
export function parseDerivativePanelState(raw: unknown): DerivativePanelState | undefined {
  return isRecord(raw) && isDerivativeView(raw['view']) ? { view: raw['view'] } : undefined;
}
