/**
 * The training panel's webview: it draws what the host sends and posts what the user asks for;
 * it trains nothing. Every message from the host is parsed before use. Progress is queued and
 * drawn at most ten times a second; the status line, the charts' accessible summaries and the
 * saved state (getState/setState) are refreshed at most once a second while a run is going.
 */
import * as l10n from '@vscode/l10n';
import {
  defaultSettings,
  parseHostToPanel,
  parsePanelState,
  type EpochPoint,
  type ErrorInfo,
  type HostToPanel,
  type PanelState,
  type PanelToHost,
  type RunStatus,
  type ChartName,
} from '../src/protocol/training';
import { Controls, type ControlState } from './training/controls';
import { DataSection } from './training/dataSection';
import { fmt, fmtInt, h } from './training/dom';
import { GradientChart } from './training/gradientChart';
import { modelLabel, statusWord } from './training/labels';
import { LossChart } from './training/lossChart';
import { PredictionChart } from './training/predictionChart';
import { Results } from './training/results';
import { SettingsForm } from './training/settingsForm';
import { observeTheme, readTheme } from './training/theme';

interface VsCodeApi {
  postMessage(message: PanelToHost): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
const post = (m: PanelToHost) => vscode.postMessage(m);

const REDRAW_MS = 100;
const SLOW_MS = 1000;

interface Ui {
  data: DataSection;
  form: SettingsForm;
  controls: Controls;
  loss: LossChart;
  gradients: GradientChart;
  predictions: PredictionChart;
  results: Results;
}

let ui: Ui | undefined;
let state: PanelState = parsePanelState(vscode.getState()) ?? emptyState(100);
let starting = false;
let lastError: ErrorInfo | null = null;
let pending: EpochPoint[] = [];
let redrawTimer: number | undefined;
let slowTimer: number | undefined;
let uiStateTimer: number | undefined;

function emptyState(epochs: number): PanelState {
  return {
    v: 1,
    file: null,
    target: null,
    features: null,
    settings: defaultSettings('linear', epochs),
    logScale: false,
    run: null,
  };
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = parseHostToPanel(event.data);
  if (!msg) {
    console.warn('GradLab: dropped a malformed message from the host', event.data);
    return;
  }
  if (msg.type === 'init') return init(msg);
  if (ui) handle(ui, msg);
});
observeTheme(() => {
  if (!ui) return;
  const t = readTheme();
  ui.loss.setTheme(t);
  ui.gradients.setTheme(t);
  ui.predictions.setTheme(t);
});
post({ type: 'ready' });

function init(msg: Extract<HostToPanel, { type: 'init' }>): void {
  if (msg.l10nBundle) l10n.config({ contents: msg.l10nBundle });
  state = msg.state ?? parsePanelState(vscode.getState()) ?? emptyState(msg.defaultEpochs);
  destroyUi();
  ui = buildUi(msg.defaultEpochs);
  ui.form.set(state.settings);
  if (state.file) ui.data.loading(state.file);
  const run = state.run;
  ui.loss.reset(run?.info ?? null, run?.points ?? [], run?.result ?? null, state.logScale);
  ui.gradients.reset(run?.info ?? null, run?.points ?? []);
  ui.predictions.show(run?.info ?? null, run?.result ?? null);
  ui.results.show(run?.info ?? null, run?.result ?? null);
  app.removeAttribute('aria-busy');
  refresh(true);
}

function buildUi(defaultEpochs: number): Ui {
  const theme = readTheme();
  const changed = () => {
    refresh(false);
    saveUiState();
  };
  const data = new DataSection(post, () => {
    const t = data.targetColumn;
    if (t) form.suggestFor(t.type === 'numeric' ? null : t.levels, true);
    changed();
  });
  const form = new SettingsForm(defaultEpochs, changed);
  const controls = new Controls(post, start, reset);
  const loss = new LossChart(theme, (log) => {
    state.logScale = log;
    saveUiState();
  });
  const gradients = new GradientChart(theme);
  const predictions = new PredictionChart(theme);
  const results = new Results(post, exportCharts);
  const charts = h(
    'section',
    { id: 'charts', 'aria-labelledby': 'charts-heading' },
    h('h2', { id: 'charts-heading' }, l10n.t('Charts')),
    loss.element,
    gradients.element,
    predictions.element,
  );
  app.replaceChildren(
    h('h1', {}, l10n.t('Train a model')),
    data.element,
    form.element,
    controls.element,
    charts,
    results.element,
  );
  return { data, form, controls, loss, gradients, predictions, results };
}

