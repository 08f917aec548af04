/**
 * One training run as the extension host sees it: a 'train' job in the worker thread, the record
 * of its epochs (what the panel redraws after being hidden or reloaded), its status bar item, and
 * the model it produced. The host never trains: it forwards control actions and checks, then
 * relays, what the worker streams.
 */
import * as vscode from 'vscode';
import { isGradLabError } from '../../engine/errors';
import {
  MAX_POINTS,
  parseTrainEvent,
  parseTrainJobResult,
  type ErrorInfo,
  type HostToPanel,
  type RunRecord,
  type RunStatus,
  type TrainJobResult,
  type TrainPayload,
} from '../../protocol/training';
import type { ControlAction } from '../../protocol/worker';
import type { ExtensionServices } from '../services';

/** How long a stop may take before the job (and, if it is stuck, the worker) is cancelled. */
const STOP_GRACE_MS = 3000;

export class TrainingRun implements vscode.Disposable {
  record: RunRecord | null = null;
  job: TrainJobResult | null = null;
  private status: RunStatus = 'running';
  private readonly abort = new AbortController();
  private readonly handle;
  private statusItem: vscode.StatusBarItem | undefined;
  private stopTimer: NodeJS.Timeout | undefined;
  /** Settles when the job has ended, however it ended. */
  readonly done: Promise<void>;

  constructor(
    private readonly services: ExtensionServices,
    payload: TrainPayload,
    private readonly post: (m: HostToPanel) => void,
    private readonly changed: () => void,
  ) {
    this.statusItem = vscode.window.createStatusBarItem(
      'gradlab.training',
      vscode.StatusBarAlignment.Left,
      10,
    );
    this.statusItem.name = vscode.l10n.t('GradLab Training');
    this.statusItem.command = 'gradlab.openTrainingPanel';
    this.statusItem.text = `$(sync~spin) ${vscode.l10n.t('GradLab: preparing the data…')}`;
    this.statusItem.show();
    this.handle = services.worker.start<unknown>('train', payload, {
      signal: this.abort.signal,
      onProgress: (d) => this.onProgress(d),
    });
    this.done = this.handle.result.then(
      (raw) => this.onResult(raw),
      (e: unknown) => this.onError(e),
    );
  }

  get running(): boolean {
    return this.status === 'running' || this.status === 'paused';
  }

  control(action: ControlAction): void {
    if (!this.running) return;
    this.handle.control(action);
    if (action === 'pause' || action === 'step') this.setStatus('paused');
    else if (action === 'resume') this.setStatus('running');
    else if (action === 'stop' && !this.stopTimer)
      this.stopTimer = setTimeout(() => this.abort.abort(), STOP_GRACE_MS);
  }

  private onProgress(data: unknown): void {
    const e = parseTrainEvent(data);
    if (!e)
      return this.services.log.warn(
        `training: dropped a malformed progress event ${JSON.stringify(data)?.slice(0, 200)}`,
      );
    if (e.kind === 'started') {
      this.record = { info: e.info, status: this.status, points: [], result: null };
      this.post({ type: 'train/started', info: e.info });
    } else if (e.kind === 'status') {
      this.setStatus(e.status);
    } else if (this.record) {
      const room = MAX_POINTS - this.record.points.length;
      if (room > 0) this.record.points.push(...e.points.slice(0, room));
      this.post({ type: 'train/progress', points: e.points });
      this.updateStatusItem();
    }
    this.changed();
  }

  private onResult(raw: unknown): void {
    const job = parseTrainJobResult(raw);
    if (!job) {
      this.services.log.error(
        `training: the worker returned a malformed result ${JSON.stringify(raw)?.slice(0, 300)}`,
      );
      return this.finish('error', {
        message: vscode.l10n.t('The training run returned an unreadable result; see the log.'),
      });
    }
    this.job = job;
    if (this.record) this.record.result = job.result;
    this.post({ type: 'train/result', result: job.result });
    this.finish(job.result.stopped, undefined, job.result.message);
  }

  private onError(e: unknown): void {
    if (isGradLabError(e) && e.code === 'cancelled') return this.finish('stopped');
    const info: ErrorInfo = { message: e instanceof Error ? e.message : String(e) };
    if (isGradLabError(e) && e.place?.kind === 'csv') {
      info.row = e.place.row;
      if (e.place.column !== undefined) info.column = e.place.column;
    }
    this.services.log.error(
      `training failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
    this.finish('error', info);
  }

  private finish(status: RunStatus, error?: ErrorInfo, message?: string): void {
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.setStatus(status, message ?? error?.message);
    if (error) this.post({ type: 'train/error', error });
    this.statusItem?.dispose();
    this.statusItem = undefined;
    this.changed();
  }

  private setStatus(status: RunStatus, message?: string): void {
    this.status = status;
    if (this.record) {
      this.record.status = status;
      if (message !== undefined) this.record.message = message;
      else delete this.record.message;
    }
    this.post({ type: 'train/status', status, ...(message !== undefined ? { message } : {}) });
    this.updateStatusItem();
  }

  private updateStatusItem(): void {
    if (!this.statusItem || !this.record) return;
    const epoch = this.record.points[this.record.points.length - 1]?.epoch ?? 0;
    const total = this.record.info.epochs;
    this.statusItem.text =
      this.status === 'paused'
        ? `$(debug-pause) ${vscode.l10n.t('GradLab: paused at epoch {0}/{1}', epoch, total)}`
        : `$(sync~spin) ${vscode.l10n.t('GradLab: training, epoch {0}/{1}', epoch, total)}`;
  }

  /** Stop the job now (the panel closed): the worker is told to cancel, and terminated if it does not. */
  dispose(): void {
    if (this.stopTimer) clearTimeout(this.stopTimer);
    if (this.running) this.abort.abort();
    this.statusItem?.dispose();
    this.statusItem = undefined;
  }
}
