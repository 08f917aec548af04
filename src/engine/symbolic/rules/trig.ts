/** Circular functions. */
import { call, div, mul, neg, num, square } from '../builder';
import { type FunctionRule, unaryRule } from './rule';

export const trigRules: FunctionRule[] = [
  /** sin′ = cos */
  unaryRule('sin', Math.sin, (u) => call('cos', u)),
  /** cos′ = −sin */
  unaryRule('cos', Math.cos, (u) => neg(call('sin', u))),
  /** tan′ = 1 / cos² */
  unaryRule('tan', Math.tan, (u) => div(num(1), square(call('cos', u)))),
  /** sec′ = sec · tan */
  unaryRule(
    'sec',
    (u) => 1 / Math.cos(u),
    (u) => mul(call('sec', u), call('tan', u)),
  ),
  /** csc′ = −csc · cot */
  unaryRule(
    'csc',
    (u) => 1 / Math.sin(u),
    (u) => neg(mul(call('csc', u), call('cot', u))),
  ),
  /** cot′ = −1 / sin² */
  unaryRule(
    'cot',
    (u) => 1 / Math.tan(u),
    (u) => neg(div(num(1), square(call('sin', u)))),
  ),
];
