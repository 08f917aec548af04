/** Rules for the arithmetic operators of the core tree (add, subtract, …, pow, unary minus). */
import { add, call, div, mul, neg, num, pow, sub } from '../builder';
import { type CoreOp, type Node, isValue } from '../nodes';

export interface OperatorRule {
  readonly evaluate: (...args: number[]) => number;
  /** The differential from the operands and their differentials (the constant 0 when independent). */
  readonly derivative: (args: readonly Node[], dargs: readonly Node[]) => Node;
}

const isZero = (n: Node): boolean => isValue(n, 0);

export const OPERATOR_RULES: Readonly<Record<CoreOp, OperatorRule>> = {
  /** d(a + b) = da + db */
  add: { evaluate: (a, b) => a! + b!, derivative: (_, [da, db]) => add(da!, db!) },
  /** d(a − b) = da − db */
  subtract: { evaluate: (a, b) => a! - b!, derivative: (_, [da, db]) => sub(da!, db!) },
  /** d(−a) = −da */
  unaryMinus: { evaluate: (a) => -a!, derivative: (_, [da]) => neg(da!) },
  /** d(a·b) = da·b + a·db */
  multiply: {
    evaluate: (a, b) => a! * b!,
    derivative: ([a, b], [da, db]) => add(mul(da!, b!), mul(a!, db!)),
  },
  /** d(a/b) = da/b − a·db/b², as (da·b − a·db)/b² when both move */
  divide: {
    evaluate: (a, b) => a! / b!,
    derivative: ([a, b], [da, db]) => {
      if (isZero(db!)) return div(da!, b!);
      const bb = pow(b!, num(2));
      if (isZero(da!)) return neg(div(mul(a!, db!), bb));
      return div(sub(mul(da!, b!), mul(a!, db!)), bb);
    },
  },
  /**
   * d(aᵇ) = b·aᵇ⁻¹·da when b is constant; aᵇ·ln a·db when a is; otherwise
   * aᵇ·(db·ln a + b·da/a), which covers xˣ.
   */
  pow: {
    evaluate: Math.pow,
    derivative: ([a, b], [da, db]) => {
      if (isZero(db!)) return mul(mul(b!, pow(a!, sub(b!, num(1)))), da!);
      if (isZero(da!)) return mul(mul(pow(a!, b!), call('log', a!)), db!);
      return mul(pow(a!, b!), add(mul(db!, call('log', a!)), div(mul(b!, da!), a!)));
    },
  },
};
