/**
 * The training panel on the host side: one webview panel (createOrShow), restored after a reload
 * by its serializer, holding the authoritative copy of the panel state (chosen file, settings,
 * the last run's epochs and result) so that hiding, closing or reloading loses nothing. Every
 * message from the webview is parsed first; anything malformed is logged and dropped.
 */
import * as vscode from 'vscode';
import {
  TRAINING_VIEW_TYPE,
  defaultSettings,
  parseCsvSummary,
  parsePanelState,
  parsePanelToHost,
  type CsvFile,
  type HostToPanel,
  type PanelState,
  type PanelToHost,
} from '../../protocol/training';
import { assertNever } from '../../protocol/is';
import type { ExtensionServices } from '../services';
import { listCsvFiles, readCsvBytes, toCsvFile, workspaceCsvUri } from './csvFiles';
import {
  copyWeights,
  exportCharts,
  openScript,
  realDialogs,
  saveModel,
  type ExportDialogs,
} from './trainingExports';
import { trainingHtml, webviewOptions } from './trainingHtml';
import { TrainingRun } from './trainingRun';

const STATE_KEY = 'gradlab.training.state';

export class TrainingPanel implements vscode.Disposable {
  static readonly viewType = TRAINING_VIEW_TYPE;
  static current: TrainingPanel | undefined;

  /** For tests: every message the host posts to the webview. */
  readonly onDidPost: vscode.Event<HostToPanel>;
  /** For tests: replaceable file dialogs of the Results buttons. */
  dialogs: ExportDialogs = realDialogs;
  state: PanelState;
  private run: TrainingRun | undefined;
  private readonly posted = new vscode.EventEmitter<HostToPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private summaryToken = 0;
  private persistTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  /** Show the panel, creating it (with the last session's state) if there is none. */
  static createOrShow(services: ExtensionServices): TrainingPanel {
    if (TrainingPanel.current) {
      TrainingPanel.current.panel.reveal();
      return TrainingPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      TRAINING_VIEW_TYPE,
      vscode.l10n.t('GradLab Training'),
      vscode.ViewColumn.Active,
      {
        ...webviewOptions(services.context.extensionUri),
        retainContextWhenHidden: false,
      },
    );
    return new TrainingPanel(services, panel, undefined);
  }

  /** The serializer's entry after a reload: `saved` is the webview's last setState value. */
  static revive(
    services: ExtensionServices,
    panel: vscode.WebviewPanel,
    saved: unknown,
  ): TrainingPanel {
    TrainingPanel.current?.dispose();
    panel.webview.options = webviewOptions(services.context.extensionUri);
    return new TrainingPanel(services, panel, parsePanelState(saved));
  }

