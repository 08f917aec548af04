/**
 * Hosts dist/worker.js for the extension: started on first use (never in activate), shared by
 * jobs, restarted after a crash, terminated when idle and on dispose. Each job can be cancelled
 * (a CancellationToken-like signal) and given a time limit; a job that runs past its limit takes
 * the worker down with it, since a busy thread cannot be interrupted any other way.
 */
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { GradLabError, type ErrorCode, type Place } from '../../engine/errors';
import { parseFromWorker, type ControlAction, type JobKind, type WireError } from '../../protocol/worker';

export interface JobOptions {
  onProgress?: (data: unknown) => void;
  /** Abort = cancel the job (the worker is told; after a grace period it is terminated). */
  signal?: AbortSignal;
  /** Terminate the worker if the job has not finished after this many ms. */
  timeoutMs?: number;
}

export interface JobHandle<T> {
  readonly id: number;
  readonly result: Promise<T>;
  control(action: ControlAction): void;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onProgress?: (data: unknown) => void;
}

type Logger = { info(m: string): void; warn(m: string): void; error(m: string): void; trace(m: string): void };

export class WorkerHost {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly extensionPath: string,
    private readonly log: Logger,
    private readonly l10nBundle: () => Record<string, string> | undefined = () => undefined,
    private readonly idleMs = 5 * 60_000,
  ) {}

  /** True while a worker thread exists (tests check that activation starts none). */
  get isRunning(): boolean {
    return this.worker !== undefined;
  }

  start<T>(kind: JobKind, payload: unknown, opts: JobOptions = {}): JobHandle<T> {
    if (this.disposed) throw new GradLabError('cancelled', 'GradLab is shutting down.');
    const worker = this.ensureWorker();
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    const result = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
      if (opts.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.fail(id, new GradLabError('timeout', `The job did not finish within ${opts.timeoutMs} ms.`));
          this.restart('a job timed out');
        }, opts.timeoutMs);
      }
      if (opts.signal) {
        const onAbort = () => {
          worker.postMessage({ type: 'job/cancel', id });
          // A job busy in a tight loop cannot read the cancel: give it a moment, then terminate.
          setTimeout(() => {
            if (this.pending.has(id)) {
              this.fail(id, new GradLabError('cancelled', 'Cancelled.'));
              this.restart('a cancelled job did not stop');
            }
          }, 1000);
        };
        if (opts.signal.aborted) onAbort();
        else opts.signal.addEventListener('abort', onAbort, { once: true });
      }
      worker.postMessage({ type: 'job/start', id, kind, payload, l10nBundle: this.l10nBundle() });
    }).finally(() => {
      if (timer) clearTimeout(timer);
      this.armIdleTimer();
    });
    return { id, result, control: (action) => this.worker?.postMessage({ type: 'job/control', id, action }) };
  }

  run<T>(kind: JobKind, payload: unknown, opts: JobOptions = {}): Promise<T> {
    return this.start<T>(kind, payload, opts).result;
  }

  private ensureWorker(): Worker {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.worker) return this.worker;
    const file = path.join(this.extensionPath, 'dist', 'worker.js');
    const worker = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    this.log.info(`worker started (thread ${worker.threadId})`);
    worker.on('message', (raw: unknown) => {
      const msg = parseFromWorker(raw);
      if (!msg) return this.log.warn(`Dropped a malformed message from the worker: ${JSON.stringify(raw)?.slice(0, 200)}`);
      if (msg.type === 'log') return this.log[msg.level](msg.message);
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'job/progress') p.onProgress?.(msg.data);
      else if (msg.type === 'job/result') {
        this.pending.delete(msg.id);
        p.resolve(msg.data);
      } else {
        this.pending.delete(msg.id);
        p.reject(fromWire(msg.error));
      }
    });
    worker.on('error', (e) => {
      this.log.error(`worker crashed: ${e.stack ?? e.message}`);
      this.failAll(new GradLabError('internal', `The GradLab worker crashed: ${e.message}`, undefined, { cause: e }));
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.log.info(`worker exited (${code})`);
      this.failAll(new GradLabError('internal', `The GradLab worker stopped (exit code ${code}).`));
    });
    this.worker = worker;
    return worker;
  }

  private fail(id: number, e: GradLabError): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.reject(e);
  }

  private failAll(e: GradLabError): void {
    for (const id of [...this.pending.keys()]) this.fail(id, e);
  }

  private restart(reason: string): void {
    const w = this.worker;
    if (!w) return;
    this.log.warn(`terminating the worker: ${reason}`);
    this.worker = undefined;
    this.failAll(new GradLabError('cancelled', `The worker was stopped: ${reason}.`));
    void w.terminate();
  }

  private armIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.pending.size > 0 || !this.worker) return;
    this.idleTimer = setTimeout(() => this.restart('idle'), this.idleMs);
    this.idleTimer.unref();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const w = this.worker;
    this.worker = undefined;
    this.failAll(new GradLabError('cancelled', 'GradLab is shutting down.'));
    if (w) await w.terminate();
  }
}

export function fromWire(e: WireError): GradLabError {
  const place = e.place as Place | undefined;
  return new GradLabError(e.code as ErrorCode, e.message, place && typeof place.kind === 'string' ? place : undefined);
}
