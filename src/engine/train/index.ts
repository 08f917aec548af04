/**
 * Models and training on the nn engine: settings, a step-able training run (start / pause / resume /
 * step / stop, throttled progress), metrics, trained models that save, load and predict, and
 * PyTorch / scikit-learn script export.
 *
 * ```ts
 * const summary = summarizeCsv(bytes);                                  // panel: preview + column types
 * const run = createTrainingRun(bytes, { target: 'price', model: 'linear', epochs: 50 }, {
 *   onProgress: (reports) => post(reports),                           // ≤ 20 calls per second
 *   onStatus: (status, message) => post({ status, message }),
 * });
 * const result = await run.start();                                   // or run.runSync()
 * run.pause(); run.resume(); run.step(); run.stop();                  // from control messages
 * const json = JSON.stringify(run.model.toJSON());                    // save; TrainedModel.fromJSON(json) loads
 * const script = exportPytorchScript(run.model, { csvPath: 'data/houses.csv' });
 * ```
 */
export { defaultTrainConfig, resolveTrainConfig, MODEL_KINDS } from './config';
export type { TrainConfig, ModelKind, HiddenActivation, LossKind, OptimizerKind, Solver, Task } from './config';
export { createTrainingRun, TrainingRun } from './trainingRun';
export type { RunInfo, EpochReport, RunHooks, RunStatus } from './trainingRun';
export { prepareRun } from './prepareRun';
export type { RunOptions, PreparedRun } from './prepareRun';
export type { RunResult, StopReason } from './runResult';
export { EarlyStopping } from './earlyStopping';
export { regressionMetrics, classificationMetrics, confusionMatrix, perClassReport } from './metrics';
export type { RegressionMetrics, ClassificationMetrics, ClassReport } from './metrics';
export { TrainedModel, MODEL_FORMAT, MODEL_VERSION } from './trainedModel';
export type { ModelJson, Prediction, Head } from './trainedModel';
export { exportPytorchScript } from './export/pytorchScript';
export { exportSklearnScript } from './export/sklearnScript';
export type { Provenance, ScriptOptions } from './export/pythonCommon';
