/**
 * The shape of a derivative rule, as tfjs registers gradients: one entry per function, holding
 * its numeric value and its derivative, looked up by name in rules/index.ts.
 */
import { add, mul, num } from '../builder';
import { type Node, isValue } from '../nodes';

export interface FunctionRule {
  /** The canonical name, as printed in mathjs syntax. */
  readonly name: string;
  /** Allowed number of arguments, [min, max]. */
  readonly arity: readonly [number, number];
  /** The value; NaN outside the domain and at points where the function is undefined. */
  readonly evaluate: (...args: number[]) => number;
  /**
   * The total differential Σᵢ ∂f/∂argsᵢ · dargsᵢ, built with the folding builders. A dargᵢ that
   * is the constant 0 (the argument does not depend on the variable) contributes nothing.
   */
  readonly derivative: (args: readonly Node[], dargs: readonly Node[]) => Node;
}

/** A rule for f(u) from its value and f′(u): d f(u) = f′(u) · du. */
export function unaryRule(
  name: string,
  evaluate: (u: number) => number,
  fPrime: (u: Node) => Node,
): FunctionRule {
  return {
    name,
    arity: [1, 1],
    evaluate,
    derivative: ([u], [du]) => (isValue(du!, 0) ? num(0) : mul(fPrime(u!), du!)),
  };
}

/** A rule for f(a₁, …, aₙ) from its partial derivatives: d f = Σᵢ ∂ᵢf · daᵢ. */
export function partialsRule(
  name: string,
  arity: readonly [number, number],
  evaluate: (...args: number[]) => number,
  partial: (args: readonly Node[], i: number) => Node,
): FunctionRule {
  return {
    name,
    arity,
    evaluate,
    derivative: (args, dargs) => {
      let total = num(0);
      dargs.forEach((da, i) => {
        if (!isValue(da, 0)) total = add(total, mul(partial(args, i), da));
      });
      return total;
    },
  };
}
