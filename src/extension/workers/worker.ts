/**
 * dist/worker.js: the worker thread that runs heavy engine work (training, gradient checks, CSV
 * summaries) so that the extension host never blocks. It imports the engine, never `vscode`.
 * Each job kind has one handler in HANDLERS; a handler reports progress and returns its result.
 */
import { parentPort } from 'node:worker_threads';
import { asGradLabError } from '../../engine/errors';
import { parseToWorker, type ControlAction, type FromWorker, type JobKind } from '../../protocol/worker';
import { HANDLERS } from './handlers';

export interface JobContext {
  progress(data: unknown): void;
  /** Aborted when the host cancels the job. */
  signal: AbortSignal;
  /** Control actions (pause/resume/step/stop) the host sends to this job. */
  onControl(listener: (action: ControlAction) => void): void;
  l10nBundle?: Record<string, string>;
}

export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<unknown>;
export type HandlerTable = Partial<Record<JobKind, JobHandler>>;

interface Running {
  abort: AbortController;
  control: Array<(a: ControlAction) => void>;
}

const port = parentPort;
if (port) {
  const running = new Map<number, Running>();
  const send = (m: FromWorker) => port.postMessage(m);
  port.on('message', (raw: unknown) => {
    const msg = parseToWorker(raw);
    if (!msg) {
      send({ type: 'log', level: 'warn', message: `worker: dropped a malformed message ${JSON.stringify(raw)?.slice(0, 200)}` });
      return;
    }
    switch (msg.type) {
      case 'job/start': {
        const handler = HANDLERS[msg.kind];
        const job: Running = { abort: new AbortController(), control: [] };
        running.set(msg.id, job);
        const ctx: JobContext = {
          progress: (data) => send({ type: 'job/progress', id: msg.id, data }),
          signal: job.abort.signal,
          onControl: (l) => job.control.push(l),
          ...(msg.l10nBundle ? { l10nBundle: msg.l10nBundle } : {}),
        };
        const run = handler
          ? handler(msg.payload, ctx)
          : Promise.reject(new Error(`worker: no handler for job kind "${msg.kind}"`));
        run.then(
          (data) => send({ type: 'job/result', id: msg.id, data }),
          (e: unknown) => {
            const g = asGradLabError(e);
            send({ type: 'job/error', id: msg.id, error: { code: g.code, message: g.message, ...(g.place ? { place: { ...g.place } } : {}) } });
          },
        ).finally(() => running.delete(msg.id));
        return;
      }
      case 'job/control':
        for (const l of running.get(msg.id)?.control ?? []) l(msg.action);
        return;
      case 'job/cancel':
        running.get(msg.id)?.abort.abort();
        return;
    }
  });
}