  private constructor(
    private readonly services: ExtensionServices,
    readonly panel: vscode.WebviewPanel,
    saved: PanelState | undefined,
  ) {
    TrainingPanel.current = this;
    this.onDidPost = this.posted.event;
    this.state = settle(
      saved ?? parsePanelState(services.context.workspaceState.get(STATE_KEY)) ?? this.emptyState(),
    );
    panel.iconPath = new vscode.ThemeIcon('graph-line');
    panel.webview.html = trainingHtml(panel.webview, services.context.extensionUri);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.csv');
    this.disposables.push(
      this.posted,
      watcher,
      watcher.onDidCreate(() => this.scheduleRefresh(false)),
      watcher.onDidDelete(() => this.scheduleRefresh(false)),
      watcher.onDidChange((uri) => this.scheduleRefresh(uri.toString() === this.state.file?.uri)),
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.handleMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private emptyState(): PanelState {
    const settings = defaultSettings('linear', this.services.config.defaultEpochs);
    return { v: 1, file: null, target: null, features: null, settings, logScale: false, run: null };
  }

  /** "Train a Model on This CSV": show the file's data in the panel. */
  async openCsv(uri: vscode.Uri): Promise<void> {
    await this.selectFile(toCsvFile(uri));
  }

  /** Handle one message from the webview (public for the integration tests). */
  async handleMessage(raw: unknown): Promise<void> {
    const msg = parsePanelToHost(raw);
    if (!msg) {
      this.services.log.warn(
        `Dropped a malformed message from the training panel: ${JSON.stringify(raw)?.slice(0, 200)}`,
      );
      return;
    }
    try {
      await this.dispatch(msg);
    } catch (e) {
      this.services.log.error(
        `training panel: ${msg.type} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      this.post({
        type: 'notice',
        message: vscode.l10n.t(
          'That did not work: {0}',
          e instanceof Error ? e.message : String(e),
        ),
      });
    }
  }

  private async dispatch(msg: PanelToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.post({
          type: 'init',
          ...bundle(),
          defaultEpochs: this.services.config.defaultEpochs,
          state: this.state,
        });
        await this.sendFiles();
        if (this.state.file) await this.loadSummary(this.state.file);
        return;
      case 'csv/refresh':
        return this.sendFiles();
      case 'csv/select': {
        const uri = workspaceCsvUri(msg.uri);
        if (!uri)
          return this.services.log.warn(
            `training panel: refused a CSV outside the workspace: ${msg.uri}`,
          );
        return this.selectFile(toCsvFile(uri));
      }
      case 'csv/reveal':
        return this.reveal(msg.row);
      case 'settings/open':
        await vscode.commands.executeCommand(
          'workbench.action.openSettings',
          'gradlab.training.missingValues',
        );
        return;
      case 'ui/state':
        Object.assign(this.state, {
          target: msg.state.target,
          features: msg.state.features,
          settings: msg.state.settings,
          logScale: msg.state.logScale,
        });
        return this.schedulePersist();
      case 'train/start':
        return this.start(msg.target, msg.features, msg.settings);
      case 'train/control':
        return this.run?.control(msg.action);
      case 'train/reset':
        this.run?.dispose();
        this.run = undefined;
        this.state.run = null;
        return this.schedulePersist();
      case 'model/save':
      case 'model/copyWeights':
      case 'model/exportScript':
      case 'charts/export':
        return this.results(msg);
      default:
        return assertNever(msg);
    }
  }

  private async start(
    target: string,
    features: string[],
    settings: PanelState['settings'],
  ): Promise<void> {
    if (this.run?.running)
      return this.services.log.warn('training panel: Start while a run is going; ignored');
    const file = this.state.file;
    const uri = file && workspaceCsvUri(file.uri);
    if (!file || !uri) {
      this.post({
        type: 'train/error',
        error: { message: vscode.l10n.t('Choose a CSV file first.') },
      });
      return;
    }
    Object.assign(this.state, { target, features, settings, run: null });
    this.run?.dispose();
    let csv: Uint8Array;
    try {
      csv = await readCsvBytes(uri);
    } catch (e) {
      this.post({
        type: 'train/error',
        error: {
          message: vscode.l10n.t(
            'Cannot read {0}: {1}',
            file.label,
            e instanceof Error ? e.message : String(e),
          ),
        },
      });
      return;
    }
    const payload = {
      csv,
      csvPath: file.label,
      missing: this.services.config.missingValues,
      target,
      features,
      settings,
    };
    this.services.log.info(
      `training ${settings.model} on ${file.label} → ${target} (${features.length} features, ${settings.epochs} epochs)`,
    );
    const run = new TrainingRun(
      this.services,
      payload,
      (m) => this.post(m),
      () => {
        if (this.run === run) this.state.run = run.record;
        this.schedulePersist();
      },
    );
    this.run = run;
  }

  private async results(
    msg: Extract<
      PanelToHost,
      { type: 'model/save' | 'model/copyWeights' | 'model/exportScript' | 'charts/export' }
    >,
  ): Promise<void> {
    const csv = this.state.file ? workspaceCsvUri(this.state.file.uri) : undefined;
    if (msg.type === 'charts/export') {
      const written = await exportCharts(msg.images, csv, this.dialogs);
      if (written.length > 0)
        this.notice(
          vscode.l10n.t(
            'Exported {0} charts: {1}',
            written.length,
            written.map((u) => vscode.workspace.asRelativePath(u)).join(', '),
          ),
        );
      return;
    }
    const job = this.run?.job;
    if (!job)
      return this.notice(vscode.l10n.t('Train a model first: there is nothing to export yet.'));
    if (msg.type === 'model/save') {
      const uri = await saveModel(job, csv, this.state.settings.model, this.dialogs);
      if (uri)
        this.notice(vscode.l10n.t('Saved the model to {0}.', vscode.workspace.asRelativePath(uri)));
    } else if (msg.type === 'model/copyWeights') {
      await copyWeights(job);
      this.notice(vscode.l10n.t('Copied the weights to the clipboard.'));
    } else if (!(await openScript(job, msg.flavor))) {
      const name = msg.flavor === 'pytorch' ? 'PyTorch' : 'scikit-learn';
      const why = job.scriptErrors[msg.flavor];
      this.notice(
        why
          ? vscode.l10n.t('No {0} script for this model: {1}', name, why)
          : vscode.l10n.t('This model has no {0} export.', name),
      );
    }
  }

  private async selectFile(file: CsvFile): Promise<void> {
    if (this.state.file?.uri !== file.uri)
      Object.assign(this.state, { file, target: null, features: null });
    this.schedulePersist();
    await this.loadSummary(file);
  }

  private async loadSummary(file: CsvFile): Promise<void> {
    const token = ++this.summaryToken;
    const uri = workspaceCsvUri(file.uri);
    this.post({ type: 'csv/loading', file });
    try {
      if (!uri)
        throw new Error(vscode.l10n.t('{0} is not a CSV file in this workspace.', file.label));
      const csv = await readCsvBytes(uri);
      const raw = await this.services.worker.run<unknown>(
        'csv/summary',
        { csv, missing: this.services.config.missingValues },
        { timeoutMs: 60_000 },
      );
      const summary = parseCsvSummary(raw);
      if (!summary) throw new Error('the worker returned a malformed CSV summary');
      if (token === this.summaryToken)
        this.post({
          type: 'csv/summary',
          file,
          summary,
          missing: this.services.config.missingValues,
        });
    } catch (e) {
      if (token !== this.summaryToken) return;
      const place = (e as { place?: { kind?: string; row?: number; column?: string } }).place;
      const error = {
        message: e instanceof Error ? e.message : String(e),
        ...(place?.kind === 'csv' && place.row ? { row: place.row } : {}),
        ...(place?.kind === 'csv' && place.column !== undefined ? { column: place.column } : {}),
      };
      this.services.log.warn(`training panel: ${file.label}: ${error.message}`);
      this.post({ type: 'csv/error', file, error });
    }
  }

  private async sendFiles(): Promise<void> {
    this.post({ type: 'csv/files', files: await listCsvFiles() });
  }

  private scheduleRefresh(reloadSummary: boolean): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      void this.sendFiles();
      if (reloadSummary && this.state.file) void this.loadSummary(this.state.file);
    }, 300);
  }

  /** Open the CSV at a 1-based file line (an error's row) and select that line. */
  private async reveal(row: number): Promise<void> {
    const uri = this.state.file && workspaceCsvUri(this.state.file.uri);
    if (!uri) return;
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = Math.min(row - 1, Math.max(0, doc.lineCount - 1));
    const range = doc.lineAt(line).range;
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.Beside,
      selection: range,
      preview: false,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  }

  private notice(message: string): void {
    this.post({ type: 'notice', message });
  }

  post(m: HostToPanel): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(m);
    this.posted.fire(m);
  }

  private schedulePersist(): void {
    if (this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      void this.services.context.workspaceState.update(STATE_KEY, this.state);
    }, 1000);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (TrainingPanel.current === this) TrainingPanel.current = undefined;
    if (this.persistTimer) clearTimeout(this.persistTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.run?.dispose();
    void this.services.context.workspaceState.update(STATE_KEY, settle(this.state));
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function bundle(): { l10nBundle?: Record<string, string> } {
  const b = vscode.l10n.bundle;
  return b ? { l10nBundle: b } : {};
}

/** A run that was going when its panel closed (or VS Code reloaded) is over: show it as stopped. */
function settle(state: PanelState): PanelState {
  if (state.run && (state.run.status === 'running' || state.run.status === 'paused'))
    state.run.status = 'stopped';
  return state;
}
