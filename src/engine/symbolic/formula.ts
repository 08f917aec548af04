/**
 * What the engine hands out: a formula printed three ways (mathjs text, LaTeX, code in the
 * input's syntax) that evaluates itself. Instances are immutable and cached, so callers must not
 * modify them. Their own fields are plain data, so a Formula survives postMessage and
 * JSON.stringify as { expr, latex, code, ... }; the methods stay behind.
 */
import { GradLabError } from '../errors';
import { type RawFunction, compileRaw } from './evaluate';
import type { Node } from './nodes';
import type { Syntax } from './parse';
import { type Dialect, printCode } from './print/code';
import { printLatex } from './print/latex';
import { mathjsDialect } from './print/mathjs';
import type { SimplifyStatus } from './simplify';

/** Values of the variables by name: { x: 1.5, y: -2 }. */
export type Point = Readonly<Record<string, number>>;

export class Formula {
  /** mathjs syntax, e.g. `2 * x * cos(x ^ 2)`. */
  readonly expr: string;
  /** LaTeX for KaTeX, e.g. `2 x \cdot \cos\left(x^{2}\right)`. */
  readonly latex: string;
  /** Code in the input's syntax (`2 * x * Math.cos(x ** 2)` for JavaScript input). */
  readonly code: string;
  /** Functions `code` calls that its language lacks (`erf` in JavaScript); usually empty. */
  readonly helpers: readonly string[];
  /** The syntax of `code`. */
  readonly syntax: Syntax;
  /** The variables of the original expression, in order of first appearance. */
  readonly variables: readonly string[];
  readonly #node: Node;
  #compiled: RawFunction | undefined;

  constructor(node: Node, variables: readonly string[], syntax: Syntax, dialect: Dialect) {
    this.#node = node;
    this.variables = variables;
    this.syntax = syntax;
    this.expr = printCode(node, mathjsDialect).text;
    this.latex = printLatex(node);
    const code = syntax === 'mathjs' ? { text: this.expr, helpers: [] } : printCode(node, dialect);
    this.code = code.text;
    this.helpers = code.helpers;
  }

  /** The core tree (mathjs nodes). */
  get node(): Node {
    return this.#node;
  }

  /**
   * The value at a point naming every variable; null where undefined (log of a negative, 1/0,
   * a kink). A derivative is also null wherever what it is the derivative of is undefined:
   * (log x)′ = 1/x, but not at x = −1.
   */
  evaluate(point: Point): number | null {
    const v = this.rawFunction()(valuesAt(point, this.variables));
    return Number.isFinite(v) ? v : null;
  }

  /**
   * A fast evaluator over positional values, for plots: `compile(['x'])` gives
   * `(values) => number | null` taking values[0] as x. `order` must list every variable.
   */
  compile(order: readonly string[] = this.variables): (values: ArrayLike<number>) => number | null {
    const missing = this.variables.filter((v) => !order.includes(v));
    if (missing.length > 0) {
      throw new GradLabError(
        'bad-point',
        `compile() needs every variable; missing ${missing.join(', ')}.`,
      );
    }
    const f = this.compileGuarded(order);
    return (values) => {
      const v = f(values);
      return Number.isFinite(v) ? v : null;
    };
  }

  /** The compiled function in the variables' own order, NaN where undefined. */
  rawFunction(): RawFunction {
    this.#compiled ??= this.compileGuarded(this.variables);
    return this.#compiled;
  }

  /** Compiles this formula (a derivative adds its parent's domain, see Derivative). */
  protected compileGuarded(order: readonly string[]): RawFunction {
    return compileRaw(this.#node, order);
  }
}

export class Derivative extends Formula {
  /** The variables differentiated by, each once, in order: ['x'] for d³f/dx³, ['x', 'y'] for ∂²f/∂x∂y. */
  readonly wrt: readonly string[];
  /** How many times it was differentiated in all. */
  readonly order: number;
  /** Every differentiation in order: ['x', 'x', 'x'], or ['x', 'y'] for ∂/∂y (∂f/∂x). */
  readonly sequence: readonly string[];
  /** 'simplified', or why not: 'budget' (time ran out) or 'check-failed' (correct but unsimplified). */
  readonly simplification: SimplifyStatus;
  readonly #parent: Formula;

  constructor(
    node: Node,
    parent: Formula,
    sequence: readonly string[],
    simplification: SimplifyStatus,
    dialect: Dialect,
  ) {
    super(node, parent.variables, parent.syntax, dialect);
    this.#parent = parent;
    this.sequence = sequence;
    this.wrt = [...new Set(sequence)];
    this.order = sequence.length;
    this.simplification = simplification;
  }

  /** The formula this one is the derivative of (f itself, or the derivative one order lower). */
  get parent(): Formula {
    return this.#parent;
  }

  protected override compileGuarded(order: readonly string[]): RawFunction {
    const own = super.compileGuarded(order);
    const parent = this.#parent.compile(order);
    return (values) => (parent(values) === null ? NaN : own(values));
  }
}

/** The point as an array in `variables` order; every variable must be given as a number. */
export function valuesAt(point: Point, variables: readonly string[]): Float64Array {
  const values = new Float64Array(variables.length);
  variables.forEach((v, i) => {
    const x = point[v];
    if (typeof x !== 'number') {
      throw new GradLabError(
        'bad-point',
        `Missing value for ${v} (the point must give ${variables.join(', ')}).`,
      );
    }
    values[i] = x;
  });
  return values;
}
