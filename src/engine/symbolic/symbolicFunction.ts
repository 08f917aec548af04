/**
 * A parsed expression with its derivatives memoised by differentiation sequence, so that the
 * Hessian reuses the gradient and a hover reuses the command's work. Instances live in an LRU
 * cache keyed by syntax and text (api.ts).
 */
import { GradLabError } from '../errors';
import { derivativeOf } from './derivative';
import { Derivative, Formula } from './formula';
import { type Node, sizeOf } from './nodes';
import { type ParsedTree, type Syntax, type SyntaxOption, parseTree } from './parse';
import type { Dialect } from './print/code';
import { jsDialect } from './print/js';
import { mathjsDialect } from './print/mathjs';
import { pythonDialect } from './print/python';
import { simplify } from './simplify';

/** A derivative tree past this size is refused rather than printed (megabytes of text). */
const MAX_DERIVATIVE_NODES = 200_000;

function dialectFor(parsed: ParsedTree): Dialect {
  if (parsed.syntax === 'javascript') return jsDialect;
  if (parsed.syntax === 'python') return pythonDialect(parsed.pythonModule);
  return mathjsDialect;
}

export class SymbolicFunction {
  readonly syntax: Syntax;
  readonly variables: readonly string[];
  readonly expression: Formula;
  private readonly dialect: Dialect;
  private readonly memo = new Map<string, Derivative>();

  constructor(
    readonly input: string,
    syntax: SyntaxOption,
  ) {
    const parsed = parseTree(input, { syntax });
    this.syntax = parsed.syntax;
    this.variables = parsed.variables;
    this.dialect = dialectFor(parsed);
    this.expression = new Formula(parsed.node, parsed.variables, parsed.syntax, this.dialect);
  }

  /**
   * The derivative along `sequence` (['x', 'y'] = ∂/∂y ∂f/∂x), simplifying each step until
   * `deadline` (a performance.now() time); past it, steps stay unsimplified but correct.
   */
  derivative(sequence: readonly string[], deadline: number): Derivative {
    const key = sequence.join('\u0000');
    const hit = this.memo.get(key);
    if (hit) return hit;
    const parent =
      sequence.length === 1 ? this.expression : this.derivative(sequence.slice(0, -1), deadline);
    const raw = derivativeOf(parent.node, sequence[sequence.length - 1]!);
    if (sizeOf(raw, MAX_DERIVATIVE_NODES) > MAX_DERIVATIVE_NODES) {
      throw new GradLabError(
        'unsupported',
        `The derivative of order ${sequence.length} is too large to print (over ${MAX_DERIVATIVE_NODES} nodes).`,
      );
    }
    const { node, status } = simplify(
      raw,
      this.variables,
      Math.max(0, deadline - performance.now()),
    );
    const d = new Derivative(node, parent, sequence, status, this.dialect);
    // A result cut short by the budget is not kept: a later call with more time may do better.
    if (status !== 'budget') this.memo.set(key, d);
    return d;
  }

  /** The tree of f, for callers in this package. */
  get node(): Node {
    return this.expression.node;
  }
}
