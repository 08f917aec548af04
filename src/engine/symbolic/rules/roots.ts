/** Square and cube roots (the cube root is real for negative u, like Math.cbrt). */
import { call, div, mul, num, square } from '../builder';
import { type FunctionRule, unaryRule } from './rule';

export const rootRules: FunctionRule[] = [
  /** sqrt′ = 1 / (2 √u) */
  unaryRule('sqrt', Math.sqrt, (u) => div(num(1), mul(num(2), call('sqrt', u)))),
  /** cbrt′ = 1 / (3 ∛u²) */
  unaryRule('cbrt', Math.cbrt, (u) => div(num(1), mul(num(3), square(call('cbrt', u))))),
];
