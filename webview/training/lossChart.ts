/**
 * Training and validation loss per epoch, with a log-scale toggle, the best epoch marked when
 * early stopping kept it, and (linear regression with MSE) the closed-form loss as a dashed target
 * line, so the gap between gradient descent and the exact optimum stays visible.
 */
import * as l10n from '@vscode/l10n';
import type { EpochPoint, RunInfo, RunResult } from '../../src/protocol/training';
import { Chart, baseOptions, retheme, type LineDataset, type Point } from './chartSetup';
import { fmt, h, table } from './dom';
import type { ChartTheme } from './theme';

export class LossChart {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly chart: Chart<'line', Point[]>;
  private readonly tableBox: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private points: Array<{ epoch: number; train: number | null; val: number | null }> = [];
  private info: RunInfo | null = null;
  private best: number | null = null;
  private log = false;
  private readonly train: Point[] = [];
  private readonly val: Point[] = [];
  private readonly target: Point[] = [];
  private readonly marker: Point[] = [];

  constructor(
    theme: ChartTheme,
    private readonly onLogScale: (log: boolean) => void,
  ) {
    this.canvas = h('canvas', { id: 'loss-chart', role: 'img', 'data-points': '0' });
    const logBox = h('input', { type: 'checkbox', id: 'log-scale' });
    logBox.addEventListener('change', () => {
      this.setLogScale(logBox.checked);
      this.onLogScale(logBox.checked);
    });
    this.tableBox = h('div', { class: 'table-wrap' });
    this.details = h(
      'details',
      {},
      h('summary', {}, l10n.t('Loss data as a table')),
      this.tableBox,
    );
    this.details.addEventListener('toggle', () => this.renderTable());
    this.element = h(
      'figure',
      { class: 'chart', id: 'loss-figure' },
      h(
        'figcaption',
        {},
        h('h3', {}, l10n.t('Loss per epoch')),
        h('label', { class: 'inline' }, logBox, l10n.t('Log scale')),
      ),
      h('div', { class: 'chart-box' }, this.canvas),
      this.details,
    );
    const datasets: LineDataset[] = [
      {
        label: l10n.t('Training loss'),
        data: this.train,
        borderWidth: 2,
        pointRadius: 0,
        spanGaps: true,
      },
      {
        label: l10n.t('Validation loss'),
        data: this.val,
        borderWidth: 2,
        pointRadius: 0,
        spanGaps: true,
      },
      {
        label: l10n.t('Closed-form optimum'),
        data: this.target,
        borderWidth: 1.5,
        borderDash: [6, 4],
        pointRadius: 0,
        hidden: false,
      },
      {
        label: l10n.t('Best epoch'),
        data: this.marker,
        showLine: false,
        pointRadius: 7,
        pointStyle: 'rectRot',
      },
    ];
    this.chart = new Chart<'line', Point[]>(this.canvas, {
      type: 'line',
      data: { datasets },
      options: baseOptions(theme, l10n.t('Epoch'), l10n.t('Loss'), false),
    });
    this.setTheme(theme);
    this.updateLabel();
  }

  get pointCount(): number {
    return this.train.length;
  }

  /** Start over for a run (or clear, with null); `points` are those already received. */
  reset(
    info: RunInfo | null,
    points: readonly EpochPoint[],
    result: RunResult | null,
    log: boolean,
  ): void {
    this.info = info;
    this.points = [];
    this.best = null;
    this.log = log;
    (this.element.querySelector('#log-scale') as HTMLInputElement).checked = log;
    this.add(points);
    if (result) this.finish(result);
    else this.rebuild();
  }

  add(points: readonly EpochPoint[]): void {
    for (const p of points)
      this.points.push({ epoch: p.epoch, train: p.trainLoss, val: p.valLoss });
    this.rebuild();
  }

  /** The result's history is complete (progress events may skip epochs); it replaces what streamed in. */
  finish(result: RunResult): void {
    this.points = result.history.map((p) => ({
      epoch: p.epoch,
      train: p.trainLoss,
      val: p.valLoss,
    }));
    this.best = result.bestEpoch;
    this.rebuild();
  }

  setLogScale(log: boolean): void {
    this.log = log;
    const y = this.chart.options.scales?.['y'];
    if (y) (y as { type: string }).type = log ? 'logarithmic' : 'linear';
    this.rebuild();
  }

  setTheme(theme: ChartTheme): void {
    retheme(this.chart, theme, (i) => theme.series[i]!);
    // What the axes were last drawn with: lets a UI test see the chart follow a theme switch.
    this.canvas.dataset['foreground'] = theme.foreground;
  }

  private y(v: number | null): number | null {
    return v === null || (this.log && v <= 0) ? null : v;
  }

  private rebuild(): void {
    const y = this.chart.options.scales?.['y'];
    if (y) (y as { type: string }).type = this.log ? 'logarithmic' : 'linear';
    this.train.length = 0;
    this.val.length = 0;
    for (const p of this.points) {
      this.train.push({ x: p.epoch, y: this.y(p.train) });
      if (p.val !== null) this.val.push({ x: p.epoch, y: this.y(p.val) });
    }
    this.target.length = 0;
    const optimum = this.info?.closedFormLoss;
    if (optimum !== null && optimum !== undefined && this.y(optimum) !== null) {
      const last = Math.max(
        this.info?.epochs ?? 1,
        this.points[this.points.length - 1]?.epoch ?? 1,
      );
      this.target.push({ x: 1, y: optimum }, { x: last, y: optimum });
    }
    this.marker.length = 0;
    const best = this.best === null ? undefined : this.points.find((p) => p.epoch === this.best);
    if (best) this.marker.push({ x: best.epoch, y: this.y(best.val ?? best.train) });
    this.chart.update('none');
    this.canvas.dataset['points'] = String(this.train.length);
  }

  /** Refresh the accessible summary and, if open, the data table (called at most once a second). */
  updateLabel(): void {
    const n = this.points.length;
    const first = this.points[0],
      last = this.points[n - 1];
    let label = l10n.t('Loss per epoch: no run yet.');
    if (first && last) {
      label = l10n.t(
        'Loss per epoch: {0} epochs, training loss from {1} to {2}.',
        n,
        fmt(first.train),
        fmt(last.train),
      );
      if (last.val !== null)
        label += ' ' + l10n.t('Validation loss at the end: {0}.', fmt(last.val));
      if (this.info?.closedFormLoss != null)
        label += ' ' + l10n.t('Closed-form optimum: {0}.', fmt(this.info.closedFormLoss));
      if (this.best !== null) label += ' ' + l10n.t('Best epoch: {0}.', this.best);
    }
    this.canvas.setAttribute('aria-label', label);
    this.renderTable();
  }

  private renderTable(): void {
    if (!this.details.open) return;
    const rows = this.points.map((p) => [p.epoch, fmt(p.train, 6), fmt(p.val, 6)]);
    this.tableBox.replaceChildren(
      table(
        l10n.t('Loss per epoch'),
        [l10n.t('Epoch'), l10n.t('Training loss'), l10n.t('Validation loss')],
        rows,
      ),
    );
  }

  toPng(): string {
    return this.canvas.toDataURL('image/png');
  }

  destroy(): void {
    this.chart.destroy();
  }
}
