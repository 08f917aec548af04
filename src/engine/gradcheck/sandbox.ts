/**
 * Runs a script in a fresh child process with a time limit, a memory limit and cancellation.
 *
 * A child process, not a worker thread: when a worker's heap runs out during one large allocation
 * (an array or a Map growing past the limit: `for (;;) a.push(x)`), V8 aborts the whole process,
 * which would be the CLI or VS Code's extension host. `process.kill(process.pid)`, a native crash
 * or the OS's out-of-memory killer also stop only the child. The child is `process.execPath` (Node,
 * or Electron as Node), started with `-e`, so no file has to sit next to the bundle that holds the
 * engine.
 *
 * The channel: the host writes the data (v8.serialize) to the child's stdin; the child writes
 * length-prefixed v8.serialize frames to fd 3 with blocking writes, so a result is complete before
 * any of the user's timers or promise callbacks could run, and exits at once after the last one.
 * The child's stdout is discarded (a user's console.log never reaches the CLI's JSON); the end of
 * its stderr is kept to tell a heap overflow from another exit.
 *
 * This contains mistakes (an endless loop, runaway memory, process.exit, an accidental require of
 * fs), not malice: user code runs with this user's rights. The extension only runs checks in a
 * trusted workspace.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { GradLabError } from '../errors';

export interface SandboxOptions {
  /** Limit from the moment the child starts running the script to the result. */
  timeoutMs: number;
  /** Old-generation heap limit (--max-old-space-size); the resident size is capped too, on Linux. */
  memoryMb: number;
  signal?: AbortSignal;
  /** Every message other than the result (the script's progress). */
  onMessage?: (message: unknown) => void;
}

/** What ended a sandbox run other than a result. */
export class SandboxStop extends Error {
  constructor(
    readonly reason: 'timeout' | 'cancelled' | 'exit' | 'out-of-memory' | 'crash',
    message: string,
    readonly exitCode?: number,
    readonly signal?: string,
  ) {
    super(message);
  }
}

/** The child's side of the channel, handed to the script's main function. */
export interface SandboxChannel {
  data: unknown;
  /** Sends a message now (a blocking write). */
  post(message: unknown): void;
  /** Sends the last message and ends the process before any other JavaScript runs. */
  finish(message: unknown): never;
  /** Node's require, for built-ins the script needs before user code runs. */
  require: NodeRequire;
}

/**
 * The child's bootstrap: reads the data, builds the channel from functions captured before any
 * user code runs (so patching Buffer, fs or process later cannot break it), and calls `main`.
 */
function sandboxChild(main: (channel: SandboxChannel) => void): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const fs = require('node:fs') as typeof import('node:fs');
  const v8 = require('node:v8') as typeof import('node:v8');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const writeSync = fs.writeSync;
  const serialize = v8.serialize;
  const apply = Reflect.apply;
  const wait = Atomics.wait;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const proc = process as unknown as { reallyExit?: (code: number) => never };
  const reallyExit = proc.reallyExit;
  const kill = process.kill.bind(process);
  const pid = process.pid;
  const OUT = 3;
  const writeAll = (buf: Uint8Array) => {
    let off = 0;
    while (off < buf.length) {
      try {
        off += writeSync(OUT, buf, off, buf.length - off);
      } catch (e) {
        // fd 3 may be non-blocking: wait for the host to read.
        if ((e as { code?: string }).code !== 'EAGAIN') throw e;
        wait(nap, 0, 0, 1);
      }
    }
  };
  const post = (message: unknown) => {
    const body = serialize(message);
    const n = body.length;
    const head = new Uint8Array(4);
    head[0] = n & 255;
    head[1] = (n >>> 8) & 255;
    head[2] = (n >>> 16) & 255;
    head[3] = n >>> 24;
    writeAll(head);
    writeAll(body);
  };
  const data: unknown = v8.deserialize(fs.readFileSync(0));
  const finish = (message: unknown): never => {
    try {
      post(message);
    } finally {
      // No 'exit' listeners, no pending timers or promise callbacks: the user's code is done.
      if (typeof reallyExit === 'function') apply(reallyExit, process, [0]);
      kill(pid, 'SIGKILL');
    }
    throw new Error('unreachable');
  };
  main({ data, post, finish, require });
}

/**
 * The child's script: the bootstrap and `main`, both sent as their own source text. A bundler may
 * have rewritten that text to call its module-level helpers: esbuild's keepNames (dist/cli.js is
 * minified with it) wraps each named function in `__name(fn, "name")`, under a minified name.
 * The child has no such helpers, so every identifier that is neither declared in the text nor a
 * global resolves, through a `with` scope, to a function that does what `__name` does. Unbundled
 * text has no such identifiers and runs as written. User code is compiled separately and never
 * sees this scope.
 */
export function childScript(main: string): string {
  return [
    'const __gradlab_names = new Proxy(Object.create(null), {',
    "  has: (_, k) => typeof k === 'string' && !(k in globalThis),",
    // Symbol keys (the with statement asks for Symbol.unscopables) get nothing.
    "  get: (_, k) => typeof k !== 'string' ? undefined : (target, value) => {",
    "    try { Object.defineProperty(target, 'name', { value, configurable: true }); } catch {}",
    '    return target;',
    '  },',
    '});',
    `with (__gradlab_names) { (${sandboxChild.toString()})(${main}); }`,
    '',
  ].join('\n');
}

