/** Hyperbolic functions and their inverses. */
import { add, call, div, mul, neg, num, square, sub } from '../builder';
import { type FunctionRule, unaryRule } from './rule';

export const hyperbolicRules: FunctionRule[] = [
  /** sinh′ = cosh */
  unaryRule('sinh', Math.sinh, (u) => call('cosh', u)),
  /** cosh′ = sinh */
  unaryRule('cosh', Math.cosh, (u) => call('sinh', u)),
  /** tanh′ = 1 − tanh² */
  unaryRule('tanh', Math.tanh, (u) => sub(num(1), square(call('tanh', u)))),
  /** sech′ = −sech · tanh */
  unaryRule(
    'sech',
    (u) => 1 / Math.cosh(u),
    (u) => neg(mul(call('sech', u), call('tanh', u))),
  ),
  /** csch′ = −csch · coth */
  unaryRule(
    'csch',
    (u) => 1 / Math.sinh(u),
    (u) => neg(mul(call('csch', u), call('coth', u))),
  ),
  /** coth′ = −1 / sinh² */
  unaryRule(
    'coth',
    (u) => 1 / Math.tanh(u),
    (u) => neg(div(num(1), square(call('sinh', u)))),
  ),
  /** asinh′ = 1 / √(u² + 1) */
  unaryRule('asinh', Math.asinh, (u) => div(num(1), call('sqrt', add(square(u), num(1))))),
  /** acosh′ = 1 / √(u² − 1) */
  unaryRule('acosh', Math.acosh, (u) => div(num(1), call('sqrt', sub(square(u), num(1))))),
  /** atanh′ = 1 / (1 − u²) */
  unaryRule('atanh', Math.atanh, (u) => div(num(1), sub(num(1), square(u)))),
  /** acoth(u) = atanh(1/u); acoth′ = 1 / (1 − u²) */
  unaryRule(
    'acoth',
    (u) => Math.atanh(1 / u),
    (u) => div(num(1), sub(num(1), square(u))),
  ),
  /** asech(u) = acosh(1/u); asech′ = −1 / (u √(1 − u²)) */
  unaryRule(
    'asech',
    (u) => Math.acosh(1 / u),
    (u) => neg(div(num(1), mul(u, call('sqrt', sub(num(1), square(u)))))),
  ),
  /** acsch(u) = asinh(1/u); acsch′ = −1 / (|u| √(1 + u²)) */
  unaryRule(
    'acsch',
    (u) => Math.asinh(1 / u),
    (u) => neg(div(num(1), mul(call('abs', u), call('sqrt', add(square(u), num(1)))))),
  ),
];
