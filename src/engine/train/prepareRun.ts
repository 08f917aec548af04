/**
 * Everything a run needs before its first step: the settings checked, the task decided from the
 * model and the target column, the rows split with the seed, preprocessing fitted on the training
 * rows, both splits encoded once, the network built, and (for linear regression with MSE) the exact
 * least-squares loss the panel draws as the target line.
 */
import { GradLabError } from '../errors';
import {
  encodeFeatures, encodeTarget, fitPreprocessing, parseCsv, selectDataset, splitRows,
  type CsvInput, type CsvTable, type Dataset, type FeatureSpec, type TargetKind,
} from '../data';
import { MLP, linearLeastSquares, type LeastSquaresResult } from '../nn';
import { resolveTrainConfig, type TrainConfig, type Task } from './config';
import { TrainedModel, type Head } from './trainedModel';

/** What to train on and how: the panel's TrainSettings plus target and features. */
export interface RunOptions extends Partial<TrainConfig> {
  target: string;
  /** Default: every column but the target. */
  features?: readonly string[];
}

/** One encoded split: inputs (rows × inputs), network targets, and the actual values/labels. */
export interface EncodedSplit {
  rows: number;
  x: Float64Array;
  /** Standardized regression target, or class indices (0/1 for a binary head). */
  y: Float64Array;
  /** Regression: the target in its own units (for metrics). Classification: class indices. */
  actual: Float64Array;
}

export interface PreparedRun {
  config: TrainConfig;
  task: Task;
  data: Dataset;
  train: EncodedSplit;
  val: EncodedSplit | null;
  model: TrainedModel;
  /** Multiplies a loss on the standardized target into the target's units (1 for classes). */
  lossScale: number;
  /** The exact least-squares fit on the training rows (linear regression with MSE), else null. */
  leastSquares: LeastSquaresResult | null;
  csv: { delimiter: string; decimal: '.' | ',' };
}

/** Encoded inputs (rows × inputs) beyond this many doubles (800 MB) are refused before allocation. */
const MAX_ENCODED = 1e8;

function tooWide(data: Dataset, specs: FeatureSpec[], d: number, table: CsvTable): GradLabError {
  const message = `${data.rowCount} rows × ${d} model inputs would take ${Math.round((data.rowCount * d * 8) / 1e6)} MB once encoded; GradLab stops at ${(MAX_ENCODED * 8) / 1e6} MB.`;
  let widest: { name: string; levels: string[] } | undefined;
  for (const f of specs) if (f.type === 'categorical' && f.levels.length > (widest?.levels.length ?? 20)) widest = f;
  if (!widest) return new GradLabError('csv', `${message} Choose fewer features or a sample of the rows.`);
  return new GradLabError('csv', `${message} Column "${widest.name}" alone adds ${widest.levels.length - 1} one-hot inputs: leave it out of the features.`, { kind: 'csv', row: table.headerLine, column: widest.name });
}

/** Beyond rows·inputs² of this size the exact solve is skipped: it would stall the start of a run. */
const CLOSED_FORM_BUDGET = 3e9;

