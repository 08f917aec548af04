/**
 * The gradient-check report: the verdict, the explanations in words, the eps sweep (Chart.js,
 * log-log, with its data as a table) and, per point, every component worst first. It computes
 * nothing; it draws the host's report and posts typed requests back. Failing rows say "fail" in
 * text, not only in colour. Colours are VS Code theme variables; the chart re-reads them when
 * the theme (body class) changes.
 */
import * as l10n from '@vscode/l10n';
import {
  Chart,
  Legend,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import {
  formatValue,
  parseHostToPanel,
  parsePanelState,
  type Diagnosis,
  type GradcheckPanelState,
  type GradcheckReport,
  type PanelToHost,
  type PointReport,
} from '../src/protocol/gradcheck';

Chart.register(LineController, LineElement, PointElement, LogarithmicScale, Legend, Tooltip);

interface VsCodeApi {
  postMessage(message: PanelToHost): void;
  getState(): unknown;
  setState(state: GradcheckPanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Rows shown per point before "show all": failures are always shown. */
const ROW_LIMIT = 50;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let report: GradcheckReport | undefined = parsePanelState(vscode.getState()).report;
let chart: Chart | undefined;
/** The chart's canvas and data, to redraw it in the new theme's colours. */
let sweepDrawn: Parameters<typeof drawSweep> | undefined;
let insertState: 'idle' | 'busy' | 'done' = 'idle';
const expanded = new Set<number>();

const post = (m: PanelToHost) => vscode.postMessage(m);

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

function button(label: string, onClick: () => void, secondary = false): HTMLButtonElement {
  const b = el('button', secondary ? 'secondary' : undefined, label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

const vector = (x: readonly number[]) => `[${x.map(formatValue).join(', ')}]`;

function render(): void {
  chart?.destroy();
  chart = undefined;
  sweepDrawn = undefined;
  app.replaceChildren();
  if (!report) {
    app.append(
      el(
        'p',
        'empty',
        l10n.t('Run "GradLab: Gradient Check Function" with the cursor in a function.'),
      ),
    );
    return;
  }
  const r = report;
  const header = el('header');
  header.append(el('h1', undefined, l10n.t('Gradient check of {0}', r.functionName)));
  const verdict = el('p', `verdict ${r.ok ? 'pass' : 'fail'}`);
  verdict.append(
    el('span', 'mark', r.ok ? '✓' : '✗'),
    ' ',
    r.ok
      ? l10n.t(
          'The gradient agrees with finite differences at every point checked ({0}).',
          r.points.length,
        )
      : l10n.t(
          'The gradient disagrees with finite differences in {0} of {1} components.',
          failingCount(r),
          componentCount(r),
        ),
  );
  header.append(verdict);
  header.append(
    el(
      'p',
      'against',
      r.gradientName !== null
        ? l10n.t(
            'Analytic gradient: {0}, compared with central differences (f(x + eps) − f(x − eps)) / 2eps.',
            r.gradientName,
          )
        : l10n.t(
            'No gradient function was found, so GradLab derived one by automatic differentiation and compared it with central differences.',
          ),
    ),
  );
  header.append(
    el(
      'p',
      'rule',
      l10n.t(
        'A component passes when |analytic − numeric| ≤ atol + rtol·|numeric| (eps = {0}, atol = {1}, rtol = {2}).',
        formatValue(r.settings.eps),
        formatValue(r.settings.atol),
        formatValue(r.settings.rtol),
      ),
    ),
  );
  app.append(header, actions(r));
  if (r.diagnoses.length > 0) app.append(explanations(r.diagnoses));
  if (r.derived && r.derived.warnings.length > 0) {
    const w = el('section', 'warnings');
    w.append(el('h2', undefined, l10n.t('Notes on the derived gradient')));
    const ul = el('ul');
    for (const text of r.derived.warnings) ul.append(el('li', undefined, text));
    w.append(ul);
    app.append(w);
  }
  r.points.forEach((p, i) => app.append(pointSection(p, i)));
  if (r.sweep) app.append(sweepSection(r));
}

function failingCount(r: GradcheckReport): number {
  return r.points.reduce((n, p) => n + p.mismatches.length, 0);
}
function componentCount(r: GradcheckReport): number {
  return r.points.reduce((n, p) => n + p.rows.length, 0);
}

function actions(r: GradcheckReport): HTMLElement {
  const bar = el('div', 'actions');
  if (r.gradientName !== null) {
    bar.append(
      button(l10n.t('Go to gradient function'), () => post({ type: 'gradcheck/goToGradient' })),
    );
  }
  bar.append(
    button(
      l10n.t('Go to function'),
      () => post({ type: 'gradcheck/goToFunction' }),
      r.gradientName !== null,
    ),
  );
  if (r.derived) {
    const insert = button(
      insertState === 'done'
        ? l10n.t('Derived gradient inserted')
        : l10n.t('Insert derived gradient'),
      () => {
        insertState = 'busy';
        insert.disabled = true;
        post({ type: 'gradcheck/insertDerived' });
      },
    );
    insert.disabled = insertState !== 'idle';
    insert.title = l10n.t('Insert {0} below {1} (one undo step)', r.derived.name, r.functionName);
    bar.append(insert);
  }
  bar.append(button(l10n.t('Check again'), () => post({ type: 'gradcheck/rerun' }), true));
  return bar;
}

function explanation(d: Diagnosis): string {
  const comps = d.indices.join(', ');
  const f = d.factor !== undefined ? formatValue(d.factor) : '';
  switch (d.kind) {
    case 'sign':
      return l10n.t(
        'Flipped sign: the analytic gradient is the negative of the numeric one (components {0}). Look for a subtraction written the wrong way round.',
        comps,
      );
    case 'factor':
      return l10n.t(
        'Off by a factor: analytic ÷ numeric ≈ {0} (components {1}). A forgotten or extra factor, such as the 2 in the derivative of x².',
        f,
        comps,
      );
    case 'ratio':
      return l10n.t(
        'A constant ratio: analytic ÷ numeric ≈ {0} in every failing component ({1}). A scale is missing, for example 1/n of a mean.',
        f,
        comps,
      );
    case 'kink':
      return l10n.t(
        'A kink: the difference changes with eps (components {0}), as at |x| or ReLU at 0. This is probably not a bug: the function is not differentiable there.',
        comps,
      );
    case 'round-off':
      return l10n.t(
        'Round-off: with a larger eps the components agree (components {0}). Probably not a bug; try eps = {1}.',
        comps,
        d.agreeingEps !== undefined ? formatValue(d.agreeingEps) : '1e-4',
      );
    case 'float32':
      return l10n.t(
        'float32 round-off: the values look like single precision (components {0}). Compute in float64 (number, Float64Array), or loosen the tolerances.',
        comps,
      );
    case 'off-by-one':
      return l10n.t(
        'Off by one index: analytic component i matches numeric component i + {0} (components {1}). Check the loop bounds and indices.',
        d.shift ?? 1,
        comps,
      );
    case 'one-component':
      return l10n.t(
        'Only component {0} is wrong: look at the term of the gradient that computes it.',
        comps,
      );
    case 'some-components':
      return l10n.t('Components {0} are wrong and the others are right.', comps);
    case 'unexplained':
      return d.message;
  }
}

function explanations(ds: readonly Diagnosis[]): HTMLElement {
  const s = el('section', 'explanations');
  s.append(el('h2', undefined, l10n.t('What this looks like')));
  const ul = el('ul');
  for (const d of ds) {
    const li = el('li', d.notABug ? 'not-a-bug' : 'bug');
    li.append(
      el('span', 'tag', d.notABug ? l10n.t('Probably not a bug') : l10n.t('Likely bug')),
      ' ',
      explanation(d),
    );
    ul.append(li);
  }
  s.append(ul);
  return s;
}

function sweepSection(r: GradcheckReport): HTMLElement {
  const sw = r.sweep!;
  const s = el('section', 'sweep');
  s.append(el('h2', undefined, l10n.t('Error against eps (point {0})', sw.point + 1)));
  s.append(
    el(
      'p',
      'hint',
      l10n.t(
        'Truncation error shrinks with eps (like eps²); round-off grows as eps gets tiny. A right gradient gives a V; a wrong one levels off at its error.',
      ),
    ),
  );
  const finite = sw.eps
    .map((e, i) => ({ x: e, y: sw.maxAbsErr[i]! }))
    .filter((p) => p.y > 0 && Number.isFinite(p.y));
  const best = finite.reduce<{ x: number; y: number } | undefined>(
    (b, p) => (!b || p.y < b.y ? p : b),
    undefined,
  );
  const wrap = el('div', 'chart');
  const canvas = el('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute(
    'aria-label',
    best
      ? l10n.t(
          'Log-log chart of the largest absolute error against eps, from {0} to {1}; the smallest error is {2} at eps = {3}. The data table follows.',
          formatValue(sw.eps[0]!),
          formatValue(sw.eps[sw.eps.length - 1]!),
          formatValue(best.y),
          formatValue(best.x),
        )
      : l10n.t('Log-log chart of the largest absolute error against eps. The data table follows.'),
  );
  wrap.append(canvas);
  s.append(wrap);
  const details = el('details');
  details.append(el('summary', undefined, l10n.t('Data')));
  const table = el('table', 'data');
  const head = el('tr');
  for (const h of [l10n.t('eps'), l10n.t('Max abs. error'), l10n.t('Max rel. error')])
    head.append(el('th', undefined, h));
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  sw.eps.forEach((e, i) => {
    const tr = el('tr');
    tr.append(
      el('td', 'num', formatValue(e)),
      el('td', 'num', formatValue(sw.maxAbsErr[i]!)),
      el('td', 'num', formatValue(sw.maxRelErr[i]!)),
    );
    table.tBodies[0]!.append(tr);
  });
  details.append(table);
  s.append(details);
  sweepDrawn = [canvas, finite, r.settings.eps];
  requestAnimationFrame(() => drawSweep(canvas, finite, r.settings.eps));
  return s;
}

function drawSweep(
  canvas: HTMLCanvasElement,
  points: Array<{ x: number; y: number }>,
  usedEps: number,
): void {
  if (!canvas.isConnected) return;
  const css = getComputedStyle(document.body);
  const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const fg = color('--vscode-foreground', 'gray');
  const grid = color('--vscode-editorWidget-border', color('--vscode-panel-border', fg));
  const line = color('--vscode-charts-blue', fg);
  const mark = color('--vscode-charts-orange', fg);
  const used = points.filter((p) => p.x === usedEps);
  // Log axes draw a line at every minor tick; keep only the labelled ones.
  const gridAtLabels = (c: { tick?: { label?: unknown } }) =>
    c.tick?.label ? grid : 'transparent';
  chart?.destroy();
  chart = new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        {
          label: l10n.t('Max abs. error'),
          data: points,
          borderColor: line,
          backgroundColor: line,
          pointRadius: 3,
          tension: 0,
        },
        {
          label: l10n.t("The check's eps"),
          data: used,
          borderColor: mark,
          backgroundColor: mark,
          pointRadius: 6,
          pointStyle: 'rectRot',
          showLine: false,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: {
          type: 'logarithmic',
          title: { display: true, text: 'eps', color: fg },
          ticks: { color: fg, callback: logTick },
          grid: { color: gridAtLabels },
        },
        y: {
          type: 'logarithmic',
          title: { display: true, text: l10n.t('Max abs. error'), color: fg },
          ticks: { color: fg, callback: logTick },
          grid: { color: gridAtLabels },
        },
      },
      plugins: { legend: { labels: { color: fg } } },
    },
  });
}

const isPowerOfTen = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;

/**
 * Log-axis labels: at powers of ten, written 1e-6 (Chart.js would print 0.000001000), when the
 * axis spans two or more; otherwise, inside one decade, every tick with three digits.
 */
function logTick(value: string | number, index: number, ticks: Array<{ value: number }>): string {
  const v = Number(value);
  if (ticks.filter((t) => isPowerOfTen(t.value)).length >= 2)
    return isPowerOfTen(v) ? `1e${Math.round(Math.log10(v))}` : '';
  const label = (x: number) => String(Number(x.toPrecision(3)));
  // Ticks closer than three digits would print the same label twice.
  return index > 0 && label(ticks[index - 1]!.value) === label(v) ? '' : label(v);
}

function pointSection(p: PointReport, i: number): HTMLElement {
  const s = el('section', `point ${p.ok ? 'pass' : 'fail'}`);
  const h = el('h2');
  h.append(
    el('span', 'mark', p.ok ? '✓' : '✗'),
    ' ',
    p.random
      ? l10n.t('Point {0} (random): x = {1}', i + 1, vector(p.x))
      : l10n.t('Point {0}: x = {1}', i + 1, vector(p.x)),
  );
  s.append(h);
  s.append(
    el(
      'p',
      'summary',
      p.ok
        ? l10n.t(
            'f(x) = {0}. All {1} components pass; the largest absolute error is {2}.',
            formatValue(p.value),
            p.rows.length,
            formatValue(p.maxAbsErr),
          )
        : l10n.t(
            'f(x) = {0}. {1} of {2} components fail: {3}.',
            formatValue(p.value),
            p.mismatches.length,
            p.rows.length,
            p.mismatches.slice(0, 20).join(', ') + (p.mismatches.length > 20 ? ', …' : ''),
          ),
    ),
  );
  const table = el('table', 'components');
  table.append(
    el('caption', 'visually-hidden', l10n.t('Components at point {0}, worst first', i + 1)),
  );
  const head = el('tr');
  for (const [text, cls] of [
    [l10n.t('Result'), ''],
    [l10n.t('Component'), 'num'],
    [l10n.t('Analytic'), 'num'],
    [l10n.t('Numeric'), 'num'],
    [l10n.t('Abs. error'), 'num'],
    [l10n.t('Rel. error'), 'num'],
  ] as const) {
    const th = el('th', cls, text);
    th.scope = 'col';
    head.append(th);
  }
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  const limit = expanded.has(i) ? p.rows.length : Math.max(ROW_LIMIT, p.mismatches.length);
  for (const row of p.rows.slice(0, limit)) {
    const tr = el('tr', row.ok ? 'pass' : 'fail');
    tr.append(
      el('td', 'result', row.ok ? `✓ ${l10n.t('pass')}` : `✗ ${l10n.t('fail')}`),
      el('td', 'num', String(row.index)),
      el('td', 'num', formatValue(row.analytic)),
      el('td', 'num', formatValue(row.numeric)),
      el('td', 'num', formatValue(row.absErr)),
      el('td', 'num', formatValue(row.relErr)),
    );
    table.tBodies[0]!.append(tr);
  }
  s.append(table);
  if (p.rows.length > limit) {
    s.append(
      button(
        l10n.t('Show all {0} components', p.rows.length),
        () => {
          expanded.add(i);
          render();
        },
        true,
      ),
    );
  }
  return s;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = parseHostToPanel(event.data);
  if (!msg) return; // only the host posts here; anything else is dropped
  switch (msg.type) {
    case 'init':
      if (msg.l10nBundle) l10n.config({ contents: msg.l10nBundle });
      if (msg.report) setReport(msg.report);
      else render();
      return;
    case 'gradcheck/report':
      setReport(msg.report);
      return;
    case 'gradcheck/inserted':
      insertState = msg.ok ? 'done' : 'idle';
      render();
      return;
  }
});

function setReport(r: GradcheckReport): void {
  insertState = 'idle';
  expanded.clear();
  report = r;
  vscode.setState({ report: r });
  render();
}

// Theme changes switch the body class: redraw the chart with the new colours.
new MutationObserver(() => {
  if (sweepDrawn) drawSweep(...sweepDrawn);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

render();
post({ type: 'ready' });
