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

/**
 * Marks GradLabError.prototype. The extension loads parts of the engine as separate bundles
 * (dist/lazy/*.js), each with its own copy of this class, so `instanceof` fails across them;
 * a Symbol.for key is shared by every copy in the process.
 */
const BRAND = Symbol.for('gradlab.GradLabError');

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

Object.defineProperty(GradLabError.prototype, BRAND, { value: true });

/** `e` as a GradLabError: itself, or a foreign error wrapped with `cause` (code `internal`). */
export function asGradLabError(e: unknown, code: ErrorCode = 'internal'): GradLabError {
  if (isGradLabError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new GradLabError(code, message, undefined, { cause: e });
}

/**
 * True for a GradLabError from any copy of this module (any bundle): use this, not `instanceof`,
 * wherever an error may come from another bundle (src/extension and the lazy engine bundles).
 */
export function isGradLabError(e: unknown): e is GradLabError {
  return (
    e instanceof Error &&
    (e as unknown as Record<symbol, unknown>)[BRAND] === true &&
    typeof (e as { code?: unknown }).code === 'string'
  );
}
