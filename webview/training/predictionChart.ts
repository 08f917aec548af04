/**
 * How good the fit is: predicted against actual values (regression, with the line y = x where a
 * perfect model would put every point), or a confusion matrix drawn as an HTML heat-map table
 * (classification), which screen readers read as the table it is.
 */
import * as l10n from '@vscode/l10n';
import type { RunInfo, RunResult } from '../../src/protocol/training';
import { Chart, baseOptions, retheme, type LineDataset, type Point } from './chartSetup';
import { fmt, h, table } from './dom';
import type { ChartTheme } from './theme';

export class PredictionChart {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly chart: Chart<'line', Point[]>;
  private readonly chartBox: HTMLElement;
  private readonly confusionBox: HTMLElement;
  private readonly tableBox: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private readonly heading: HTMLElement;
  private readonly scatter: Point[] = [];
  private readonly identity: Point[] = [];
  private result: RunResult | null = null;

  constructor(theme: ChartTheme) {
    this.canvas = h('canvas', { id: 'prediction-chart', role: 'img' });
    this.chartBox = h('div', { class: 'chart-box' }, this.canvas);
    this.confusionBox = h('div', { class: 'confusion', id: 'confusion', hidden: true });
    this.tableBox = h('div', { class: 'table-wrap' });
    this.details = h(
      'details',
      {},
      h('summary', {}, l10n.t('Predictions as a table')),
      this.tableBox,
    );
    this.details.addEventListener('toggle', () => this.renderTable());
    this.heading = h('h3', {}, l10n.t('Predicted vs actual'));
    this.element = h(
      'figure',
      { class: 'chart', id: 'prediction-figure', hidden: true },
      h('figcaption', {}, this.heading),
      this.chartBox,
      this.confusionBox,
      this.details,
    );
    const datasets: LineDataset[] = [
      { label: l10n.t('Validation rows'), data: this.scatter, showLine: false, pointRadius: 2.5 },
      {
        label: l10n.t('Perfect prediction (y = x)'),
        data: this.identity,
        borderWidth: 1,
        borderDash: [4, 4],
        pointRadius: 0,
      },
    ];
    this.chart = new Chart<'line', Point[]>(this.canvas, {
      type: 'line',
      data: { datasets },
      options: baseOptions(theme, l10n.t('Actual'), l10n.t('Predicted'), false),
    });
    this.setTheme(theme);
  }

  show(info: RunInfo | null, result: RunResult | null): void {
    this.result = result;
    this.scatter.length = 0;
    this.identity.length = 0;
    const classification = info?.task === 'classification';
    this.element.hidden = !result || (!result.predictions && !result.confusion);
    this.heading.textContent = classification
      ? l10n.t('Confusion matrix')
      : l10n.t('Predicted vs actual');
    this.chartBox.hidden = classification;
    this.confusionBox.hidden = !classification;
    if (result?.predictions && !classification) {
      const { actual, predicted } = result.predictions;
      let lo = Infinity,
        hi = -Infinity;
      actual.forEach((a, i) => {
        this.scatter.push({ x: a, y: predicted[i]! });
        lo = Math.min(lo, a, predicted[i]!);
        hi = Math.max(hi, a, predicted[i]!);
      });
      if (lo < hi) this.identity.push({ x: lo, y: lo }, { x: hi, y: hi });
      this.chart.update('none');
      this.canvas.setAttribute(
        'aria-label',
        l10n.t(
          'Predicted vs actual for {0} rows; points on the dashed line are perfect predictions.',
          actual.length,
        ),
      );
    }
    this.confusionBox.replaceChildren();
    if (result?.confusion && classification)
      this.confusionBox.append(confusionTable(result.confusion));
    this.details.hidden = classification;
    this.renderTable();
  }

  setTheme(theme: ChartTheme): void {
    retheme(this.chart, theme, (i) => theme.series[i === 0 ? 0 : 6]!);
  }

  private renderTable(): void {
    const p = this.result?.predictions;
    if (!this.details.open || !p) return;
    const rows = p.actual.map((a, i) => [i + 1, fmt(a, 6), fmt(p.predicted[i]!, 6)]);
    this.tableBox.replaceChildren(
      table(l10n.t('Predicted vs actual'), ['#', l10n.t('Actual'), l10n.t('Predicted')], rows),
    );
  }

  /** Visible as a chart (regression) — a confusion table is not exported as PNG. */
  get isChart(): boolean {
    return !this.element.hidden && !this.chartBox.hidden;
  }

  toPng(): string {
    return this.canvas.toDataURL('image/png');
  }

  destroy(): void {
    this.chart.destroy();
  }
}

/** Rows: actual class; columns: predicted class; each cell shaded by its share of the row (heat-0 … heat-10). */
export function confusionTable(c: { labels: string[]; matrix: number[][] }): HTMLTableElement {
  const t = h(
    'table',
    { class: 'confusion-matrix' },
    h('caption', {}, l10n.t('Rows: actual class. Columns: predicted class.')),
    h('thead', {}, h('tr', {}, h('td', {}), ...c.labels.map((l) => h('th', { scope: 'col' }, l)))),
  );
  const body = h('tbody');
  c.matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    body.append(
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, c.labels[i]!),
        ...row.map((n, j) =>
          h(
            'td',
            {
              class: `heat-${total > 0 ? Math.round((10 * n) / total) : 0}${i === j ? ' diagonal' : ''}`,
            },
            String(n),
          ),
        ),
      ),
    );
  });
  t.append(body);
  return t;
}
