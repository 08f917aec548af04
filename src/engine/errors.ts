/**
 * The engine's one error type. Every error the engine throws on purpose is a GradLabError with a
 * code and, when the bad input has a place, that place; anything else reaching a caller is a bug.
 */

/** Where bad input sits; 1-based, as the editor shows it. */
export type Place =
  | { kind: 'expression'; column: number }
  | { kind: 'source'; line: number; column: number }
  | { kind: 'csv'; row: number; column?: string };

export type ErrorCode =
  | 'syntax'
  | 'unknown-function'
  | 'unsupported'
  | 'bad-argument'
  | 'bad-point'
  | 'csv'
  | 'not-found'
  | 'user-code'
  | 'timeout'
  | 'non-finite'
  | 'shape'
  | 'cancelled'
  | 'internal';

export class GradLabError extends Error {
  override readonly name = 'GradLabError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly place?: Place,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The body of the CLI's {"error": …}: the message plus the place's own fields. */
  toJSON(): Record<string, string | number> {
    if (!this.place) return { message: this.message };
    const { kind: _kind, ...fields } = this.place;
    const out: Record<string, string | number> = { message: this.message };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
    return out;
  }
}

/** `e` as a GradLabError: itself, or a foreign error wrapped with `cause` (code `internal`). */
export function asGradLabError(e: unknown, code: ErrorCode = 'internal'): GradLabError {
  if (e instanceof GradLabError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new GradLabError(code, message, undefined, { cause: e });
}

export function isGradLabError(e: unknown): e is GradLabError {
  return e instanceof GradLabError;
}
