/**
 * The public operations: parse, differentiate (gradient, Nth derivative), mixed partials, the
 * Hessian and the spot check. Synchronous and cached: a repeated call with the same text costs a
 * map lookup. Every error is a GradLabError.
 */
import { GradLabError, asGradLabError } from '../errors';
import { type Derivative, type Formula, type Point } from './formula';
import { LruCache } from './lruCache';
import type { ParseOptions, Syntax } from './parse';
import { type SpotCheck, type SpotCheckOptions, spotCheckDerivative } from './spotCheck';
import { SymbolicFunction } from './symbolicFunction';

export interface DifferentiateOptions extends ParseOptions {
  /** Variables to differentiate by (default: all, in order of appearance). */
  wrt?: readonly string[];
  /** Order of the derivative (default 1): the pure Nth derivative by each variable in `wrt`. */
  order?: number;
  /** Time for simplification over the whole call (default 250 ms); past it results stay unsimplified. */
  simplifyBudgetMs?: number;
}

export interface DiffResult {
  /** The text as given. */
  readonly input: string;
  readonly syntax: Syntax;
  /** Variables in order of first appearance; `pi` and `e` are constants. */
  readonly variables: readonly string[];
  /** f itself, normalised: .expr (mathjs), .latex, .code, .evaluate(point). */
  readonly expression: Formula;
  /** One entry per variable in `wrt`, of the requested order. */
  readonly derivatives: readonly Derivative[];
}

export interface HessianResult {
  readonly input: string;
  readonly syntax: Syntax;
  readonly variables: readonly string[];
  readonly expression: Formula;
  /** The gradient, one entry per variable of `wrt`. */
  readonly gradient: readonly Derivative[];
  /** matrix[i][j] = ∂²f/∂wrtᵢ∂wrtⱼ. Mixed partials are computed once: matrix[j][i] is matrix[i][j]. */
  readonly matrix: readonly (readonly Derivative[])[];
}

/** The largest order accepted: beyond it expressions grow past anything readable. */
export const MAX_ORDER = 50;
const DEFAULT_BUDGET_MS = 250;

const cache = new LruCache<string, SymbolicFunction>(128);

/** Forget every cached parse and derivative. */
export function clearSymbolicCache(): void {
  cache.clear();
}

function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof GradLabError) throw e;
    // The parser, rules and printers recurse over the tree: thousands of nested parentheses
    // overflow the stack, which is the input's fault, not an internal error.
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new GradLabError('unsupported', 'The expression is nested too deeply.', undefined, {
        cause: e,
      });
    }
    throw asGradLabError(e);
  }
}

function functionFor(text: string, syntax: ParseOptions['syntax']): SymbolicFunction {
  const key = `${syntax ?? 'auto'}\u0000${text}`;
  let f = cache.get(key);
  if (!f) {
    f = new SymbolicFunction(text, syntax ?? 'auto');
    cache.set(key, f);
  }
  return f;
}

function checkWrt(f: SymbolicFunction, wrt: readonly string[] | undefined): readonly string[] {
  if (wrt === undefined) return f.variables;
  for (const v of wrt) {
    if (!f.variables.includes(v)) {
      const known =
        f.variables.length > 0
          ? `its variables are ${f.variables.join(', ')}`
          : 'it has no variables';
      throw new GradLabError('bad-argument', `${v} does not appear in the expression: ${known}.`);
    }
  }
  return [...new Set(wrt)];
}

function deadlineOf(options: { simplifyBudgetMs?: number }): number {
  const budget = options.simplifyBudgetMs ?? DEFAULT_BUDGET_MS;
  if (!(budget >= 0))
    throw new GradLabError('bad-argument', `simplifyBudgetMs must be ≥ 0, got ${budget}.`);
  return performance.now() + budget;
}

/** Parses `text` (detecting its syntax unless given) into a Formula. Example: parseExpression('Math.exp(-x*x)'). */
export function parseExpression(text: string, options: ParseOptions = {}): Formula {
  return guard(() => functionFor(text, options.syntax).expression);
}

