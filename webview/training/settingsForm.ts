/**
 * The Settings form: model, layers, activation, loss, optimizer and the numbers of a run. Each
 * text field is checked as the user types (settingsFromForm, shared with the host's check), and a
 * refused value gets its reason right beside the field, tied to it with aria-describedby.
 */
import * as l10n from '@vscode/l10n';
import {
  ACTIVATIONS,
  MODEL_KINDS,
  NUMBER_FIELD_NAMES,
  OPTIMIZERS,
  defaultSettings,
  formFromSettings,
  lossesFor,
  settingsFromForm,
  type FieldProblem,
  type FormValues,
  type ModelKind,
  type NumberField,
  type SettingField,
  type TrainSettings,
} from '../../src/protocol/training';
import { h } from './dom';
import { activationLabel, lossLabel, modelLabel, optimizerLabel, problemText } from './labels';

interface TextField {
  input: HTMLInputElement;
  error: HTMLElement;
  row: HTMLElement;
}

export class SettingsForm {
  readonly element: HTMLElement;
  private readonly model = h('select', { id: 'model' });
  private readonly activation = h('select', { id: 'activation' });
  private readonly loss = h('select', { id: 'loss' });
  private readonly optimizer = h('select', { id: 'optimizer' });
  private readonly earlyStopping = h('input', { type: 'checkbox', id: 'earlyStopping' });
  private readonly fields = {} as Record<SettingField, TextField>;
  private readonly selectRows: Record<'activation', HTMLElement>;
  private problems: Partial<Record<SettingField, FieldProblem>> = {};

  constructor(
    private defaultEpochs: number,
    private readonly changed: () => void,
  ) {
    fill(this.model, MODEL_KINDS, modelLabel);
    fill(this.activation, ACTIVATIONS, activationLabel);
    fill(this.optimizer, OPTIMIZERS, optimizerLabel);
    const labels: Record<SettingField, [string, string]> = {
      hidden: [l10n.t('Hidden layers'), l10n.t('Widths, e.g. 16, 8')],
      learningRate: [l10n.t('Learning rate'), l10n.t('Step size, above 0')],
      batchSize: [l10n.t('Batch size'), l10n.t('Rows per step')],
      epochs: [l10n.t('Epochs'), l10n.t('Passes over the training rows')],
      l1: [l10n.t('L1 penalty'), l10n.t('0 = none')],
      l2: [l10n.t('L2 penalty'), l10n.t('0 = none')],
      clip: [l10n.t('Gradient clipping'), l10n.t('Largest gradient norm; 0 = off')],
      valSplit: [l10n.t('Validation split'), l10n.t('Share of rows held out, 0 to 0.9')],
      seed: [l10n.t('Seed'), l10n.t('Same seed, same run')],
      patience: [l10n.t('Patience'), l10n.t('Epochs without improvement')],
    };
    for (const [name, [label, hint]] of Object.entries(labels) as Array<
      [SettingField, [string, string]]
    >)
      this.fields[name] = textField(name, label, hint);
    this.selectRows = {
      activation: selectRow('activation', l10n.t('Activation'), this.activation),
    };
    const defaults = h(
      'button',
      { type: 'button', class: 'secondary', id: 'settings-defaults' },
      l10n.t('Use the defaults for this model'),
    );
    defaults.addEventListener('click', () => this.applyModelDefaults());
    this.model.addEventListener('change', () => this.applyModelDefaults());
    for (const el of [this.activation, this.loss, this.optimizer, this.earlyStopping])
      el.addEventListener('change', () => this.validate());
    for (const f of Object.values(this.fields))
      f.input.addEventListener('input', () => this.validate());
    const f = this.fields;
    this.element = h(
      'section',
      { id: 'settings', 'aria-labelledby': 'settings-heading' },
      h('h2', { id: 'settings-heading' }, l10n.t('Settings')),
      h(
        'div',
        { class: 'form-grid' },
        selectRow('model', l10n.t('Model'), this.model),
        f.hidden.row,
        this.selectRows.activation,
        selectRow('loss', l10n.t('Loss'), this.loss),
        selectRow('optimizer', l10n.t('Optimizer'), this.optimizer),
        ...(
          ['learningRate', 'batchSize', 'epochs', 'l1', 'l2', 'clip', 'valSplit', 'seed'] as const
        ).map((k) => f[k].row),
        h(
          'div',
          { class: 'field checkbox' },
          this.earlyStopping,
          h('label', { for: 'earlyStopping' }, l10n.t('Early stopping (keeps the best epoch)')),
        ),
        f.patience.row,
      ),
      defaults,
    );
    this.set(defaultSettings('linear', defaultEpochs));
  }

  /** Fill the form from settings (they are valid: they passed parseTrainSettings). */
  set(s: TrainSettings): void {
    const form = formFromSettings(s);
    this.model.value = s.model;
    this.activation.value = s.activation;
    this.optimizer.value = s.optimizer;
    this.earlyStopping.checked = s.earlyStopping;
    this.fillLosses(s.model, s.loss);
    for (const k of [...NUMBER_FIELD_NAMES, 'hidden'] as SettingField[])
      this.fields[k].input.value = form[k] ?? '';
    this.validate(false);
  }

