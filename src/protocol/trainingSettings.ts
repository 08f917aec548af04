/**
 * The training panel's settings: their types, bounds, per-model defaults, the runtime check the
 * host applies to what the webview sends, and the form parser the webview uses to refuse bad
 * input beside the field. Pure data: both the host and the webview bundle import it.
 */
import { isArrayOf, isBoolean, isFiniteNumber, isInteger, isOneOf, isRecord } from './is';

export const MODEL_KINDS = ['linear', 'logistic', 'softmax', 'mlp'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid'] as const;
export type ActivationKind = (typeof ACTIVATIONS)[number];
/** Regression losses (mse, mae, huber) and the classification loss (cross-entropy). */
export const LOSSES = ['mse', 'mae', 'huber', 'cross-entropy'] as const;
export type LossKind = (typeof LOSSES)[number];
export const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adam'] as const;
export type OptimizerKind = (typeof OPTIMIZERS)[number];

export interface TrainSettings {
  model: ModelKind;
  /** Hidden layer widths (MLP only; ignored by the other models). */
  hidden: number[];
  activation: ActivationKind;
  loss: LossKind;
  optimizer: OptimizerKind;
  learningRate: number;
  batchSize: number;
  epochs: number;
  l1: number;
  l2: number;
  /** Clip each gradient's global norm to this value; 0 = no clipping. */
  clip: number;
  /** Fraction of rows held out for validation; 0 = no validation. */
  valSplit: number;
  seed: number;
  earlyStopping: boolean;
  /** Epochs without improvement of the validation loss before early stopping. */
  patience: number;
}

/** Numeric fields with their bounds (inclusive unless `exclusiveMin`). */
export const NUMBER_FIELDS = {
  learningRate: { min: 0, max: 10, integer: false, exclusiveMin: true },
  batchSize: { min: 1, max: 1_000_000, integer: true, exclusiveMin: false },
  epochs: { min: 1, max: 100_000, integer: true, exclusiveMin: false },
  l1: { min: 0, max: 10, integer: false, exclusiveMin: false },
  l2: { min: 0, max: 10, integer: false, exclusiveMin: false },
  clip: { min: 0, max: 1e6, integer: false, exclusiveMin: false },
  valSplit: { min: 0, max: 0.9, integer: false, exclusiveMin: false },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true, exclusiveMin: false },
  patience: { min: 1, max: 10_000, integer: true, exclusiveMin: false },
} as const;
export type NumberField = keyof typeof NUMBER_FIELDS;
export const NUMBER_FIELD_NAMES = Object.keys(NUMBER_FIELDS) as NumberField[];
export const MAX_HIDDEN_LAYERS = 8;
export const MAX_HIDDEN_WIDTH = 1024;

/** The losses that make sense for a model; the first is its default. */
export function lossesFor(model: ModelKind): readonly LossKind[] {
  switch (model) {
    case 'linear':
      return ['mse', 'mae', 'huber'];
    case 'logistic':
    case 'softmax':
      return ['cross-entropy'];
    case 'mlp':
      return ['mse', 'cross-entropy', 'mae', 'huber'];
  }
}

/** Sensible starting points: plain SGD for the convex models, Adam for the MLP. */
export function defaultSettings(model: ModelKind = 'linear', epochs?: number): TrainSettings {
  const base: TrainSettings = {
    model,
    hidden: [],
    activation: 'relu',
    loss: lossesFor(model)[0]!,
    optimizer: 'sgd',
    learningRate: 0.05,
    batchSize: 32,
    epochs: 100,
    l1: 0,
    l2: 0,
    clip: 0,
    valSplit: 0.2,
    seed: 42,
    earlyStopping: false,
    patience: 10,
  };
  if (model === 'logistic' || model === 'softmax') base.learningRate = 0.1;
  if (model === 'mlp')
    Object.assign(base, { hidden: [16, 16], optimizer: 'adam', learningRate: 0.01, epochs: 200 });
  if (epochs !== undefined && inBounds('epochs', epochs)) base.epochs = epochs;
  return base;
}

export function inBounds(field: NumberField, v: number): boolean {
  const b = NUMBER_FIELDS[field];
  if (!Number.isFinite(v) || (b.integer && !Number.isInteger(v))) return false;
  return (b.exclusiveMin ? v > b.min : v >= b.min) && v <= b.max;
}

