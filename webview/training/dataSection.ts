/**
 * The Data section: the workspace's CSV files, the chosen file's first rows, each column's
 * inferred type and missing count, the target and feature pickers, and any CSV error with its
 * line and column and a button that opens the file there.
 */
import * as l10n from '@vscode/l10n';
import type {
  ColumnSummary,
  CsvFile,
  CsvSummary,
  ErrorInfo,
  MissingPolicy,
  PanelToHost,
} from '../../src/protocol/training';
import { fmt, fmtInt, h } from './dom';

export class DataSection {
  readonly element: HTMLElement;
  private readonly fileSelect: HTMLSelectElement;
  private readonly status: HTMLElement;
  private readonly errorBox: HTMLElement;
  private readonly body: HTMLElement;
  private readonly targetSelect: HTMLSelectElement;
  private readonly columnsBox: HTMLElement;
  private readonly previewBox: HTMLElement;
  private readonly policyBox: HTMLElement;
  private readonly warning: HTMLElement;
  private summary: CsvSummary | null = null;
  private missing: MissingPolicy = 'error';
  private selected = new Set<string>();
  file: CsvFile | null = null;

  constructor(
    private readonly post: (m: PanelToHost) => void,
    private readonly changed: () => void,
  ) {
    this.fileSelect = h('select', { id: 'csv-file', 'aria-describedby': 'csv-status' });
    this.fileSelect.addEventListener('change', () => {
      if (this.fileSelect.value) this.post({ type: 'csv/select', uri: this.fileSelect.value });
    });
    const refresh = h(
      'button',
      { type: 'button', class: 'secondary', id: 'csv-refresh' },
      l10n.t('Refresh'),
    );
    refresh.addEventListener('click', () => this.post({ type: 'csv/refresh' }));
    this.status = h('p', { id: 'csv-status', class: 'muted', role: 'status' });
    this.errorBox = h('div', { id: 'csv-error', class: 'error-box', role: 'alert', hidden: true });
    this.targetSelect = h('select', { id: 'target' });
    this.targetSelect.addEventListener('change', () => {
      this.selected.delete(this.targetSelect.value);
      this.renderColumns();
      this.changed();
    });
    this.columnsBox = h('div', { class: 'table-wrap' });
    this.previewBox = h('div', { class: 'table-wrap' });
    this.policyBox = h('p', { class: 'muted' });
    this.warning = h('p', { class: 'warning', id: 'missing-warning', hidden: true });
    this.body = h(
      'div',
      { hidden: true },
      h(
        'div',
        { class: 'field-row' },
        h('label', { for: 'target' }, l10n.t('Target (the column to predict)')),
        this.targetSelect,
      ),
      this.columnsBox,
      this.policyBox,
      this.warning,
      h('details', { open: true }, h('summary', {}, l10n.t('First rows')), this.previewBox),
    );
    this.element = h(
      'section',
      { id: 'data', 'aria-labelledby': 'data-heading' },
      h('h2', { id: 'data-heading' }, l10n.t('Data')),
      h(
        'div',
        { class: 'field-row' },
        h('label', { for: 'csv-file' }, l10n.t('CSV file')),
        this.fileSelect,
        refresh,
      ),
      this.status,
      this.errorBox,
      this.body,
    );
    this.setFiles([], null);
  }

  get target(): string | null {
    return this.summary ? this.targetSelect.value || null : null;
  }

  get features(): string[] {
    return this.summary
      ? this.summary.columns
          .map((c) => c.name)
          .filter((n) => this.selected.has(n) && n !== this.target)
      : [];
  }

  get targetColumn(): ColumnSummary | undefined {
    return this.summary?.columns.find((c) => c.name === this.target);
  }

  setFiles(files: CsvFile[], selected: CsvFile | null): void {
    const options = [
      h(
        'option',
        { value: '' },
        files.length ? l10n.t('Choose a CSV file…') : l10n.t('No CSV files in this workspace'),
      ),
    ];
    const all =
      selected && !files.some((f) => f.uri === selected.uri) ? [selected, ...files] : files;
    for (const f of all) options.push(h('option', { value: f.uri }, f.label));
    this.fileSelect.replaceChildren(...options);
    this.fileSelect.value = selected?.uri ?? '';
  }

  loading(file: CsvFile): void {
    // The previous file's columns must not stay pickable while another file loads (or fails to).
    if (this.file?.uri !== file.uri) {
      this.summary = null;
      this.body.hidden = true;
    }
    this.file = file;
    this.setFiles(
      [...this.fileSelect.options]
        .filter((o) => o.value)
        .map((o) => ({ uri: o.value, label: o.text })),
      file,
    );
    this.status.textContent = l10n.t('Reading {0}…', file.label);
    this.errorBox.hidden = true;
  }

