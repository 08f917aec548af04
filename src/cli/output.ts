/**
 * Output conventions shared by all subcommands: with --json exactly one JSON object on stdout;
 * exit 0 success, 1 a check that ran and failed, 2 usage or input error. An error is
 * {"error": {"message", ...place fields}} on stdout with --json, a readable line on stderr without.
 */
import { GradLabError } from '../engine/errors';
import { UsageError } from './args';

export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_ERROR = 2;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bars only then). */
  stderrIsTTY: boolean;
}

export const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTTY: Boolean(process.stderr.isTTY),
};

/** Print one JSON object (the whole of stdout with --json). Non-finite numbers become null. */
export function printJson(io: Io, value: unknown): void {
  io.stdout(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n');
}

/** Report `e` by the conventions and return the exit code (2). */
export function reportError(io: Io, e: unknown, json: boolean): number {
  let body: Record<string, string | number>;
  if (e instanceof GradLabError) body = e.toJSON();
  else if (e instanceof UsageError) body = e.flag ? { message: e.message, flag: e.flag } : { message: e.message };
  else body = { message: `Internal error: ${e instanceof Error ? e.message : String(e)}` };
  if (json) printJson(io, { error: body });
  else {
    const where = Object.entries(body)
      .filter(([k]) => k !== 'message' && k !== 'flag')
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    io.stderr(`gradlab: error: ${body['message']}${where ? ` (${where})` : ''}\n`);
    if (!(e instanceof GradLabError) && !(e instanceof UsageError) && e instanceof Error && e.stack) {
      io.stderr(e.stack + '\n');
    }
  }
  return EXIT_ERROR;
}