/** Resident memory of process `pid` in MB (Linux), or undefined. */
function residentMb(pid: number): number | undefined {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(pages) ? (pages * 4096) / 2 ** 20 : undefined;
  } catch {
    return undefined;
  }
}

/** Largest delay setTimeout accepts. */
const MAX_DELAY = 2 ** 31 - 1;
/** Time a child has to start Node and reach the script, on top of the time limit. */
const STARTUP_MS = 15_000;
/** Text of a V8 heap overflow on the child's stderr. */
const OOM =
  /heap out of memory|Reached heap limit|Allocation failed|invalid table size|invalid array length/i;

/**
 * Starts `main` (the source of a function that takes a {@link SandboxChannel}) in a child process
 * with `data` and resolves with the first message for which `isResult` holds (the child then
 * exits). Rejects with a SandboxStop on timeout, cancellation, exit without a result, memory
 * exhaustion or a failure to start.
 */
export function runInSandbox<T>(
  main: string,
  data: unknown,
  isResult: (message: unknown) => message is T,
  options: SandboxOptions,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new SandboxStop('cancelled', 'Cancelled before it started.'));
      return;
    }
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
    delete env['NODE_OPTIONS']; // no --require or --inspect of the host's in the child
    const memoryMb = Math.max(16, Math.round(options.memoryMb));
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${memoryMb}`, '-e', childScript(main)],
      { stdio: ['pipe', 'ignore', 'pipe', 'pipe'], env, windowsHide: true },
    );
    let settled = false;
    let started = false;
    let stderrTail = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      options.signal?.removeEventListener('abort', onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      outcome();
    };
    const stop = (reason: SandboxStop['reason'], message: string) =>
      finish(() => reject(new SandboxStop(reason, message)));
    const limit = Math.min(Math.max(options.timeoutMs, 1), MAX_DELAY);
    const timeout = () => stop('timeout', `Did not finish within ${options.timeoutMs} ms.`);
    timer = setTimeout(timeout, Math.min(limit + STARTUP_MS, MAX_DELAY));
    const onAbort = () => stop('cancelled', 'Cancelled.');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    // Off-heap memory (ArrayBuffers) is not under --max-old-space-size: cap the resident size.
    const rssLimit = 2 * memoryMb + 256;
    if (child.pid !== undefined && residentMb(child.pid) !== undefined) {
      poll = setInterval(() => {
        const mb = child.pid === undefined ? undefined : residentMb(child.pid);
        if (mb !== undefined && mb > rssLimit)
          stop(
            'out-of-memory',
            `Ran out of memory (${Math.round(mb)} MB resident, limit ${rssLimit} MB).`,
          );
      }, 200);
    }

    let pending: Buffer = Buffer.alloc(0);
    const onFrame = (message: unknown) => {
      if (!started) {
        // The script runs: from now on the time limit is the caller's.
        started = true;
        clearTimeout(timer);
        timer = setTimeout(timeout, limit);
      }
      if (isResult(message)) finish(() => resolve(message));
      else options.onMessage?.(message);
    };
    const channel = child.stdio[3] as NodeJS.ReadableStream;
    channel.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (!settled && pending.length >= 4) {
        const size = pending.readUInt32LE(0);
        if (pending.length < 4 + size) break;
        const body = pending.subarray(4, 4 + size);
        pending = pending.subarray(4 + size);
        let message: unknown;
        try {
          message = deserialize(body);
        } catch (e) {
          stop('crash', `Unreadable message from the check's process: ${(e as Error).message}`);
          return;
        }
        onFrame(message);
      }
    });
    channel.on('error', () => undefined); // the child's end closing early is reported by 'close'
    child.stderr!.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4096);
    });
    child.stdin!.on('error', () => undefined); // a child that dies before reading its input
    child.stdin!.end(serialize(data));
    child.on('error', (e) => stop('crash', `Could not start the check's process: ${e.message}`));
    // 'close', not 'exit': by then every frame the child wrote has been read.
    child.on('close', (code, signal) => {
      if (OOM.test(stderrTail)) {
        stop('out-of-memory', `Ran out of memory (heap limit ${memoryMb} MB).`);
        return;
      }
      finish(() =>
        reject(
          new SandboxStop(
            'exit',
            `The check's process ended (${signal ? `signal ${signal}` : `exit code ${code}`}) before it answered.`,
            code ?? undefined,
            signal ?? undefined,
          ),
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
        stop.signal === 'SIGKILL'
          ? `${what} ended when the check's process was killed (SIGKILL): the system may have run out of memory.`
          : `${what} ended the check's process (${stop.signal ? `signal ${stop.signal}` : `exit code ${stop.exitCode ?? '?'}`}) before it finished.`,
      );
    default:
      return new GradLabError(
        'internal',
        `${what} crashed the check's process: ${stop.message}`,
        undefined,
        { cause: stop },
      );
  }
}
