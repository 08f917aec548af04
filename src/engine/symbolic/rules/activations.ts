/** Neural-network activations. */
import { add, call, mul, num, sub } from '../builder';
import { leakyRelu, relu, sigmoid, softplus } from '../specialFunctions';
import { type FunctionRule, partialsRule, unaryRule } from './rule';

export const activationRules: FunctionRule[] = [
  /** σ′ = σ (1 − σ) */
  unaryRule('sigmoid', sigmoid, (u) => mul(call('sigmoid', u), sub(num(1), call('sigmoid', u)))),
  /** relu′ = heaviside(u): 1 above 0, 0 below, undefined at the kink. */
  unaryRule('relu', relu, (u) => call('heaviside', u)),
  /**
   * leaky_relu(u, α) = u above 0, αu below (α defaults to 0.01 at parse time).
   * ∂u = heaviside(u) + α heaviside(−u) (undefined at 0),  ∂α = min(u, 0)
   */
  partialsRule('leaky_relu', [2, 2], leakyRelu, ([u, alpha], i) =>
    i === 0
      ? add(call('heaviside', u!), mul(alpha!, call('heaviside', sub(num(0), u!))))
      : call('min', u!, num(0)),
  ),
  /** softplus(u) = ln(1 + eᵘ); softplus′ = σ(u) */
  unaryRule('softplus', softplus, (u) => call('sigmoid', u)),
];
