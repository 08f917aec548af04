/**
 * The worker's 'train' job: one engine training run on the CSV bytes the host read, driven by the
 * host's control actions (pause, resume, step, stop; cancel = stop), streaming the run's
 * description and batches of epoch reports (the engine throttles them to ≤ 20 per second), and
 * returning the result with the saved model, the export scripts and the weights as text.
 * Non-finite numbers (a diverging run) are turned into null or left out, so the protocol's
 * checks on the host never drop a real result.
 */
import { GradLabError } from '../../engine/errors';
import * as train from '../../engine/train';
import type {
  EpochReport,
  RunInfo as EngineRunInfo,
  RunResult as EngineRunResult,
  TrainingRun,
} from '../../engine/train';
import {
  parseTrainPayload,
  type EpochPoint,
  type MetricMap,
  type RunInfo,
  type RunResult,
  type ScriptFlavor,
  type TrainEvent,
  type TrainJobResult,
} from '../../protocol/training';
import type { JobContext } from './worker';

export async function trainJob(payload: unknown, ctx: JobContext): Promise<TrainJobResult> {
  const p = parseTrainPayload(payload);
  if (!p) throw new GradLabError('internal', 'train: malformed payload');
  const emit = (e: TrainEvent) => ctx.progress(e);
  const {
    hidden,
    activation,
    loss,
    optimizer,
    learningRate,
    batchSize,
    epochs,
    l1,
    l2,
    clip,
    valSplit,
    seed,
    earlyStopping,
    patience,
    model,
  } = p.settings;
  const run = train.createTrainingRun(
    p.csv,
    {
      target: p.target,
      features: p.features,
      model,
      hidden,
      activation,
      loss,
      optimizer,
      learningRate,
      batchSize,
      epochs,
      l1,
      l2,
      clip,
      valSplit,
      seed,
      earlyStopping,
      patience,
      missing: p.missing,
    },
    {
      onProgress: (reports) => emit({ kind: 'epochs', points: reports.map(toPoint) }),
      onStatus: (status) => {
        if (status === 'running' || status === 'paused') emit({ kind: 'status', status });
      },
    },
  );
  emit({ kind: 'started', info: toInfo(run.info) });
  ctx.onControl((action) => {
    if (action === 'pause') run.pause();
    else if (action === 'resume') run.resume();
    else if (action === 'step') run.step();
    else run.stop();
  });
  if (ctx.signal.aborted) run.stop();
  ctx.signal.addEventListener('abort', () => run.stop(), { once: true });
  const result = toResult(await run.start());
  const modelJson = run.model.toJSON();
  return {
    result,
    model: modelJson,
    ...scripts(run, p.csvPath),
    weightsText: weightsText(run, result),
  };
}

const finite = (v: number | null | undefined): number | null =>
  v !== null && v !== undefined && Number.isFinite(v) ? v : null;

function finiteMap(m: Record<string, number>): MetricMap {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v)));
}

export function toPoint(r: EpochReport): EpochPoint {
  return {
    epoch: r.epoch,
    trainLoss: finite(r.trainLoss),
    valLoss: finite(r.valLoss),
    samplesPerSec: finite(r.samplesPerSec) ?? 0,
    gradNorms: r.gradNorms.map(finite),
  };
}

export function toInfo(i: EngineRunInfo): RunInfo {
  return {
    task: i.task,
    model: i.model,
    target: i.target,
    features: i.features.slice(),
    layers: i.layers.slice(),
    classes: i.classes.slice(),
    closedFormLoss: finite(i.closedFormLoss),
    epochs: i.epochs,
    trainRows: i.trainRows,
    valRows: i.valRows,
    droppedRows: i.droppedRows,
  };
}

export function toResult(r: EngineRunResult): RunResult {
  let predictions: RunResult['predictions'] = null;
  if (r.predictions) {
    const keep = r.predictions.actual.map(
      (a, i) => Number.isFinite(a) && Number.isFinite(r.predictions!.predicted[i]),
    );
    predictions = {
      actual: r.predictions.actual.filter((_, i) => keep[i]),
      predicted: r.predictions.predicted.filter((_, i) => keep[i]),
    };
  }
  const c = r.coefficients;
  const coefficients =
    c && Number.isFinite(c.intercept) && Object.values(c.weights).every(Number.isFinite)
      ? { intercept: c.intercept, weights: { ...c.weights } }
      : null;
  return {
    stopped: r.stopped,
    ...(r.message !== undefined ? { message: r.message } : {}),
    history: r.history.map((h) => ({
      epoch: h.epoch,
      trainLoss: finite(h.trainLoss),
      valLoss: finite(h.valLoss),
    })),
    bestEpoch: r.bestEpoch,
    metrics: {
      train: finiteMap(r.metrics.train),
      val: r.metrics.val ? finiteMap(r.metrics.val) : null,
    },
    perClass: r.perClass
      ? r.perClass.map((k) => ({
          label: k.label,
          precision: finite(k.precision) ?? 0,
          recall: finite(k.recall) ?? 0,
          f1: finite(k.f1) ?? 0,
          support: k.support,
        }))
      : null,
    predictions,
    confusion: r.confusion
      ? { labels: r.confusion.labels.slice(), matrix: r.confusion.matrix.map((row) => row.slice()) }
      : null,
    coefficients,
    elapsedMs: finite(r.elapsedMs) ?? 0,
  };
}

const EXPORTERS: Record<ScriptFlavor, typeof train.exportPytorchScript> = {
  pytorch: train.exportPytorchScript,
  sklearn: train.exportSklearnScript,
};

/** Both export scripts; a flavor the engine cannot write for this model gets its reason instead. */
function scripts(
  run: TrainingRun,
  csvPath: string,
): Pick<TrainJobResult, 'scripts' | 'scriptErrors'> {
  const out: Pick<TrainJobResult, 'scripts' | 'scriptErrors'> = { scripts: {}, scriptErrors: {} };
  for (const [flavor, exporter] of Object.entries(EXPORTERS) as Array<
    [ScriptFlavor, typeof train.exportPytorchScript]
  >) {
    try {
      out.scripts[flavor] = exporter(run.model, { csvPath });
    } catch (e) {
      out.scriptErrors[flavor] = e instanceof Error ? e.message : String(e);
    }
  }
  return out;
}

/** "Copy Weights": a linear model's coefficients in the CSV's units, else every layer's W and b. */
function weightsText(run: TrainingRun, result: RunResult): string {
  if (result.coefficients)
    return JSON.stringify({ target: run.info.target, ...result.coefficients }, null, 2);
  const net = run.model.network.toJSON();
  const layers = net.weights.length / 2;
  const named = Array.from({ length: layers }, (_, l) => ({
    layer: run.info.layers[l] ?? `layer ${l + 1}`,
    W: net.weights[2 * l],
    b: net.weights[2 * l + 1],
  }));
  return JSON.stringify({ inputs: run.info.inputs, layers: named }, null, 2);
}