export function prepareRun(source: CsvInput | CsvTable, options: RunOptions): PreparedRun {
  const { target, features, ...settings } = options;
  const config = resolveTrainConfig(settings);
  const table = typeof source === 'string' || source instanceof Uint8Array ? parseCsv(source) : source;
  const column = table.columns.find((c) => c.name === target);
  const task = decideTask(config, column?.type);
  const data = selectDataset(table, {
    target,
    ...(features ? { features } : {}),
    missing: config.missing,
    task: task satisfies TargetKind,
  });
  const head = decideHead(config, data, table);
  const split = splitRows(data.rowCount, config.valSplit, config.seed);
  const preprocessing = fitPreprocessing(data, split.train, config.missing);
  const d = preprocessing.inputs.length;
  if (d === 0) {
    const name = data.features[0]!.name;
    throw new GradLabError('csv', `The features give the model no inputs: each one holds a single value (e.g. "${name}"). Choose other features.`, { kind: 'csv', row: table.headerLine, column: name });
  }
  if (data.rowCount * d > MAX_ENCODED) throw tooWide(data, preprocessing.features, d, table);
  const encode = (rows: Int32Array): EncodedSplit => {
    const y = encodeTarget(preprocessing, data, rows);
    const t = data.target;
    const actual = t.type === 'numeric' ? Float64Array.from(rows, (i) => t.values[i]!) : y;
    return { rows: rows.length, x: encodeFeatures(preprocessing, data, rows), y, actual };
  };
  const classes = preprocessing.target.type === 'classes' ? preprocessing.target.classes.length : 0;
  const network = new MLP({
    inputSize: d,
    hiddenSizes: config.model === 'mlp' ? config.hidden : [],
    outputSize: head === 'multiclass' ? classes : 1,
    activation: config.activation,
    seed: config.seed,
  });
  const loss = task === 'classification' ? 'cross-entropy' : (config.loss ?? 'mse');
  const model = new TrainedModel(config.model, network, preprocessing, head, loss);
  const train = encode(split.train);
  zeroDeadInputs(network.layers[0]!.weight.data, train.x, train.rows, d);
  const std = preprocessing.target.type === 'numeric' ? preprocessing.target.std : 1;
  const lossScale = task === 'regression' ? (loss === 'mae' ? std : std * std) : 1;
  const exact = config.model === 'linear' && loss === 'mse' && train.rows * d * d <= CLOSED_FORM_BUDGET;
  const leastSquares = exact ? linearLeastSquares(train.x, train.y, train.rows, d, { ridge: train.rows * config.l2 }) : null;
  if (config.solver === 'closed-form' && !leastSquares) {
    throw new GradLabError('bad-argument', `The closed form is too large to solve here (${train.rows} rows × ${d} inputs); use gradient descent.`);
  }
  return {
    config, task, data, train,
    val: split.val.length > 0 ? encode(split.val) : null,
    model, lossScale, leastSquares,
    csv: { delimiter: table.delimiter, decimal: table.decimal },
  };
}

/**
 * An input that is 0 in every training row (a constant column, or a one-hot level seen only in
 * validation rows) never gets a gradient, so its random initial weight would stay: it would shift
 * every prediction where that input is not 0, and, through the intercept, the coefficients of a
 * constant column. Such weights start at 0, the weight of no information. W is [inputs, units].
 */
function zeroDeadInputs(w: Float64Array, x: Float64Array, rows: number, d: number): void {
  const units = w.length / d;
  const live = new Uint8Array(d);
  // Live inputs are standardized (some |x| ≥ 1); a constant column keeps only rounding (≤ 1e-12).
  for (let i = 0; i < rows * d; i++) if (Math.abs(x[i]!) > 1e-9) live[i % d] = 1;
  for (let j = 0; j < d; j++) if (!live[j]) w.fill(0, j * units, (j + 1) * units);
}

function decideTask(config: TrainConfig, targetType: string | undefined): Task {
  const { model, loss } = config;
  const regressionLoss = loss === 'mse' || loss === 'mae' || loss === 'huber';
  if (model === 'linear') {
    if (loss === 'cross-entropy') throw new GradLabError('bad-argument', 'Linear regression trains with MSE, MAE or Huber; for cross-entropy choose logistic or softmax regression.');
    return 'regression';
  }
  if (model === 'logistic' || model === 'softmax') {
    if (regressionLoss) throw new GradLabError('bad-argument', `${model === 'logistic' ? 'Logistic' : 'Softmax'} regression trains with cross-entropy, not ${loss}.`);
    return 'classification';
  }
  if (loss === 'cross-entropy') return 'classification';
  if (regressionLoss) {
    if (targetType === 'categorical' || targetType === 'boolean') {
      throw new GradLabError('bad-argument', `The target holds ${targetType === 'boolean' ? 'true/false values' : 'text'}: an MLP classifies it with the cross-entropy loss, not ${loss}.`);
    }
    return 'regression';
  }
  return targetType === 'numeric' || targetType === undefined ? 'regression' : 'classification';
}

function decideHead(config: TrainConfig, data: Dataset, table: CsvTable): Head {
  const t = data.target;
  if (t.type === 'numeric') return 'regression';
  const k = t.classes.length;
  if (config.model === 'logistic' && k > 2) {
    const shown = t.classes.slice(0, 5).join(', ') + (k > 5 ? ', …' : '');
    throw new GradLabError('csv', `Logistic regression separates two classes, but "${t.name}" has ${k} (${shown}): choose softmax regression or an MLP.`, { kind: 'csv', row: table.headerLine, column: t.name });
  }
  return config.model === 'softmax' || k > 2 ? 'multiclass' : 'binary';
}
