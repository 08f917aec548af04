/** Error functions and logsumexp. */
import { call, div, mul, neg, num, square, sub, sym } from '../builder';
import type { Node } from '../nodes';
import { erf, erfc, logSumExp } from '../specialFunctions';
import { type FunctionRule, partialsRule, unaryRule } from './rule';

/** 2/√π · e^(−u²) */
const gaussian = (u: Node): Node =>
  mul(div(num(2), call('sqrt', sym('pi'))), call('exp', neg(square(u))));

export const specialRules: FunctionRule[] = [
  /** erf′ = 2/√π · e^(−u²) */
  unaryRule('erf', erf, (u) => gaussian(u)),
  /** erfc′ = −2/√π · e^(−u²) */
  unaryRule('erfc', erfc, (u) => neg(gaussian(u))),
  /** ∂ logsumexp(a)/∂aᵢ = e^(aᵢ − logsumexp(a)), the softmax weight of aᵢ. */
  partialsRule('logsumexp', [2, Infinity], logSumExp, (args, i) =>
    call('exp', sub(args[i]!, call('logsumexp', ...args))),
  ),
];
