/**
 * Conditionals, from JavaScript's and mathjs's `l > r ? a : b`, Python's `a if l > r else b` and
 * np.where / torch.where: ELU, Huber and leaky ReLU as people write them in code.
 *
 *   if_gt(l, r, a, b)  = l > r ? a : b      (if_ge: ≥, if_lt: <, if_le: ≤)
 *   dif_gt(l, r, a, b, da, db) = its derivative: da where l > r, db where l < r, and on the
 *   boundary l = r the common value when the branches meet with equal slopes (Huber at |x| = δ),
 *   undefined otherwise (the kink of x > 0 ? x : 0.01·x, the jump of x > 0 ? 1 : 0).
 *
 * A derivative prints as l > r ? da : db; generated code therefore takes the branch the code
 * would take on the boundary, the frameworks' convention, while evaluate() reports null there.
 * A comparison with NaN (the condition undefined) is false, as in the code: the second branch.
 */
import { call, num } from '../builder';
import { type Node, isValue } from '../nodes';
import type { FunctionRule } from './rule';

export type Comparison = 'gt' | 'ge' | 'lt' | 'le';
export const COMPARISONS: readonly Comparison[] = ['gt', 'ge', 'lt', 'le'];

/** The comparison of a conditional's name (if_gt, dif_le, …), or undefined. */
export function comparisonOf(name: string): { op: Comparison; derivative: boolean } | undefined {
  const m = /^(d?)if_(gt|ge|lt|le)$/.exec(name);
  return m ? { op: m[2] as Comparison, derivative: m[1] === 'd' } : undefined;
}

const holds = (op: Comparison, l: number, r: number): boolean =>
  op === 'gt' ? l > r : op === 'ge' ? l >= r : op === 'lt' ? l < r : l <= r;

const same = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** l OP r ? a : b. A comparison with NaN is false, as in JavaScript, NumPy and mathjs. */
function choose(op: Comparison, l: number, r: number, a: number, b: number): number {
  return holds(op, l, r) ? a : b;
}

/**
 * The derivative's value: the side's slope off the boundary, the common slope on it. `sideA`
 * says whether the first branch is taken off the boundary (false when l or r is NaN: the
 * comparison is false there, so the code always takes the second branch).
 */
function slope(
  op: Comparison,
  l: number,
  r: number,
  a: number,
  b: number,
  da: number,
  db: number,
): number {
  if (Number.isNaN(l) || Number.isNaN(r)) return db;
  if (l !== r) return holds(op, l, r) ? da : db;
  return same(a, b) && same(da, db) ? da : NaN;
}

/**
 * The derivative node of a branch between a and b whose derivatives are da and db; dl and dr
 * are the derivatives of the condition's sides. A condition that does not move with the
 * variable (y > 0 ? x : 2x by x; 1 > 0 ? …) has no boundary to cross: the branch's derivative.
 */
function branchDerivative(
  op: Comparison,
  args: readonly Node[],
  [dl, dr, da, db]: readonly Node[],
): Node {
  // A jump between constants has derivative 0 away from it (as sign′; 0 is reported on it too).
  if (isValue(da!, 0) && isValue(db!, 0)) return num(0);
  const [l, r, a, b] = args;
  if (isValue(dl!, 0) && isValue(dr!, 0)) return call(`if_${op}`, l!, r!, da!, db!);
  return call(`dif_${op}`, l!, r!, a!, b!, da!, db!);
}

function valueRule(op: Comparison): FunctionRule {
  return {
    name: `if_${op}`,
    arity: [4, 4],
    evaluate: (l, r, a, b) => choose(op, l!, r!, a!, b!),
    derivative: (args, dargs) => branchDerivative(op, args, dargs),
  };
}

function derivativeRule(op: Comparison): FunctionRule {
  return {
    name: `dif_${op}`,
    arity: [6, 6],
    evaluate: (l, r, a, b, da, db) => slope(op, l!, r!, a!, b!, da!, db!),
    derivative: ([l, r, , , da, db], dargs) =>
      branchDerivative(op, [l!, r!, da!, db!], [dargs[0]!, dargs[1]!, dargs[4]!, dargs[5]!]),
  };
}

export const conditionalRules: FunctionRule[] = COMPARISONS.flatMap((op) => [
  valueRule(op),
  derivativeRule(op),
]);