function isHidden(v: unknown): v is number[] {
  return (
    isArrayOf(v, isInteger) &&
    v.length <= MAX_HIDDEN_LAYERS &&
    v.every((w) => w >= 1 && w <= MAX_HIDDEN_WIDTH)
  );
}

/** `v` as TrainSettings if it has exactly that shape and every value is in bounds. */
export function parseTrainSettings(v: unknown): TrainSettings | undefined {
  if (!isRecord(v)) return undefined;
  if (!isOneOf(v['model'], MODEL_KINDS) || !isOneOf(v['activation'], ACTIVATIONS)) return undefined;
  if (!isOneOf(v['loss'], LOSSES) || !isOneOf(v['optimizer'], OPTIMIZERS)) return undefined;
  if (!lossesFor(v['model']).includes(v['loss'])) return undefined;
  if (!isHidden(v['hidden']) || !isBoolean(v['earlyStopping'])) return undefined;
  if (v['model'] === 'mlp' && v['hidden'].length === 0) return undefined;
  const out = {
    model: v['model'],
    hidden: [...v['hidden']],
    activation: v['activation'],
    loss: v['loss'],
    optimizer: v['optimizer'],
    earlyStopping: v['earlyStopping'],
  } as Partial<TrainSettings> as TrainSettings;
  for (const f of NUMBER_FIELD_NAMES) {
    const n = v[f];
    if (!isFiniteNumber(n) || !inBounds(f, n)) return undefined;
    out[f] = n;
  }
  return out;
}

/** Why a form field was refused; the webview turns it into a sentence in the user's language. */
export type FieldProblem =
  | { code: 'not-number' }
  | { code: 'not-integer' }
  | { code: 'range'; min: number; max: number; exclusiveMin: boolean }
  | { code: 'hidden-list'; maxLayers: number; maxWidth: number };

export type SettingField = NumberField | 'hidden';
export type FormValues = Partial<Record<SettingField, string>> &
  Pick<TrainSettings, 'model' | 'activation' | 'loss' | 'optimizer' | 'earlyStopping'>;

/** The form's text fields read as settings; any field that fails gets a problem and no settings come back. */
export function settingsFromForm(form: FormValues): {
  settings?: TrainSettings;
  problems: Partial<Record<SettingField, FieldProblem>>;
} {
  const problems: Partial<Record<SettingField, FieldProblem>> = {};
  const s = defaultSettings(form.model);
  s.activation = form.activation;
  s.loss = lossesFor(form.model).includes(form.loss) ? form.loss : lossesFor(form.model)[0]!;
  s.optimizer = form.optimizer;
  s.earlyStopping = form.earlyStopping;
  for (const f of NUMBER_FIELD_NAMES) {
    const text = (form[f] ?? '').trim();
    const b = NUMBER_FIELDS[f];
    const n = text === '' ? NaN : Number(text);
    if (!Number.isFinite(n)) problems[f] = { code: 'not-number' };
    else if (b.integer && !Number.isInteger(n)) problems[f] = { code: 'not-integer' };
    else if (!inBounds(f, n))
      problems[f] = { code: 'range', min: b.min, max: b.max, exclusiveMin: b.exclusiveMin };
    else s[f] = n;
  }
  if (form.model === 'mlp') {
    const parts = (form.hidden ?? '').split(/[,\s]+/).filter((p) => p !== '');
    const widths = parts.map(Number);
    if (isHidden(widths) && widths.length > 0) s.hidden = widths;
    else
      problems.hidden = {
        code: 'hidden-list',
        maxLayers: MAX_HIDDEN_LAYERS,
        maxWidth: MAX_HIDDEN_WIDTH,
      };
  } else {
    s.hidden = [];
  }
  return Object.keys(problems).length > 0 ? { problems } : { settings: s, problems };
}

/** The settings as form text (the inverse of settingsFromForm for valid settings). */
export function formFromSettings(s: TrainSettings): FormValues {
  const form: FormValues = {
    model: s.model,
    activation: s.activation,
    loss: s.loss,
    optimizer: s.optimizer,
    earlyStopping: s.earlyStopping,
  };
  for (const f of NUMBER_FIELD_NAMES) form[f] = String(s[f]);
  form.hidden = s.hidden.join(', ');
  return form;
}
