/**
 * Runs a script in a fresh worker thread with a time limit, a heap limit and cancellation. The
 * script is a string (`new Worker(code, { eval: true })`), so the engine needs no worker file next
 * to dist/cli.js, dist/engine.js or dist/extension.js: whichever bundle holds the engine can start it.
 *
 * This contains mistakes (an endless loop, runaway memory, process.exit, an accidental require of
 * fs), not malice: user code still runs in this process's Node. The extension only runs checks in
 * a trusted workspace.
 */
import { Worker } from 'node:worker_threads';
import { GradLabError } from '../errors';

export interface SandboxOptions {
  /** Wall-clock limit from start to the result; the worker is terminated when it passes. */
  timeoutMs: number;
  /** Old-generation heap limit. */
  memoryMb: number;
  signal?: AbortSignal;
  /** Every message other than the result (the worker's progress). */
  onMessage?: (message: unknown) => void;
}

/** What ended a sandbox run other than a result. */
export class SandboxStop extends Error {
  constructor(
    readonly reason: 'timeout' | 'cancelled' | 'exit' | 'out-of-memory' | 'crash',
    message: string,
    readonly exitCode?: number,
  ) {
    super(message);
  }
}

/**
 * Starts `script` with `data` as its workerData and resolves with the first message for which
 * `isResult` holds (the worker is then terminated). Rejects with a SandboxStop on timeout,
 * cancellation, exit without a result, heap exhaustion or a crash of the script itself.
 */
export function runInSandbox<T>(
  script: string,
  data: unknown,
  isResult: (message: unknown) => message is T,
  options: SandboxOptions,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new SandboxStop('cancelled', 'Cancelled before it started.'));
      return;
    }
    const worker = new Worker(script, {
      eval: true,
      workerData: data,
      resourceLimits: {
        maxOldGenerationSizeMb: options.memoryMb,
        maxYoungGenerationSizeMb: 32,
        stackSizeMb: 4,
      },
      stdout: true, // user console.log stays out of the host's stdout (the CLI's JSON)
      stderr: true,
    });
    // Drained and dropped: a user's console.log must neither reach the CLI's stdout nor pile up.
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new SandboxStop('timeout', `Did not finish within ${options.timeoutMs} ms.`)),
        ),
      options.timeoutMs,
    );
    const onAbort = () => finish(() => reject(new SandboxStop('cancelled', 'Cancelled.')));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: unknown) => {
      if (isResult(m)) finish(() => resolve(m));
      else options.onMessage?.(m);
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(() =>
        reject(
          oom
            ? new SandboxStop('out-of-memory', `Ran out of memory (limit ${options.memoryMb} MB).`)
            : new SandboxStop('crash', e.message),
        ),
      );
    });
    worker.on('exit', (code) => {
      finish(() =>
        reject(
          new SandboxStop('exit', `The worker exited (code ${code}) before it answered.`, code),
        ),
      );
    });
  });
}

/** A SandboxStop as the GradLabError a caller sees; `what` names the work, e.g. `Checking "loss"`. */
export function sandboxError(stop: SandboxStop, what: string): GradLabError {
  switch (stop.reason) {
    case 'timeout':
      return new GradLabError(
        'timeout',
        `${what} did not finish within the time limit: ${stop.message} An endless loop? If the function is only slow, raise the limit.`,
      );
    case 'cancelled':
      return new GradLabError('cancelled', `${what} was cancelled.`);
    case 'out-of-memory':
      return new GradLabError('user-code', `${what} ran out of memory: ${stop.message}`);
    case 'exit':
      return new GradLabError(
        'user-code',
        `${what} ended the worker (exit code ${stop.exitCode ?? '?'}) before it finished.`,
      );
    default:
      return new GradLabError(
        'internal',
        `${what} crashed the worker: ${stop.message}`,
        undefined,
        { cause: stop },
      );
  }
}
