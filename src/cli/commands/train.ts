/**
 * `gradlab train FILE.csv --target COL [...]`: train a model on a CSV. The JSON contract (issue 6)
 * is exact, other tools parse it:
 *   {"model": str, "rows": int, "features": [str],
 *    "history": [{"epoch": int, "trainLoss": number, "valLoss": number|null}],
 *    "metrics": {"train": {...}, "val": {...}|null},
 *    "stopped": "completed"|"early-stopping"|"diverged",
 *    "coefficients": {"intercept": number, "weights": {column: number}}}
 * Metrics: r2, mse, rmse, mae (regression) or accuracy, logLoss (classification). `coefficients`
 * only for linear models (linear regression; logistic in log-odds), in the CSV's original units.
 * Extra keys (target, task, trainRows, valRows, classes, bestEpoch, message) only add to it.
 * Errors exit 2 with {"error": {"message", "row"?, "column"?}}. Without --json: a progress bar on
 * stderr and a readable summary on stdout.
 */
import * as fs from 'node:fs';
import { GradLabError, isGradLabError } from '../../engine/errors';
import type { CsvTable } from '../../engine/data';
import type { EpochReport, ModelKind, RunInfo, RunOptions, RunResult } from '../../engine/train';
import { UsageError, bool, num, str, type ParsedArgs } from '../args';
import { EXIT_OK, printJson, type Io } from '../output';
import type { Subcommand } from '../subcommand';

const MODELS = ['linear', 'logistic', 'softmax', 'mlp'] as const;
const ACTIVATIONS = ['relu', 'tanh', 'sigmoid'] as const;
const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adam'] as const;
const SOLVERS = ['gd', 'closed-form'] as const;
const MISSING = ['error', 'drop', 'mean'] as const;
const LOSSES = ['mse', 'mae', 'huber', 'cross-entropy'] as const;

/** Engine setting → flag, so a refused value names the flag the user typed. */
const FLAG_OF: Record<string, string> = {
  model: 'model', hidden: 'hidden', activation: 'activation', optimizer: 'optimizer', learningRate: 'lr',
  epochs: 'epochs', batchSize: 'batch-size', l1: 'l1', l2: 'l2', clip: 'clip', valSplit: 'val-split',
  seed: 'seed', solver: 'solver', missing: 'missing', loss: 'loss', patience: 'patience', minDelta: 'min-delta',
};

export const trainCommand: Subcommand = {
  spec: {
    name: 'train',
    summary: 'Train a linear, logistic, softmax or MLP model on a CSV file.',
    usage:
      'gradlab train FILE.csv --target COL [--features a,b] [--model linear|logistic|softmax|mlp] [--hidden 10,10] ' +
      '[--activation relu|tanh|sigmoid] [--optimizer sgd|momentum|rmsprop|adam] [--lr F] [--epochs N] [--batch-size N] ' +
      '[--l1 F] [--l2 F] [--clip F] [--val-split F] [--seed N] [--solver gd|closed-form] [--json]',
    positionals: ['FILE.csv'],
    flags: {
      target: { kind: 'string', valueName: 'COL', description: 'The column to predict (required).' },
      features: { kind: 'string', valueName: 'a,b', description: 'Feature columns (default: every column but the target).' },
      model: { kind: 'string', valueName: 'M', description: 'linear, logistic, softmax or mlp (default: mlp with --hidden; else logistic for two classes, including a 0/1 column; softmax for more text classes; linear for other numbers).' },
      hidden: { kind: 'string', valueName: '10,10', description: 'MLP hidden layer widths (default 16,16); implies --model mlp.' },
      activation: { kind: 'string', valueName: 'A', description: 'MLP hidden activation: relu (default), tanh or sigmoid.' },
      optimizer: { kind: 'string', valueName: 'O', description: 'sgd, momentum, rmsprop or adam (default sgd; adam for mlp).' },
      lr: { kind: 'number', valueName: 'F', description: 'Learning rate (default 0.05 linear, 0.1 logistic/softmax, 0.01 mlp).' },
      epochs: { kind: 'int', valueName: 'N', description: 'Epochs (default 100; 200 for mlp).' },
      'batch-size': { kind: 'int', valueName: 'N', description: 'Mini-batch size (default 32).' },
      l1: { kind: 'number', valueName: 'F', description: 'L1 penalty on the weights (default 0).' },
      l2: { kind: 'number', valueName: 'F', description: 'L2 penalty on the weights (default 0).' },
      clip: { kind: 'number', valueName: 'F', description: 'Clip the global gradient norm (default 0: off).' },
      'val-split': { kind: 'number', valueName: 'F', description: 'Validation fraction (default 0.2; 0 = none).' },
      seed: { kind: 'int', valueName: 'N', description: 'Seed of the split, initialisation and shuffling (default 42).' },
      solver: { kind: 'string', valueName: 'S', description: 'gd (default) or closed-form (linear regression).' },
      loss: { kind: 'string', valueName: 'L', description: 'mse (default), mae or huber for regression; cross-entropy for classes.' },
      missing: { kind: 'string', valueName: 'P', description: 'Missing values: error (default), drop (the rows) or mean (fill).' },
      'early-stopping': { kind: 'boolean', description: 'Stop when the validation loss stops improving (Keras semantics).' },
      patience: { kind: 'int', valueName: 'N', description: 'Early stopping: epochs without improvement (default 10).' },
      'min-delta': { kind: 'number', valueName: 'F', description: 'Early stopping: smallest change that counts as improvement (default 0).' },
      save: { kind: 'string', valueName: 'FILE', description: 'Save the trained model as JSON.' },
      'export-pytorch': { kind: 'string', valueName: 'FILE', description: 'Write a PyTorch script that reproduces the model and its training.' },
      'export-sklearn': { kind: 'string', valueName: 'FILE', description: 'Write a scikit-learn script that reproduces the model.' },
    },
    examples: [
      'gradlab train examples/housing.csv --target price_k --json',
      'gradlab train examples/housing.csv --target price_k --solver closed-form',
      'gradlab train examples/moons.csv --target label --model mlp --hidden 16,16 --epochs 300',
    ],
  },
  run,
};

