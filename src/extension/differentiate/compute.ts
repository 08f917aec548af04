/**
 * From an expression to what the panel and the hover show: derivatives as LaTeX and code, plot
 * samples and a numeric spot check. Pure (no `vscode`): it takes the engine as an argument, so
 * the Node unit tests run it against the real engine.
 */
import {
  PLOT_SAMPLES,
  type DerivativeEntry,
  type DerivativeMode,
  type DerivativeRequest,
  type DerivativeView,
  type PlotSamples,
} from '../../protocol/derivative';
import type { SyntaxSetting } from './syntaxFor';
import type { Derivative, Formula, SymbolicEngine } from './symbolicApi';

export const DEFAULT_PLOT_RANGE: readonly [number, number] = [-5, 5];

/** The request for `mode` on an expression with `variables` (wrt = the chosen variable, if any). */
export function makeRequest(
  input: string,
  syntax: DerivativeRequest['syntax'],
  mode: DerivativeMode,
  variables: readonly string[],
  wrt?: string,
  order = 1,
): DerivativeRequest {
  switch (mode) {
    case 'gradient':
      return { input, syntax, mode, wrt: [...variables], order: 1 };
    case 'hessian':
      return { input, syntax, mode, wrt: [...variables], order: 2 };
    case 'derivative':
      return { input, syntax, mode, wrt: [wrt ?? variables[0]!], order: 1 };
    case 'nth':
      return { input, syntax, mode, wrt: [wrt ?? variables[0]!], order };
  }
}

/** The left-hand side: df/dx for one variable, ∂f/∂x for several, with the order as a power. */
export function lhsLatex(
  engine: SymbolicEngine,
  variableCount: number,
  wrt: readonly string[],
  order: number,
): string {
  const d = variableCount > 1 ? '\\partial' : 'd';
  if (wrt.length === 2 && wrt[0] !== wrt[1]) {
    return `\\frac{${d}^{2} f}{${d} ${engine.variableLatex(wrt[1]!)} \\, ${d} ${engine.variableLatex(wrt[0]!)}}`;
  }
  const v = engine.variableLatex(wrt[0]!);
  return order > 1
    ? `\\frac{${d}^{${order}} f}{${d} ${v}^{${order}}}`
    : `\\frac{${d} f}{${d} ${v}}`;
}

/** f′, f″, f‴, f⁽⁴⁾ … */
export function primeLabel(order: number): string {
  if (order === 1) return 'f\u2032';
  if (order === 2) return 'f\u2033';
  if (order === 3) return 'f\u2034';
  const sup = String(order).replace(/\d/g, (c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(c)]!);
  return `f⁽${sup}⁾`;
}

function entry(engine: SymbolicEngine, f: Formula, d: Derivative): DerivativeEntry {
  return {
    wrt: [...d.wrt],
    order: d.order,
    lhsLatex: lhsLatex(engine, f.variables.length, d.wrt.length > 1 ? d.sequence : d.wrt, d.order),
    latex: d.latex,
    code: d.code,
  };
}

export interface Computed {
  f: Formula;
  entries: DerivativeEntry[];
  derivatives: Derivative[];
  matrixLatex?: string;
  latex: string;
  code: string;
}

/** Every derivative `request` asks for, with the payloads that Copy, Insert and Replace use. */
export function computeDerivatives(
  engine: SymbolicEngine,
  request: DerivativeRequest,
  budgetMs: number,
): Computed {
  const options = { syntax: request.syntax, simplifyBudgetMs: budgetMs };
  const list = (items: string[]) => `[${items.join(', ')}]`;
  switch (request.mode) {
    case 'derivative':
    case 'nth': {
      const r = engine.differentiate(request.input, {
        ...options,
        wrt: request.wrt.slice(0, 1),
        order: request.order,
      });
      const d = r.derivatives[0]!;
      return {
        f: r.expression,
        entries: [entry(engine, r.expression, d)],
        derivatives: [d],
        latex: d.latex,
        code: d.code,
      };
    }
    case 'gradient': {
      const r = engine.differentiate(request.input, { ...options, wrt: request.wrt });
      const ds = [...r.derivatives];
      return {
        f: r.expression,
        entries: ds.map((d) => entry(engine, r.expression, d)),
        derivatives: ds,
        latex: bmatrix(ds.map((d) => [d.latex])),
        code: list(ds.map((d) => d.code)),
      };
    }
    case 'hessian': {
      const h = engine.hessian(request.input, { ...options, wrt: request.wrt });
      const upper = h.matrix.flatMap((row, i) => row.slice(i));
      const latex = bmatrix(h.matrix.map((row) => row.map((d) => d.latex)));
      return {
        f: h.expression,
        entries: upper.map((d) => entry(engine, h.expression, d)),
        derivatives: upper,
        matrixLatex: `H_f = ${latex}`,
        latex,
        code: list(h.matrix.map((row) => list(row.map((d) => d.code)))),
      };
    }
  }
}