  /** Show a file's summary; the target and features come from the saved state when they still fit. */
  setSummary(
    file: CsvFile,
    summary: CsvSummary,
    missing: MissingPolicy,
    target: string | null,
    features: string[] | null,
  ): void {
    this.file = file;
    this.summary = summary;
    this.missing = missing;
    const names = summary.columns.map((c) => c.name);
    const t = target !== null && names.includes(target) ? target : summary.suggestedTarget;
    this.selected = new Set(
      features && features.every((f) => names.includes(f))
        ? features
        : names.filter((n) => n !== t),
    );
    this.targetSelect.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
    this.targetSelect.value = t;
    this.status.textContent = l10n.t(
      '{0}: {1} rows, {2} columns.',
      file.label,
      fmtInt(summary.rows),
      summary.columns.length,
    );
    this.errorBox.hidden = true;
    this.body.hidden = false;
    this.renderColumns();
    this.renderPreview();
  }

  setError(file: CsvFile | null, error: ErrorInfo): void {
    if (file) this.file = file;
    this.errorBox.replaceChildren(h('p', {}, error.message));
    if (error.row !== undefined && this.file) {
      const row = error.row;
      const open = h(
        'button',
        { type: 'button', id: 'open-at-line' },
        l10n.t('Open {0} at line {1}', this.file.label, row),
      );
      open.addEventListener('click', () =>
        this.post({
          type: 'csv/reveal',
          row,
          ...(error.column !== undefined ? { column: error.column } : {}),
        }),
      );
      const where =
        error.column !== undefined
          ? l10n.t('Line {0}, column "{1}".', row, error.column)
          : l10n.t('Line {0}.', row);
      this.errorBox.append(h('p', { class: 'muted' }, where), open);
    }
    this.errorBox.hidden = false;
    if (file && !this.summary) this.status.textContent = file.label;
  }

  clearError(): void {
    this.errorBox.hidden = true;
  }

  private renderColumns(): void {
    const s = this.summary;
    if (!s) return;
    const target = this.targetSelect.value;
    const rows = s.columns.map((c) => {
      const box = h('input', {
        type: 'checkbox',
        id: `feature-${s.columns.indexOf(c)}`,
        'aria-label': l10n.t('Use {0} as a feature', c.name),
        checked: this.selected.has(c.name) && c.name !== target,
        disabled: c.name === target,
      });
      box.addEventListener('change', () => {
        if (box.checked) this.selected.add(c.name);
        else this.selected.delete(c.name);
        this.updateWarning();
        this.changed();
      });
      return h(
        'tr',
        { class: c.name === target ? 'target-row' : undefined },
        h('th', { scope: 'row' }, c.name),
        h('td', {}, typeLabel(c)),
        h('td', { class: c.missing > 0 ? 'attention' : undefined }, fmtInt(c.missing)),
        h('td', { class: c.invalid > 0 ? 'attention' : undefined }, fmtInt(c.invalid)),
        h(
          'td',
          {},
          c.type === 'numeric'
            ? c.min !== undefined
              ? `${fmt(c.min)} … ${fmt(c.max)}`
              : '—'
            : l10n.t('{0} values', c.levels),
        ),
        h('td', {}, c.name === target ? l10n.t('target') : box),
      );
    });
    const head = [
      l10n.t('Column'),
      l10n.t('Type'),
      l10n.t('Missing'),
      l10n.t('Invalid'),
      l10n.t('Range or values'),
      l10n.t('Feature'),
    ];
    this.columnsBox.replaceChildren(
      h(
        'table',
        { class: 'data', id: 'columns' },
        h('caption', {}, l10n.t('Columns: inferred type and missing values')),
        h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, ...rows),
      ),
    );
    const policy = h(
      'button',
      { type: 'button', class: 'link', id: 'missing-policy' },
      l10n.t('Change'),
    );
    policy.addEventListener('click', () => this.post({ type: 'settings/open' }));
    this.policyBox.replaceChildren(
      l10n.t('Missing values policy: {0}.', this.missing),
      ' ',
      policy,
    );
    this.updateWarning();
  }

  private updateWarning(): void {
    const used = new Set([this.targetSelect.value, ...this.features]);
    const bad = (this.summary?.columns ?? []).filter((c) => used.has(c.name) && c.missing > 0);
    this.warning.hidden = this.missing !== 'error' || bad.length === 0;
    if (!this.warning.hidden) {
      this.warning.textContent = l10n.t(
        '{0} have missing values: with the policy "error", training stops at the first one. Choose "drop" or "mean", or leave those columns out.',
        bad.map((c) => c.name).join(', '),
      );
    }
  }

  private renderPreview(): void {
    const s = this.summary!;
    const head = [l10n.t('Line'), ...s.columns.map((c) => c.name)];
    const rows = s.preview.map((r, i) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, String(s.previewLines[i] ?? '')),
        ...r.map((cell) =>
          h('td', { class: cell === '' ? 'missing' : undefined }, cell === '' ? '∅' : cell),
        ),
      ),
    );
    this.previewBox.replaceChildren(
      h(
        'table',
        { class: 'data preview' },
        h(
          'caption',
          {},
          l10n.t('The first {0} rows as GradLab read them (∅ = missing)', s.preview.length),
        ),
        h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, ...rows),
      ),
    );
  }
}

function typeLabel(c: ColumnSummary): string {
  switch (c.type) {
    case 'numeric':
      return l10n.t('number');
    case 'categorical':
      return l10n.t('category');
    case 'boolean':
      return l10n.t('true/false');
  }
}