function choice<T extends string>(args: ParsedArgs, flag: string, allowed: readonly T[]): T | undefined {
  const v = str(args, flag);
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${v}".`, flag);
  return v as T;
}

function list(args: ParsedArgs, flag: string): string[] | undefined {
  const v = str(args, flag);
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`--${flag} needs names separated by commas, got "${v}".`, flag);
  return items;
}

/**
 * --features split at commas, except where a column's own name holds commas ("price, USD"): the
 * longest run of pieces that spells a column name is taken as one name.
 */
function featureList(args: ParsedArgs, table: CsvTable): string[] | undefined {
  const pieces = str(args, 'features')?.split(',');
  if (pieces === undefined) return undefined;
  const names = new Set(table.columns.map((c) => c.name));
  const out: string[] = [];
  for (let i = 0; i < pieces.length; ) {
    let j = pieces.length;
    while (j > i + 1 && !names.has(pieces.slice(i, j).join(',').trim())) j--;
    out.push(pieces.slice(i, j).join(',').trim());
    i = j;
  }
  if (out.some((s) => s === '')) throw new UsageError(`--features needs names separated by commas, got "${str(args, 'features')}".`, 'features');
  return out;
}

function readCsv(file: string): Uint8Array {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new GradLabError('not-found', `Cannot read "${file}": ${why}.`, undefined, { cause: e });
  }
}

/**
 * The model when --model is absent: text classes pick logistic (two) or softmax (more); numbers pick
 * linear regression, except a 0/1-style column (exactly two integer values, such as Titanic's
 * Survived), which is a binary label: logistic.
 */
function defaultModel(table: CsvTable, target: string): ModelKind {
  const column = table.columns.find((c) => c.name === target);
  if (!column) return 'linear';
  if (column.type === 'numeric') return isBinaryLabel(column.values) ? 'logistic' : 'linear';
  return column.type === 'boolean' || column.levels.length <= 2 ? 'logistic' : 'softmax';
}

function isBinaryLabel(values: Float64Array): boolean {
  const seen: number[] = [];
  for (const v of values) {
    if (v !== v || seen.includes(v)) continue;
    if (!Number.isInteger(v) || seen.length === 2) return false;
    seen.push(v);
  }
  return seen.length === 2;
}

/** --hidden and --activation shape an MLP: without --model they choose it, with another model they are refused. */
function mlpOnly(args: ParsedArgs, model: ModelKind | undefined): ModelKind | undefined {
  const flag = ['hidden', 'activation'].find((f) => str(args, f) !== undefined);
  if (flag === undefined || model === 'mlp') return model;
  if (model === undefined) return 'mlp';
  throw new UsageError(`--${flag} shapes an MLP's hidden layers, but --model is ${model}: drop --${flag} or use --model mlp.`, flag);
}

