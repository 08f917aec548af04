/**
 * The derivative panel: draws what the host computed (KaTeX for f and its derivatives, Chart.js
 * for f and f′) and posts typed requests back. It computes nothing itself. Colours come from
 * VS Code's CSS variables; the canvas reads them and redraws when the theme (body class) changes.
 */
import katex from 'katex';
import * as l10n from '@vscode/l10n';
import {
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import {
  checkPlotRange,
  parseDerivativePanelState,
  parseHostToDerivativePanel,
  type DerivativePanelState,
  type DerivativePanelToHost,
  type DerivativeView,
  type PanelAction,
  type PlotSamples,
  type PlotRangeProblem,
} from '../src/protocol/derivative';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  Legend,
  Tooltip,
);

interface VsCodeApi {
  postMessage(message: DerivativePanelToHost): void;
  getState(): unknown;
  setState(state: DerivativePanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let view: DerivativeView | undefined;
let canEdit = false;
let chart: Chart | undefined;

const post = (message: DerivativePanelToHost) => vscode.postMessage(message);

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function tex(target: HTMLElement, latex: string, label: string): HTMLElement {
  try {
    katex.render(latex, target, { displayMode: true, throwOnError: true, output: 'htmlAndMathml' });
  } catch {
    target.textContent = latex; // unreachable for the host's own LaTeX, but never a blank panel
  }
  target.setAttribute('aria-label', label);
  return target;
}

function title(v: DerivativeView): string {
  switch (v.request.mode) {
    case 'gradient':
      return l10n.t('Gradient');
    case 'hessian':
      return l10n.t('Hessian');
    case 'nth':
      return l10n.t('Derivative of order {0}', v.request.order);
    case 'derivative':
      return l10n.t('Derivative');
  }
}

function render(): void {
  chart?.destroy();
  chart = undefined;
  app.replaceChildren();
  if (!view) {
    app.append(
      el('p', 'empty', l10n.t('Select an expression and run "GradLab: Differentiate Selection".')),
    );
    return;
  }
  const v = view;
  app.append(el('h1', undefined, title(v)));
  app.append(
    tex(el('div', 'math function'), v.fLatex, l10n.t('The function: {0}', v.request.input)),
  );
  const results = el('section', 'results');
  results.setAttribute('aria-label', l10n.t('Results'));
  if (v.matrixLatex !== undefined)
    results.append(tex(el('div', 'math'), v.matrixLatex, l10n.t('Hessian matrix: {0}', v.code)));
  else for (const e of v.entries) results.append(entryBlock(e.lhsLatex, e.latex, e.code));
  app.append(results);
  if (v.helpers?.length)
    app.append(
      el(
        'p',
        'note',
        l10n.t(
          'The code calls {0}, which its language does not have built in: define or import it before running the code.',
          v.helpers.join(', '),
        ),
      ),
    );
  if (!v.simplified)
    app.append(
      el(
        'p',
        'note',
        l10n.t('Simplification ran out of time: the result is correct but not simplified.'),
      ),
    );
  app.append(actions(v));
  if (v.plot) app.append(plotSection(v.plot));
  app.append(statusLine);
  post({
    type: 'view/rendered',
    input: v.request.input,
    entries: v.entries.length,
    plotted: chart !== undefined,
  });
}

function entryBlock(lhs: string, latex: string, code: string): HTMLElement {
  const block = el('div', 'entry');
  block.append(tex(el('div', 'math'), `${lhs} = ${latex}`, code));
  const codeLine = el('code', 'code', code);
  block.append(codeLine);
  return block;
}

function actions(v: DerivativeView): HTMLElement {
  const bar = el('div', 'actions');
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', l10n.t('Actions'));
  const button = (action: PanelAction, label: string, hint: string, enabled: boolean) => {
    const b = el('button', undefined, label);
    b.type = 'button';
    b.title = hint;
    b.setAttribute('aria-label', hint);
    b.disabled = !enabled;
    b.addEventListener('click', () => post({ type: 'action/run', action }));
    bar.append(b);
  };
  const many = v.targets > 1;
  button(
    'insertBelow',
    l10n.t('Insert Below'),
    many
      ? l10n.t('Insert the results below each of the {0} selections', v.targets)
      : l10n.t('Insert the result as code on a new line below the expression'),
    canEdit,
  );
  button(
    'replaceSelection',
    l10n.t('Replace Selection'),
    many
      ? l10n.t('Replace each of the {0} selections with its result', v.targets)
      : l10n.t('Replace the expression with the result (one undo restores it)'),
    canEdit,
  );
  button('copyLatex', l10n.t('Copy as LaTeX'), l10n.t('Copy the result as LaTeX'), true);
  button(
    'copyCode',
    l10n.t('Copy as Code'),
    l10n.t("Copy the result as code in the expression's syntax"),
    true,
  );
  if (!canEdit)
    bar.append(
      el('span', 'note', l10n.t('The editor this came from is gone: copy the result instead.')),
    );
  return bar;
}

// ---- Plot ---------------------------------------------------------------------------------------

function plotSection(plot: PlotSamples): HTMLElement {
  const section = el('section', 'plot');
  section.setAttribute('aria-label', l10n.t('Plot'));
  const form = el('form', 'range');
  const field = (label: string, value: number) => {
    const wrap = el('label', undefined, label);
    const input = el('input');
    input.type = 'number';
    input.step = 'any';
    input.value = String(value);
    input.required = true;
    wrap.append(input);
    form.append(wrap);
    return input;
  };
  const xmin = field(l10n.t('{0} from', plot.variable), plot.xmin);
  const xmax = field(l10n.t('to'), plot.xmax);
  const apply = el('button', undefined, l10n.t('Plot'));
  apply.type = 'submit';
  const problem = el('span', 'problem');
  problem.id = 'range-problem';
  problem.setAttribute('role', 'alert');
  xmin.setAttribute('aria-describedby', problem.id);
  xmax.setAttribute('aria-describedby', problem.id);
  form.append(apply, problem);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const a = xmin.value.trim() === '' ? NaN : Number(xmin.value);
    const b = xmax.value.trim() === '' ? NaN : Number(xmax.value);
    const why = checkPlotRange(a, b);
    problem.textContent = why ? rangeMessage(why) : '';
    xmin.setAttribute('aria-invalid', String(why !== undefined));
    xmax.setAttribute('aria-invalid', String(why !== undefined));
    if (!why) post({ type: 'plot/range', xmin: a, xmax: b });
  });
  const frame = el('div', 'canvas-frame');
  const canvas = el('canvas');
  canvas.setAttribute('role', 'img');
  frame.append(canvas);
  section.append(form, frame, dataTable(plot));
  chart = new Chart(canvas, chartConfig(plot));
  describeCanvas(canvas, plot);
  return section;
}

