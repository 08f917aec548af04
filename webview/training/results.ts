/**
 * The Results section: the metrics table (train and validation), per-class precision, recall and
 * F1, a linear model's coefficients, and the buttons that save the model, export the charts and a
 * PyTorch or scikit-learn script, and copy the weights (the host does the file and clipboard work).
 */
import * as l10n from '@vscode/l10n';
import type { PanelToHost, RunInfo, RunResult, ScriptFlavor } from '../../src/protocol/training';
import { fmt, h, table } from './dom';
import { metricLabel } from './labels';

export class Results {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly buttons: HTMLButtonElement[];

  constructor(post: (m: PanelToHost) => void, exportCharts: () => void) {
    const button = (id: string, label: string, onClick: () => void) => {
      const b = h('button', { type: 'button', id, class: 'secondary' }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    const script = (flavor: ScriptFlavor) => () => post({ type: 'model/exportScript', flavor });
    this.buttons = [
      button('save-model', l10n.t('Save Model'), () => post({ type: 'model/save' })),
      button('export-png', l10n.t('Export Charts as PNG'), exportCharts),
      button('export-pytorch', l10n.t('Export PyTorch Script'), script('pytorch')),
      button('export-sklearn', l10n.t('Export scikit-learn Script'), script('sklearn')),
      button('copy-weights', l10n.t('Copy Weights'), () => post({ type: 'model/copyWeights' })),
    ];
    this.body = h('div', { id: 'metrics' });
    this.notice = h('p', { id: 'notice', class: 'muted', role: 'status' });
    this.element = h(
      'section',
      { id: 'results', 'aria-labelledby': 'results-heading', hidden: true },
      h('h2', { id: 'results-heading' }, l10n.t('Results')),
      this.body,
      h('div', { class: 'buttons' }, ...this.buttons),
      this.notice,
    );
  }

  show(info: RunInfo | null, result: RunResult | null): void {
    this.element.hidden = !result;
    this.body.replaceChildren();
    this.notice.textContent = '';
    if (!result) return;
    const { train, val } = result.metrics;
    const keys = [...new Set([...Object.keys(train), ...Object.keys(val ?? {})])];
    const head = [l10n.t('Metric'), l10n.t('Training'), ...(val ? [l10n.t('Validation')] : [])];
    this.body.append(
      table(
        l10n.t('Metrics'),
        head,
        keys.map((k) => [metricLabel(k), fmt(train[k]), ...(val ? [fmt(val[k])] : [])]),
      ),
    );
    if (result.perClass) {
      const rows = result.perClass.map((c) => [
        c.label,
        fmt(c.precision),
        fmt(c.recall),
        fmt(c.f1),
        c.support,
      ]);
      this.body.append(
        table(
          l10n.t('Per class (validation rows, or training rows without validation)'),
          [l10n.t('Class'), l10n.t('Precision'), l10n.t('Recall'), 'F1', l10n.t('Rows')],
          rows,
        ),
      );
    }
    if (result.coefficients) {
      const c = result.coefficients;
      const rows: Array<Array<string | number>> = [
        [l10n.t('(intercept)'), fmt(c.intercept, 6)],
        ...Object.entries(c.weights).map(([k, w]) => [k, fmt(w, 6)]),
      ];
      this.body.append(
        table(
          l10n.t("Coefficients of {0}, in the CSV's units", info?.target ?? ''),
          [l10n.t('Feature'), l10n.t('Weight')],
          rows,
        ),
      );
    }
  }

  setNotice(text: string): void {
    this.notice.textContent = text;
  }

  setDisabled(disabled: boolean): void {
    for (const b of this.buttons) b.disabled = disabled;
  }
}