function bmatrix(rows: string[][]): string {
  return `\\begin{bmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
}

/** `f(x, y) = …` */
export function functionLatex(engine: SymbolicEngine, f: Formula): string {
  return `f(${f.variables.map((v) => engine.variableLatex(v)).join(', ')}) = ${f.latex}`;
}

export interface ViewOptions {
  budgetMs: number;
  targets?: number;
  range?: readonly [number, number];
}

/** The panel's whole view for `request`. */
export function computeView(
  engine: SymbolicEngine,
  request: DerivativeRequest,
  options: ViewOptions,
): DerivativeView {
  const c = computeDerivatives(engine, request, options.budgetMs);
  const helpers = [...new Set(c.derivatives.flatMap((d) => d.helpers))];
  const view: DerivativeView = {
    request,
    variables: [...c.f.variables],
    fLatex: functionLatex(engine, c.f),
    entries: c.entries,
    latex: c.latex,
    code: c.code,
    simplified: c.derivatives.every((d) => d.simplification !== 'budget'),
    targets: options.targets ?? 1,
  };
  if (helpers.length) view.helpers = helpers;
  if (c.matrixLatex !== undefined) view.matrixLatex = c.matrixLatex;
  if (c.f.variables.length === 1 && (request.mode === 'derivative' || request.mode === 'nth')) {
    const [xmin, xmax] = options.range ?? DEFAULT_PLOT_RANGE;
    view.plot = samplePlot(c.f, c.derivatives[0]!, request.order, xmin, xmax);
  }
  return view;
}

/** f and its derivative at PLOT_SAMPLES evenly spaced points of [xmin, xmax] (null = a gap). */
export function samplePlot(
  f: Formula,
  d: Formula,
  order: number,
  xmin: number,
  xmax: number,
  samples = PLOT_SAMPLES,
): PlotSamples {
  const variable = f.variables[0]!;
  const fv = f.compile([variable]);
  const dv = d.compile([variable]);
  const xs: number[] = [];
  const fs: Array<number | null> = [];
  const ds: Array<number | null> = [];
  const at = new Float64Array(1);
  for (let i = 0; i < samples; i++) {
    const x = i === samples - 1 ? xmax : xmin + ((xmax - xmin) * i) / (samples - 1);
    at[0] = x;
    xs.push(x);
    fs.push(fv(at));
    ds.push(dv(at));
  }
  return { variable, xmin, xmax, xs, f: fs, df: ds, dfLabel: primeLabel(order) };
}

/** Plot samples for a range the panel asked for, recomputed from the request (after a reload too). */
export function replot(
  engine: SymbolicEngine,
  request: DerivativeRequest,
  budgetMs: number,
  xmin: number,
  xmax: number,
): PlotSamples | undefined {
  if (request.mode !== 'derivative' && request.mode !== 'nth') return undefined;
  const r = engine.differentiate(request.input, {
    syntax: request.syntax,
    wrt: request.wrt.slice(0, 1),
    order: request.order,
    simplifyBudgetMs: budgetMs,
  });
  if (r.variables.length !== 1) return undefined;
  return samplePlot(r.expression, r.derivatives[0]!, request.order, xmin, xmax);
}

// ---- Hover --------------------------------------------------------------------------------------

/** At most this many partials go into a hover (a 7-variable gradient would fill the screen). */
export const HOVER_MAX_VARIABLES = 6;

export interface SpotCheckLine {
  wrt: string;
  symbolic: number | null;
  numeric: number | null;
  ok: boolean;
}

export interface HoverContent {
  syntax: DerivativeRequest['syntax'];
  variables: string[];
  entries: DerivativeEntry[];
  /** One LaTeX block for the image: df/dx = … or an aligned list of partials. */
  latex: string;
  /** The engine's spot check (symbolic vs central differences) at `point`. */
  point: Record<string, number>;
  spot: SpotCheckLine[];
  /** Variables left out of the hover (beyond HOVER_MAX_VARIABLES). */
  omitted: number;
}

/** What the hover shows for `text`, undefined for a constant; throws (GradLabError) when it does not parse. */
export function hoverContent(
  engine: SymbolicEngine,
  text: string,
  syntax: SyntaxSetting,
  budgetMs: number,
): HoverContent | undefined {
  const f = engine.parseExpression(text, { syntax });
  if (f.variables.length === 0) return undefined;
  const wrt = f.variables.slice(0, HOVER_MAX_VARIABLES);
  const r = engine.differentiate(text, { syntax, wrt, simplifyBudgetMs: budgetMs });
  const entries = r.derivatives.map((d) => entry(engine, f, d));
  const latex =
    entries.length === 1
      ? `${entries[0]!.lhsLatex} = ${entries[0]!.latex}`
      : `\\begin{aligned} ${entries.map((e) => `${e.lhsLatex} &= ${e.latex}`).join(' \\\\ ')} \\end{aligned}`;
  const point = engine.suggestPoint(r);
  const spot = engine
    .spotCheck(r, point)
    .map((s) => ({ wrt: s.wrt[0]!, symbolic: s.symbolic, numeric: s.numeric, ok: s.ok }));
  return {
    syntax: r.syntax,
    variables: [...r.variables],
    entries,
    latex,
    point: { ...point },
    spot,
    omitted: f.variables.length - wrt.length,
  };
}
