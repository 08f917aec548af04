/** Inverse circular functions (real branches, as JavaScript's Math computes them). */
import { add, call, div, mul, neg, num, square, sub } from '../builder';
import { type FunctionRule, partialsRule, unaryRule } from './rule';

export const inverseTrigRules: FunctionRule[] = [
  /** asin′ = 1 / √(1 − u²) */
  unaryRule('asin', Math.asin, (u) => div(num(1), call('sqrt', sub(num(1), square(u))))),
  /** acos′ = −1 / √(1 − u²) */
  unaryRule('acos', Math.acos, (u) => neg(div(num(1), call('sqrt', sub(num(1), square(u)))))),
  /** atan′ = 1 / (1 + u²) */
  unaryRule('atan', Math.atan, (u) => div(num(1), add(square(u), num(1)))),
  /** acot(u) = atan(1/u); acot′ = −1 / (1 + u²) */
  unaryRule(
    'acot',
    (u) => Math.atan(1 / u),
    (u) => neg(div(num(1), add(square(u), num(1)))),
  ),
  /** asec(u) = acos(1/u); asec′ = 1 / (|u| √(u² − 1)) */
  unaryRule(
    'asec',
    (u) => Math.acos(1 / u),
    (u) => div(num(1), mul(call('abs', u), call('sqrt', sub(square(u), num(1))))),
  ),
  /** acsc(u) = asin(1/u); acsc′ = −1 / (|u| √(u² − 1)) */
  unaryRule(
    'acsc',
    (u) => Math.asin(1 / u),
    (u) => neg(div(num(1), mul(call('abs', u), call('sqrt', sub(square(u), num(1)))))),
  ),
  /** atan2(y, x): ∂y = x / (x² + y²), ∂x = −y / (x² + y²) */
  partialsRule('atan2', [2, 2], Math.atan2, ([y, x], i) => {
    const r2 = add(square(x!), square(y!));
    return i === 0 ? div(x!, r2) : neg(div(y!, r2));
  }),
];