  /** The settings, or undefined while a field is refused. */
  get settings(): TrainSettings | undefined {
    return settingsFromForm(this.values()).settings;
  }

  get modelKind(): ModelKind {
    return this.model.value as ModelKind;
  }

  /**
   * Pick a model that fits the target: text or true/false classes need a classifier. A numeric
   * target may hold class numbers (0/1), so a classifier is switched back to regression only when
   * the user picks that target (`chosen`), not when a saved state is restored.
   */
  suggestFor(classes: number | null, chosen: boolean): void {
    const m = this.modelKind;
    const loss = this.loss.value;
    if (classes === null && chosen && (m === 'logistic' || m === 'softmax'))
      this.switchModel('linear');
    else if (classes !== null && m === 'linear')
      this.switchModel(classes === 2 ? 'logistic' : 'softmax');
    else if (classes !== null && m === 'logistic' && classes > 2) this.switchModel('softmax');
    else if (m === 'mlp' && (classes !== null || chosen)) {
      this.fillLosses(
        'mlp',
        classes === null ? (loss === 'cross-entropy' ? 'mse' : loss) : 'cross-entropy',
      );
      this.validate();
    }
  }

  setDisabled(disabled: boolean): void {
    for (const el of this.element.querySelectorAll<
      HTMLInputElement | HTMLSelectElement | HTMLButtonElement
    >('input, select, button'))
      el.disabled = disabled;
    if (!disabled) this.updateVisibility();
  }

  get valid(): boolean {
    return Object.keys(this.problems).length === 0;
  }

  private switchModel(model: ModelKind): void {
    this.model.value = model;
    this.applyModelDefaults();
  }

  private applyModelDefaults(): void {
    const d = defaultSettings(this.modelKind, this.defaultEpochs);
    const keep = settingsFromForm(this.values()).settings;
    // Data choices (split, seed, batch, early stopping) stay; the model's own defaults change.
    this.set(
      keep
        ? {
            ...d,
            valSplit: keep.valSplit,
            seed: keep.seed,
            batchSize: keep.batchSize,
            earlyStopping: keep.earlyStopping,
            patience: keep.patience,
          }
        : d,
    );
    this.changed();
  }

  private fillLosses(model: ModelKind, loss: string): void {
    const losses = lossesFor(model);
    fill(this.loss, losses, lossLabel);
    this.loss.value = (losses as readonly string[]).includes(loss) ? loss : losses[0]!;
  }

  private values(): FormValues {
    const v: FormValues = {
      model: this.modelKind,
      activation: this.activation.value as FormValues['activation'],
      loss: this.loss.value as FormValues['loss'],
      optimizer: this.optimizer.value as FormValues['optimizer'],
      earlyStopping: this.earlyStopping.checked,
    };
    for (const k of Object.keys(this.fields) as SettingField[]) v[k] = this.fields[k].input.value;
    return v;
  }

  private validate(notify = true): void {
    this.problems = settingsFromForm(this.values()).problems;
    for (const [k, f] of Object.entries(this.fields) as Array<[SettingField, TextField]>) {
      const p = this.problems[k];
      f.error.hidden = !p;
      f.error.textContent = p ? problemText(p) : '';
      if (p) f.input.setAttribute('aria-invalid', 'true');
      else f.input.removeAttribute('aria-invalid');
    }
    this.updateVisibility();
    if (notify) this.changed();
  }

  private updateVisibility(): void {
    const mlp = this.modelKind === 'mlp';
    this.fields.hidden.row.hidden = !mlp;
    this.selectRows.activation.hidden = !mlp;
    this.fields.patience.input.disabled =
      !this.earlyStopping.checked || this.earlyStopping.disabled;
    this.loss.disabled = this.loss.options.length < 2 || this.model.disabled;
  }

  setDefaultEpochs(epochs: number): void {
    this.defaultEpochs = epochs;
  }
}

function fill<T extends string>(
  select: HTMLSelectElement,
  values: readonly T[],
  label: (v: T) => string,
): void {
  select.replaceChildren(...values.map((v) => h('option', { value: v }, label(v))));
}

function selectRow(id: string, label: string, select: HTMLSelectElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), select);
}

function textField(name: SettingField, label: string, hint: string): TextField {
  const numeric =
    name !== 'hidden' &&
    !['learningRate', 'l1', 'l2', 'clip', 'valSplit'].includes(name as NumberField);
  const input = h('input', {
    type: 'text',
    id: name,
    inputmode: name === 'hidden' ? 'text' : numeric ? 'numeric' : 'decimal',
    'aria-describedby': `${name}-hint ${name}-error`,
    spellcheck: 'false',
    autocomplete: 'off',
  });
  const error = h('span', { class: 'field-error', id: `${name}-error`, hidden: true });
  const row = h(
    'div',
    { class: 'field' },
    h('label', { for: name }, label),
    input,
    h('span', { class: 'hint', id: `${name}-hint` }, hint),
    error,
  );
  return { input, error, row };
}