function destroyUi(): void {
  ui?.loss.destroy();
  ui?.gradients.destroy();
  ui?.predictions.destroy();
  ui = undefined;
}

function handle(u: Ui, msg: HostToPanel): void {
  switch (msg.type) {
    case 'init':
      return;
    case 'csv/files':
      return u.data.setFiles(msg.files, state.file);
    case 'csv/loading':
      state.file = msg.file;
      return u.data.loading(msg.file);
    case 'csv/summary':
      state.file = msg.file;
      u.data.setSummary(msg.file, msg.summary, msg.missing, state.target, state.features);
      suggestModel(u, false);
      lastError = null;
      refresh(true);
      return saveUiState();
    case 'csv/error':
      state.file = msg.file;
      u.data.setError(msg.file, msg.error);
      return refresh(true);
    case 'train/started':
      starting = false;
      lastError = null;
      state.run = { info: msg.info, status: 'running', points: [], result: null };
      u.loss.reset(msg.info, [], null, state.logScale);
      u.gradients.reset(msg.info, []);
      u.predictions.show(msg.info, null);
      u.results.show(msg.info, null);
      return refresh(true);
    case 'train/progress':
      pending.push(...msg.points);
      redrawTimer ??= window.setTimeout(flush, REDRAW_MS);
      return;
    case 'train/status':
      flush();
      if (state.run) {
        state.run.status = msg.status;
        if (msg.message !== undefined) state.run.message = msg.message;
      } else if (msg.status !== 'running' && msg.status !== 'paused') starting = false;
      return refresh(true);
    case 'train/result':
      flush();
      if (state.run) {
        state.run.result = msg.result;
        state.run.status = msg.result.stopped;
        u.loss.finish(msg.result);
        u.predictions.show(state.run.info, msg.result);
        u.results.show(state.run.info, msg.result);
      }
      return refresh(true);
    case 'train/error':
      starting = false;
      lastError = msg.error;
      if (state.run && (state.run.status === 'running' || state.run.status === 'paused'))
        state.run.status = 'error';
      u.data.setError(null, msg.error);
      return refresh(true);
    case 'notice':
      return u.results.setNotice(msg.message);
  }
}

/** Make the model fit the target's type (see SettingsForm.suggestFor). */
function suggestModel(u: Ui, chosen: boolean): void {
  const t = u.data.targetColumn;
  if (t) u.form.suggestFor(t.type === 'numeric' ? null : t.levels, chosen);
}

/** Draw the queued progress (at most every REDRAW_MS). */
function flush(): void {
  if (redrawTimer !== undefined) window.clearTimeout(redrawTimer);
  redrawTimer = undefined;
  if (!ui || pending.length === 0) return;
  const points = pending;
  pending = [];
  state.run?.points.push(...points);
  ui.loss.add(points);
  ui.gradients.add(points);
  slowTimer ??= window.setTimeout(() => refresh(true), SLOW_MS);
}

function controlState(): ControlState {
  if (starting) return 'starting';
  return state.run?.status ?? (lastError ? 'error' : 'idle');
}

/** Buttons always; with `slow`, also the status line, the charts' labels and the saved state. */
function refresh(slow: boolean): void {
  if (!ui) return;
  const cs = controlState();
  const canStart = ui.form.valid && ui.data.target !== null && ui.data.features.length > 0;
  ui.controls.update(cs, canStart);
  const active = cs === 'running' || cs === 'paused' || cs === 'starting';
  ui.form.setDisabled(active);
  ui.results.setDisabled(active);
  if (!slow) return;
  if (slowTimer !== undefined) window.clearTimeout(slowTimer);
  slowTimer = undefined;
  ui.controls.setStatus(cs, statusText(cs, canStart));
  ui.loss.updateLabel();
  ui.gradients.updateLabel();
  vscode.setState(state);
}

