/**
 * Per-layer gradient norms per epoch on a log axis, with a callout when the latest norms vanish
 * (< 1e-7: the layer has stopped learning) or explode (> 1e3 or not finite: the steps are too large).
 */
import * as l10n from '@vscode/l10n';
import type { EpochPoint, RunInfo } from '../../src/protocol/training';
import { Chart, baseOptions, retheme, type LineDataset, type Point } from './chartSetup';
import { fmt, h, table } from './dom';
import { gradientWarnings } from './gradientWarnings';
import type { ChartTheme } from './theme';

export class GradientChart {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly chart: Chart<'line', Point[]>;
  private readonly callout: HTMLElement;
  private readonly tableBox: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private layers: string[] = [];
  private points: EpochPoint[] = [];
  private series: Point[][] = [];
  private theme: ChartTheme;

  constructor(theme: ChartTheme) {
    this.theme = theme;
    this.canvas = h('canvas', { id: 'gradient-chart', role: 'img' });
    this.callout = h('p', { class: 'callout', id: 'gradient-callout', hidden: true });
    this.tableBox = h('div', { class: 'table-wrap' });
    this.details = h(
      'details',
      {},
      h('summary', {}, l10n.t('Gradient norms as a table')),
      this.tableBox,
    );
    this.details.addEventListener('toggle', () => this.renderTable());
    this.element = h(
      'figure',
      { class: 'chart', id: 'gradient-figure' },
      h('figcaption', {}, h('h3', {}, l10n.t('Gradient norm per layer'))),
      this.callout,
      h('div', { class: 'chart-box' }, this.canvas),
      this.details,
    );
    this.chart = new Chart<'line', Point[]>(this.canvas, {
      type: 'line',
      data: { datasets: [] },
      options: baseOptions(theme, l10n.t('Epoch'), l10n.t('Gradient norm (log scale)'), true),
    });
    this.updateLabel();
  }

  reset(info: RunInfo | null, points: readonly EpochPoint[]): void {
    this.layers = info?.layers ?? [];
    this.points = [];
    this.series = this.layers.map(() => []);
    this.chart.data.datasets = this.layers.map((name, i): LineDataset => ({
      label: name,
      data: this.series[i]!,
      borderWidth: 1.5,
      pointRadius: 0,
      spanGaps: true,
    }));
    this.setTheme(this.theme);
    this.add(points);
  }

  add(points: readonly EpochPoint[]): void {
    for (const p of points) {
      this.points.push(p);
      this.series.forEach((s, i) => {
        const v = p.gradNorms[i] ?? null;
        s.push({ x: p.epoch, y: v !== null && v > 0 ? v : null });
      });
    }
    this.chart.update('none');
    this.updateCallout();
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    retheme(this.chart, theme, (i) => theme.series[(i + 4) % theme.series.length]!);
  }

  private updateCallout(): void {
    const warnings = gradientWarnings(this.layers, this.points[this.points.length - 1]?.gradNorms);
    const messages = warnings.map((w) => {
      if (w.kind === 'vanishing')
        return l10n.t(
          'Vanishing gradient in {0}: its norm is {1} (below 1e-7), so this layer has almost stopped learning. Try ReLU, fewer layers or a larger learning rate.',
          w.layer,
          fmt(w.norm),
        );
      return w.norm === null
        ? l10n.t(
            'Exploding gradient in {0}: its norm overflowed (it is not a finite number). Lower the learning rate or turn on gradient clipping.',
            w.layer,
          )
        : l10n.t(
            'Exploding gradient in {0}: its norm is {1} (above 1e3). Lower the learning rate or turn on gradient clipping.',
            w.layer,
            fmt(w.norm),
          );
    });
    this.callout.hidden = messages.length === 0;
    this.callout.textContent = messages.join(' ');
    this.callout.dataset['kind'] = warnings.some((w) => w.kind === 'exploding')
      ? 'exploding'
      : warnings.length > 0
        ? 'vanishing'
        : '';
  }

  updateLabel(): void {
    const last = this.points[this.points.length - 1];
    const label =
      !last || this.layers.length === 0
        ? l10n.t('Gradient norm per layer: no run yet.')
        : l10n.t(
            'Gradient norm per layer at epoch {0}: {1}.',
            last.epoch,
            this.layers.map((n, i) => `${n} ${fmt(last.gradNorms[i] ?? null)}`).join(', '),
          );
    this.canvas.setAttribute('aria-label', label);
    this.renderTable();
  }

  private renderTable(): void {
    if (!this.details.open) return;
    const rows = this.points.map((p) => [
      p.epoch,
      ...this.layers.map((_, i) => fmt(p.gradNorms[i] ?? null)),
    ]);
    this.tableBox.replaceChildren(
      table(l10n.t('Gradient norm per layer'), [l10n.t('Epoch'), ...this.layers], rows),
    );
  }

  toPng(): string {
    return this.canvas.toDataURL('image/png');
  }

  destroy(): void {
    this.chart.destroy();
  }
}