function rangeMessage(why: PlotRangeProblem): string {
  switch (why) {
    case 'not-a-number':
      return l10n.t('Enter two numbers.');
    case 'empty':
      return l10n.t('The start must be less than the end.');
    case 'too-large':
      return l10n.t('Keep the range within ±1,000,000.');
  }
}

function describeCanvas(canvas: HTMLCanvasElement, plot: PlotSamples): void {
  const defined = plot.df.filter((y): y is number => y !== null);
  const range = defined.length
    ? `${fmt(Math.min(...defined))} … ${fmt(Math.max(...defined))}`
    : l10n.t('undefined');
  canvas.setAttribute(
    'aria-label',
    l10n.t(
      'Plot of f and {0} for {1} from {2} to {3}; {0} ranges over {4}. The values are in the table below.',
      plot.dfLabel,
      plot.variable,
      fmt(plot.xmin),
      fmt(plot.xmax),
      range,
    ),
  );
}

function fmt(v: number | null): string {
  if (v === null) return '—';
  return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-4)
    ? v.toExponential(3)
    : String(Number(v.toPrecision(6)));
}

/** The sampled values as a table: the canvas's alternative for screen readers (about 25 rows). */
function dataTable(plot: PlotSamples): HTMLElement {
  const details = el('details', 'data');
  details.append(el('summary', undefined, l10n.t('Sampled values')));
  const table = el('table');
  const head = el('tr');
  for (const h of [plot.variable, 'f', plot.dfLabel]) {
    const th = el('th', undefined, h);
    th.scope = 'col';
    head.append(th);
  }
  const thead = el('thead');
  thead.append(head);
  const body = el('tbody');
  const step = Math.max(1, Math.round((plot.xs.length - 1) / 24));
  for (let i = 0; i < plot.xs.length; i += step) {
    const row = el('tr');
    row.append(
      el('td', undefined, fmt(plot.xs[i]!)),
      el('td', undefined, fmt(plot.f[i]!)),
      el('td', undefined, fmt(plot.df[i]!)),
    );
    body.append(row);
  }
  table.append(thead, body);
  details.append(table);
  return details;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function chartConfig(plot: PlotSamples) {
  const fg = cssVar('--vscode-foreground', cssVar('--vscode-editor-foreground', 'gray'));
  const grid = cssVar(
    '--vscode-editorWidget-border',
    cssVar('--vscode-panel-border', 'rgba(128,128,128,0.3)'),
  );
  const fColour = cssVar('--vscode-charts-blue', fg);
  const dfColour = cssVar('--vscode-charts-orange', fg);
  const points = (ys: Array<number | null>) => plot.xs.map((x, i) => ({ x, y: ys[i] ?? null }));
  return {
    type: 'line' as const,
    data: {
      datasets: [
        {
          label: 'f',
          data: points(plot.f),
          borderColor: fColour,
          backgroundColor: fColour,
          pointRadius: 0,
          borderWidth: 2,
          spanGaps: false,
        },
        {
          label: plot.dfLabel,
          data: points(plot.df),
          borderColor: dfColour,
          backgroundColor: dfColour,
          pointRadius: 0,
          borderWidth: 2,
          borderDash: [6, 3],
          spanGaps: false,
        },
      ],
    },
    options: {
      animation: false as const,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false as const,
      scales: {
        x: {
          type: 'linear' as const,
          min: plot.xmin,
          max: plot.xmax,
          title: { display: true, text: plot.variable, color: fg },
          ticks: { color: fg },
          grid: { color: grid },
        },
        y: { ticks: { color: fg }, grid: { color: grid } },
      },
      plugins: {
        legend: { labels: { color: fg } },
        tooltip: { intersect: false, mode: 'index' as const },
      },
    },
  };
}

/** The theme changed (VS Code swaps the body classes): redraw the canvas with the new colours. */
new MutationObserver(() => {
  if (view?.plot && chart) {
    const canvas = chart.canvas;
    chart.destroy();
    chart = new Chart(canvas, chartConfig(view.plot));
  }
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// ---- Messages -----------------------------------------------------------------------------------

const statusLine = el('p', 'status');
statusLine.setAttribute('role', 'status');
statusLine.setAttribute('aria-live', 'polite');

function show(next: DerivativeView | undefined): void {
  view = next;
  if (view) vscode.setState({ view });
  render();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = parseHostToDerivativePanel(event.data);
  if (!msg) {
    console.warn('GradLab derivative panel: dropped a malformed message', event.data);
    return;
  }
  switch (msg.type) {
    case 'init':
      if (msg.l10nBundle) l10n.config({ contents: msg.l10nBundle });
      canEdit = msg.canEdit;
      show(msg.view ?? view);
      return;
    case 'derivative/show':
      canEdit = msg.canEdit;
      statusLine.textContent = '';
      show(msg.view);
      return;
    case 'plot/data':
      if (view) show({ ...view, plot: msg.plot });
      return;
    case 'status':
      statusLine.textContent = msg.message;
      statusLine.classList.toggle('error', msg.level === 'error');
      return;
  }
});

// A panel that was hidden (its iframe destroyed) or restored after a reload draws its last view at
// once; the host then answers "ready" with the strings and the current view.
view = parseDerivativePanelState(vscode.getState())?.view;
if (view) render();
post({ type: 'ready' });