function statusText(cs: ControlState, canStart: boolean): string {
  const run = state.run;
  const last = run?.points[run.points.length - 1];
  const total = run?.info.epochs ?? 0;
  const numbers = last
    ? [
        l10n.t('training loss {0}', fmt(last.trainLoss)),
        ...(last.valLoss !== null ? [l10n.t('validation loss {0}', fmt(last.valLoss))] : []),
        l10n.t('{0} samples/s', fmtInt(last.samplesPerSec)),
      ].join(' · ')
    : '';
  const epochs = run?.result?.history.length ?? last?.epoch ?? 0;
  switch (cs) {
    case 'idle':
      if (!state.file) return l10n.t('Choose a CSV file to start.');
      if (!ui?.form.valid) return l10n.t('Fix the settings marked beside their fields to start.');
      return canStart
        ? l10n.t('Ready: press Start to train a {0}.', modelLabel(ui.form.modelKind).toLowerCase())
        : l10n.t('Choose the target and at least one feature to start.');
    case 'starting':
      return l10n.t('Starting: reading and preparing the data…');
    case 'running':
      return last
        ? `${l10n.t('Epoch {0}/{1}', last.epoch, total)} · ${numbers}`
        : l10n.t('Training started…');
    case 'paused':
      return `${l10n.t('Paused at epoch {0}/{1}', last?.epoch ?? 0, total)}${numbers ? ` · ${numbers}` : ''}`;
    case 'completed':
    case 'early-stopping':
    case 'stopped':
    case 'diverged': {
      const head = `${statusWord(cs as RunStatus)}: ${l10n.t('{0} epochs', epochs)}`;
      const best = run?.result?.bestEpoch
        ? ` · ${l10n.t('best epoch {0}', run.result.bestEpoch)}`
        : '';
      const why = run?.message ? ` · ${run.message}` : '';
      return `${head}${best}${numbers ? ` · ${numbers}` : ''}${why}`;
    }
    case 'error':
      return `${statusWord('error')}: ${run?.message ?? lastError?.message ?? ''}`;
  }
}

function start(): void {
  if (!ui) return;
  const settings = ui.form.settings;
  const target = ui.data.target;
  const features = ui.data.features;
  if (!settings || !target || features.length === 0) return;
  flush();
  Object.assign(state, { settings, target, features, run: null });
  starting = true;
  lastError = null;
  ui.data.clearError();
  ui.loss.reset(null, [], null, state.logScale);
  ui.gradients.reset(null, []);
  ui.predictions.show(null, null);
  ui.results.show(null, null);
  post({ type: 'train/start', target, features, settings });
  refresh(true);
}

function reset(): void {
  if (!ui) return;
  pending = [];
  starting = false;
  lastError = null;
  state.run = null;
  post({ type: 'train/reset' });
  ui.loss.reset(null, [], null, state.logScale);
  ui.gradients.reset(null, []);
  ui.predictions.show(null, null);
  ui.results.show(null, null);
  refresh(true);
}

/** Tell the host what the user chose (debounced): it keeps the state across closing the panel. */
function saveUiState(): void {
  if (!ui) return;
  const settings = ui.form.settings;
  if (settings) state.settings = settings;
  if (ui.data.target !== null) {
    state.target = ui.data.target;
    state.features = ui.data.features;
  }
  vscode.setState(state);
  if (uiStateTimer !== undefined) window.clearTimeout(uiStateTimer);
  uiStateTimer = window.setTimeout(() => {
    post({
      type: 'ui/state',
      state: {
        file: state.file,
        target: state.target,
        features: state.features,
        settings: state.settings,
        logScale: state.logScale,
      },
    });
  }, 300);
}

function exportCharts(): void {
  if (!ui) return;
  const images: Array<{ name: ChartName; dataUrl: string }> = [
    { name: 'loss', dataUrl: ui.loss.toPng() },
    { name: 'gradients', dataUrl: ui.gradients.toPng() },
  ];
  if (ui.predictions.isChart) images.push({ name: 'predictions', dataUrl: ui.predictions.toPng() });
  post({ type: 'charts/export', images });
}