/** The LaTeX of an expression in any supported syntax: toLatex('Math.PI * r ** 2') is '\\pi r^{2}'. */
export function toLatex(text: string, options: ParseOptions = {}): string {
  return parseExpression(text, options).latex;
}

/**
 * The derivatives of `text`: by default the gradient (one first derivative per variable).
 * Example: differentiate('x^2 * y', { wrt: ['x'], order: 2 }).derivatives[0].expr === '2 * y'.
 */
export function differentiate(text: string, options: DifferentiateOptions = {}): DiffResult {
  return guard(() => {
    const order = options.order ?? 1;
    if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) {
      throw new GradLabError(
        'bad-argument',
        `The order must be an integer from 1 to ${MAX_ORDER}, got ${order}.`,
      );
    }
    const f = functionFor(text, options.syntax);
    const wrt = checkWrt(f, options.wrt);
    const deadline = deadlineOf(options);
    const derivatives = wrt.map((v) => f.derivative(Array<string>(order).fill(v), deadline));
    return {
      input: text,
      syntax: f.syntax,
      variables: f.variables,
      expression: f.expression,
      derivatives,
    };
  });
}

/**
 * A mixed partial derivative, differentiating in the order given:
 * partialDerivative('x^2 * y^3', ['x', 'y']) is ∂/∂y (∂f/∂x) = 6 x y².
 */
export function partialDerivative(
  text: string,
  sequence: readonly string[],
  options: ParseOptions & { simplifyBudgetMs?: number } = {},
): Derivative {
  return guard(() => {
    if (sequence.length < 1 || sequence.length > MAX_ORDER) {
      throw new GradLabError(
        'bad-argument',
        `Give 1 to ${MAX_ORDER} variables to differentiate by.`,
      );
    }
    const f = functionFor(text, options.syntax);
    checkWrt(f, sequence);
    return f.derivative(sequence, deadlineOf(options));
  });
}

/** The gradient and the Hessian of `text` over `wrt` (default: all variables). */
export function hessian(
  text: string,
  options: ParseOptions & { wrt?: readonly string[]; simplifyBudgetMs?: number } = {},
): HessianResult {
  return guard(() => {
    const f = functionFor(text, options.syntax);
    const wrt = checkWrt(f, options.wrt);
    const deadline = deadlineOf(options);
    const gradient = wrt.map((v) => f.derivative([v], deadline));
    const matrix: Derivative[][] = wrt.map(() => []);
    wrt.forEach((vi, i) => {
      wrt.forEach((vj, j) => {
        matrix[i]![j] = j < i ? matrix[j]![i]! : f.derivative([vi, vj], deadline);
      });
    });
    return {
      input: text,
      syntax: f.syntax,
      variables: f.variables,
      expression: f.expression,
      gradient,
      matrix,
    };
  });
}

/** Candidate points for a spot check when the caller gives none: varied, avoiding 0 and ±1. */
const CANDIDATES = [0.7, 1.3, 0.35, 2.2, -0.6, -1.4, 3.1];

/** A point where f and every derivative in `result` are defined, or the first candidate. */
export function suggestPoint(
  result: Pick<DiffResult, 'variables' | 'expression' | 'derivatives'>,
): Point {
  const at = (c: number): Point =>
    Object.fromEntries(result.variables.map((v, i) => [v, Math.round((c + 0.17 * i) * 100) / 100]));
  for (const c of CANDIDATES) {
    const p = at(c);
    if (
      result.expression.evaluate(p) !== null &&
      result.derivatives.every((d) => d.evaluate(p) !== null)
    )
      return p;
  }
  return at(CANDIDATES[0]!);
}

/**
 * Checks each derivative of `result` against central differences at `point` (default:
 * suggestPoint). Example: spotCheck(differentiate('relu(x)'), { x: 0 })[0] is
 * { symbolic: null, ok: false, ... }: the kink has no derivative.
 */
export function spotCheck(
  result: DiffResult,
  point?: Point,
  options: SpotCheckOptions = {},
): SpotCheck[] {
  return guard(() => {
    const p = point ?? suggestPoint(result);
    return result.derivatives.map((d) => spotCheckDerivative(d, p, options));
  });
}
