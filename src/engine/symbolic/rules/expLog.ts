/** Exponentials and logarithms. */
import { add, call, div, mul, neg, num, square } from '../builder';
import { type FunctionRule, partialsRule, unaryRule } from './rule';

export const expLogRules: FunctionRule[] = [
  /** exp′ = exp */
  unaryRule('exp', Math.exp, (u) => call('exp', u)),
  /**
   * log(u) is ln u; log(u, b) = ln u / ln b, as in mathjs.
   * ∂u = 1 / (u ln b),  ∂b = −ln u / (b (ln b)²)
   */
  partialsRule(
    'log',
    [1, 2],
    (u, b) => (b === undefined ? Math.log(u) : Math.log(u) / Math.log(b)),
    ([u, b], i) => {
      if (b === undefined) return div(num(1), u!);
      if (i === 0) return div(num(1), mul(u!, call('log', b)));
      return neg(div(call('log', u!), mul(b, square(call('log', b)))));
    },
  ),
  /** log2′ = 1 / (u ln 2) */
  unaryRule('log2', Math.log2, (u) => div(num(1), mul(u, call('log', num(2))))),
  /** log10′ = 1 / (u ln 10) */
  unaryRule('log10', Math.log10, (u) => div(num(1), mul(u, call('log', num(10))))),
  /** log1p(u) = ln(1 + u); log1p′ = 1 / (u + 1) */
  unaryRule('log1p', Math.log1p, (u) => div(num(1), add(u, num(1)))),
  /** expm1(u) = eᵘ − 1; expm1′ = eᵘ */
  unaryRule('expm1', Math.expm1, (u) => call('exp', u)),
];