function options(args: ParsedArgs, table: CsvTable): RunOptions {
  const target = str(args, 'target');
  if (target === undefined) throw new UsageError('Missing --target COL: the column to predict.', 'target');
  const hiddenText = list(args, 'hidden');
  const hidden = hiddenText?.map((h) => {
    const w = Number(h);
    if (!Number.isInteger(w) || w < 1) throw new UsageError(`--hidden needs positive integer widths, got "${h}".`, 'hidden');
    return w;
  });
  const early = bool(args, 'early-stopping') || num(args, 'patience') !== undefined || num(args, 'min-delta') !== undefined;
  return {
    target,
    features: featureList(args, table),
    model: mlpOnly(args, choice(args, 'model', MODELS)) ?? defaultModel(table, target),
    hidden,
    activation: choice(args, 'activation', ACTIVATIONS),
    optimizer: choice(args, 'optimizer', OPTIMIZERS),
    learningRate: num(args, 'lr'),
    epochs: num(args, 'epochs'),
    batchSize: num(args, 'batch-size'),
    l1: num(args, 'l1'),
    l2: num(args, 'l2'),
    clip: num(args, 'clip'),
    valSplit: num(args, 'val-split'),
    seed: num(args, 'seed'),
    solver: choice(args, 'solver', SOLVERS),
    loss: choice(args, 'loss', LOSSES),
    missing: choice(args, 'missing', MISSING),
    earlyStopping: early || undefined,
    patience: num(args, 'patience'),
    minDelta: num(args, 'min-delta'),
  };
}

async function run(args: ParsedArgs, io: Io): Promise<number> {
  const json = bool(args, 'json');
  const file = args.positionals[0]!;
  const { parseCsv } = await import('../../engine/data');
  const train = await import('../../engine/train');
  const table = parseCsv(readCsv(file));
  const progress = json ? undefined : progressPrinter(io);
  let runObj;
  try {
    runObj = train.createTrainingRun(table, options(args, table), { onProgress: progress?.onProgress });
  } catch (e) {
    throw flagError(e);
  }
  progress?.setTotal(runObj.info.epochs);
  const result = runObj.runSync();
  progress?.done();
  const model = runObj.model;
  const save = str(args, 'save');
  if (save !== undefined) writeOut(save, JSON.stringify(model.toJSON(), null, 1) + '\n');
  const pytorch = str(args, 'export-pytorch');
  if (pytorch !== undefined) writeOut(pytorch, train.exportPytorchScript(model, { csvPath: file }));
  const sklearn = str(args, 'export-sklearn');
  if (sklearn !== undefined) writeOut(sklearn, train.exportSklearnScript(model, { csvPath: file }));
  if (json) printJson(io, contract(runObj.info, result));
  else io.stdout(readable(runObj.info, result, file));
  return EXIT_OK;
}

/** A refused setting, reworded with the flag the user typed. */
function flagError(e: unknown): unknown {
  if (!isGradLabError(e) || e.code !== 'bad-argument') return e;
  const m = /^Setting "(\w+)": (.*)$/s.exec(e.message);
  const flag = m ? FLAG_OF[m[1]!] : undefined;
  return flag ? new UsageError(`--${flag}: ${m![2]}`, flag) : e;
}

function writeOut(path: string, text: string): void {
  try {
    fs.writeFileSync(path, text);
  } catch (e) {
    throw new GradLabError('bad-argument', `Cannot write "${path}": ${(e as Error).message}`, undefined, { cause: e });
  }
}

function contract(info: RunInfo, r: RunResult): Record<string, unknown> {
  return {
    model: info.model,
    rows: info.trainRows + info.valRows,
    features: info.features,
    // The contract's losses are numbers: an epoch whose loss overflowed (a diverged run, which
    // then keeps the weights of the epoch before) is left out, and `message` says what happened.
    history: r.history.filter((h) => h.trainLoss !== null),
    metrics: r.metrics,
    stopped: r.stopped,
    ...(r.coefficients ? { coefficients: r.coefficients } : {}),
    target: info.target,
    task: info.task,
    trainRows: info.trainRows,
    valRows: info.valRows,
    ...(info.task === 'classification' ? { classes: info.classes } : {}),
    bestEpoch: r.bestEpoch,
    ...(r.message !== undefined ? { message: r.message } : {}),
  };
}

