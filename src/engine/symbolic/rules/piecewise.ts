/**
 * Functions with kinks or jumps. Their derivatives are written with heaviside(u) and u/|u|,
 * which evaluate to NaN (reported as null) exactly at the kink, where no derivative exists.
 */
import { call, div, mul, num, sub } from '../builder';
import type { Node } from '../nodes';
import { heaviside } from '../specialFunctions';
import { type FunctionRule, partialsRule, unaryRule } from './rule';

/** Π over j ≠ i of heaviside(larger − smaller): 1 where aᵢ is the strict winner, NaN on a tie. */
function winnerIndicator(args: readonly Node[], i: number, isMax: boolean): Node {
  let out = num(1);
  args.forEach((aj, j) => {
    if (j !== i) out = mul(out, call('heaviside', isMax ? sub(args[i]!, aj) : sub(aj, args[i]!)));
  });
  return out;
}

/** max or min; of equal arguments (max(x, x) = x) the derivative is theirs, not a tie's. */
function extremumRule(name: 'max' | 'min'): FunctionRule {
  const rule = partialsRule(name, [2, Infinity], name === 'max' ? Math.max : Math.min, (args, i) =>
    winnerIndicator(args, i, name === 'max'),
  );
  return {
    ...rule,
    derivative: (args, dargs) =>
      args.every((a) => a.equals(args[0]!)) ? dargs[0]! : rule.derivative(args, dargs),
  };
}

export const piecewiseRules: FunctionRule[] = [
  /** |u|′ = u / |u| (undefined at 0) */
  unaryRule('abs', Math.abs, (u) => div(u, call('abs', u))),
  /** sign′ = 0 away from 0 (the jump at 0 has no derivative; 0 is reported there too). */
  unaryRule('sign', Math.sign, () => num(0)),
  /** heaviside′ = 0 away from 0; heaviside(0) itself is undefined. */
  unaryRule('heaviside', heaviside, () => num(0)),
  /** ∂max/∂aᵢ = 1 where aᵢ is the largest, 0 where another is, undefined on a tie. */
  extremumRule('max'),
  /** ∂min/∂aᵢ = 1 where aᵢ is the smallest, 0 where another is, undefined on a tie. */
  extremumRule('min'),
];
