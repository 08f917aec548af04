/**
 * The public shapes of a gradient check: what the caller asks for, and the report it gets back.
 * Everything here is plain data (numbers, strings, arrays), so it crosses a worker or webview
 * boundary by structured clone or JSON unchanged.
 */
import type { Place } from '../errors';

/**
 * How a function takes its input:
 * - `vector`: `(x: number[]) => number`, gradient `(x: number[]) => number[]`;
 * - `args`: `(a: number, b: number, …) => number`, gradient returns one number per argument;
 * - `scalar`: `(x: number) => number`, derivative `(x: number) => number`.
 */
export type FunctionShape = 'vector' | 'args' | 'scalar';

/** How the gradient of a function was found. */
export type CompanionRule = 'jsdoc' | 'NAMEGrad' | 'gradNAME' | 'NAME_grad';

/** A 0-based character range in the source text (UTF-16 offsets, as VS Code's `positionAt`). */
export interface SourceRange {
  start: number;
  end: number;
}

/** One function the CodeLens can offer to check, from {@link listCheckableFunctions}. */
export interface CheckableFunction {
  name: string;
  /** The analytic gradient's name, or null: then the check derives one by autodiff. */
  companion: string | null;
  companionRule: CompanionRule | null;
  /** Null when the parameter list does not say (no type annotations). */
  shape: FunctionShape | null;
  /** Number of parameters. */
  arity: number;
  /** The whole declaration, from `export`/`function`/`const` to its end. */
  range: SourceRange;
  /** The function's name. */
  nameRange: SourceRange;
  /** 1-based line and column of the name (as in {@link Place}). */
  line: number;
  column: number;
  /** Where the companion is declared, when it is in this file. */
  companionRange: SourceRange | null;
  /** Number of `@point` tags on the function. */
  pointTags: number;
}

/** Tolerances and step of the check; torch.autograd.gradcheck's defaults. */
export interface Tolerances {
  /** Central-difference step. Default 1e-6. */
  eps: number;
  /** Default 1e-5. */
  atol: number;
  /** Default 1e-3. */
  rtol: number;
}

export const DEFAULT_TOLERANCES: Readonly<Tolerances> = Object.freeze({
  eps: 1e-6,
  atol: 1e-5,
  rtol: 1e-3,
});

/**
 * Reads a local module the checked file imports (`./helper` resolved to an absolute path with `/`
 * separators, e.g. `/proj/src/helper.ts`); undefined when there is no such file. The CLI passes
 * `fs.readFileSync`, the extension `vscode.workspace.fs`.
 */
export type ModuleReader = (path: string) => string | undefined | Promise<string | undefined>;

/** What to check. */
export interface GradcheckRequest {
  /** The file's path (any separator); used to resolve `./x` imports and to name stack frames. */
  path: string;
  /** The file's text (the editor's buffer, saved or not). */
  source: string;
  functionName: string;
  /** Needed when the file has relative imports. */
  readModule?: ModuleReader;
}

export interface GradcheckOptions extends Partial<Tolerances> {
  /**
   * Points to check at, overriding `@point` tags: each the vector (shape `vector`), the argument
   * list (`args`) or a one-element list (`scalar`).
   */
  points?: number[][];
  /** For a `vector` function without points: check at random points of this dimension. */
  dimension?: number;
  /** Number of seeded random points when neither `points` nor `@point` tags give any. Default 3. */
  randomPoints?: number;
  /** Seed of the random points. Default 42. */
  seed?: number;
  /** Force the analytic gradient: a function name in the file, or 'autodiff'. */
  gradient?: string;
  /** The whole check's time limit in the worker. Default 2000. */
  timeoutMs?: number;
  /** The worker's heap limit. Default 512. */
  memoryMb?: number;
  /** Aborting terminates the worker; the check rejects with a `cancelled` GradLabError. */
  signal?: AbortSignal;
  /** Also compute the eps sweep (error against eps) at the first point. Default false. */
  sweep?: boolean;
}

/** The check at one point. Index i of each array is component i of the gradient. */
export interface PointResult {
  x: number[];
  /** True when x was drawn at random (no point given, no `@point` tag). */
  random: boolean;
  /** f(x). */
  value: number;
  analytic: number[];
  numeric: number[];
  absErr: number[];
  /** |analytic − numeric| / |numeric| (Infinity when numeric is 0 and they differ). */
  relErr: number[];
  maxAbsErr: number;
  ok: boolean;
  /** Indices that fail |analytic − numeric| ≤ atol + rtol·|numeric|, ascending. */
  mismatches: number[];
}

export type DiagnosisKind =
  | 'sign'
  | 'factor'
  | 'ratio'
  | 'kink'
  | 'round-off'
  | 'float32'
  | 'off-by-one'
  | 'one-component'
  | 'some-components'
  | 'unexplained';

/** One explanation of the mismatches, for the report panel and the CLI. */
export interface Diagnosis {
  kind: DiagnosisKind;
  /** A sentence for a person (English; the extension localises by kind). */
  message: string;
  /** The gradient components it explains. */
  indices: number[];
  /** True when this means the gradient is probably right (a kink, round-off). */
  notABug: boolean;
  /** `factor`, `ratio`, `sign`: analytic / numeric. */
  factor?: number;
  /** `off-by-one`: analytic[i] ≈ numeric[i + shift]. */
  shift?: number;
  /** `kink`, `round-off`, `float32`: a step at which the components agree, when one was found. */
  agreeingEps?: number;
}

/** Error against step, to chart truncation (large eps) against round-off (small eps). */
export interface EpsSweep {
  /** Index of the point in `points`. */
  point: number;
  /** The components followed: the mismatched ones first, then the largest, 32 at most. */
  components: number[];
  eps: number[];
  /** max_i |analytic_i − numeric_i(eps)| over `components`. */
  maxAbsErr: number[];
  /** The same, divided by max_i |analytic_i| over `components` (or a tiny number). */
  maxRelErr: number[];
}

/** One row of the report panel's table (see {@link sortedRows}). */
export interface ReportRow {
  point: number;
  index: number;
  analytic: number;
  numeric: number;
  absErr: number;
  relErr: number;
  /** absErr / (atol + rtol·|numeric|): above 1 fails. */
  violation: number;
  ok: boolean;
}

/** A gradient derived by autodiff, ready to insert into the file. */
export interface DerivedGradient {
  /** The gradient function's name in `text`, e.g. `lossGrad`. */
  name: string;
  /** TypeScript to insert at `insertAt`: the function, plus the tape helper if the file lacks it. */
  text: string;
  /** Offset just after the checked function's declaration. */
  insertAt: number;
  /** Things the derivation could not follow (e.g. an imported helper, which is not differentiated). */
  warnings: string[];
}

export interface GradcheckResult {
  function: string;
  /** The companion's name, or "autodiff". */
  gradient: string;
  companionRule: CompanionRule | 'option' | 'autodiff';
  shape: FunctionShape;
  ok: boolean;
  tolerances: Tolerances;
  points: PointResult[];
  /** Empty when ok. */
  diagnoses: Diagnosis[];
  sweep?: EpsSweep;
  /** Set when gradient is "autodiff". */
  derived?: DerivedGradient;
  /** Where the function and its gradient are declared, for diagnostics. */
  functionPlace: Place;
  gradientPlace?: Place;
  /** The names tried for the companion, in order (for "not found" messages). */
  triedNames: string[];
  /** Wall time of the whole check, and of the worker's evaluations alone. */
  timing: { totalMs: number; evaluateMs: number };
}