/** A bar redrawn in place on a terminal; on a pipe, a line at every tenth of the run. */
interface ProgressPrinter {
  onProgress: (reports: EpochReport[]) => void;
  setTotal: (epochs: number) => void;
  done: () => void;
}

function progressPrinter(io: Io): ProgressPrinter {
  let total = 1;
  let lastTenth = -1;
  let drawn = false;
  return {
    setTotal(epochs) {
      total = Math.max(1, epochs);
    },
    onProgress(reports) {
      const r = reports[reports.length - 1]!;
      const line = progressLine(r, total);
      if (io.stderrIsTTY) {
        io.stderr(`\r${line}\x1b[K`);
        drawn = true;
      } else {
        const tenth = Math.floor((r.epoch / total) * 10);
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          io.stderr(line + '\n');
        }
      }
    },
    done() {
      if (drawn) io.stderr('\n');
    },
  };
}

function progressLine(r: EpochReport, total: number): string {
  const width = 24;
  const filled = Math.round((Math.min(r.epoch, total) / total) * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const f = (v: number | null) => (v === null ? '—' : fmt(v));
  const val = r.valLoss === null ? '' : `  val ${f(r.valLoss)}`;
  return `${bar} epoch ${r.epoch}/${total}  loss ${f(r.trainLoss)}${val}  ${Math.round(r.samplesPerSec).toLocaleString('en-US')} samples/s`;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(+v.toPrecision(5));
}

const MODEL_NAMES: Record<ModelKind, string> = {
  linear: 'linear regression',
  logistic: 'logistic regression',
  softmax: 'softmax regression',
  mlp: 'MLP',
};

function readable(info: RunInfo, r: RunResult, file: string): string {
  const lines: string[] = [];
  const kind = info.model === 'mlp' ? `MLP ${info.task === 'regression' ? 'regressor' : 'classifier'} [${info.config.hidden.join(', ')}]` : MODEL_NAMES[info.model];
  lines.push(`Trained ${kind} on ${file}: predicting "${info.target}" from ${info.features.length} feature${info.features.length === 1 ? '' : 's'} (${info.inputs.length} input${info.inputs.length === 1 ? '' : 's'}).`);
  lines.push(`Rows: ${info.trainRows} training, ${info.valRows} validation${info.droppedRows ? `, ${info.droppedRows} dropped (missing values)` : ''}.`);
  const last = r.history[r.history.length - 1];
  const how = info.config.solver === 'closed-form' ? 'solved in closed form' : `${r.stopped} after ${last?.epoch ?? 0} epoch${last?.epoch === 1 ? '' : 's'}`;
  lines.push(`Stopped: ${how}.${r.message ? ` ${r.message}` : ''}`);
  if (info.closedFormLoss !== null && info.config.solver !== 'closed-form') lines.push(`Closed-form training loss (the optimum): ${fmt(info.closedFormLoss)}.`);
  lines.push('', `${'metric'.padEnd(10)} ${'train'.padStart(12)} ${r.metrics.val ? 'validation'.padStart(12) : ''}`);
  for (const [k, v] of Object.entries(r.metrics.train)) {
    const val = r.metrics.val?.[k];
    lines.push(`${k.padEnd(10)} ${fmt(v).padStart(12)} ${val === undefined ? '' : fmt(val).padStart(12)}`);
  }
  if (r.coefficients) {
    const unit = info.model === 'logistic' ? ' (log-odds)' : '';
    lines.push('', `Coefficients in the CSV's units${unit}:`, `  ${'intercept'.padEnd(24)} ${fmt(r.coefficients.intercept)}`);
    for (const [k, v] of Object.entries(r.coefficients.weights)) lines.push(`  ${k.padEnd(24)} ${fmt(v)}`);
  }
  if (r.perClass) {
    lines.push('', `${'class'.padEnd(16)} ${'precision'.padStart(10)} ${'recall'.padStart(10)} ${'f1'.padStart(10)} ${'support'.padStart(8)}`);
    for (const c of r.perClass) lines.push(`${c.label.padEnd(16)} ${fmt(c.precision).padStart(10)} ${fmt(c.recall).padStart(10)} ${fmt(c.f1).padStart(10)} ${String(c.support).padStart(8)}`);
  }
  return lines.join('\n') + '\n';
}
