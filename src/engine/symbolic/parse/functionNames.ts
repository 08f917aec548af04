/**
 * The names users write for functions, in any syntax, mapped to the canonical rules in rules/
 * (aliases: ln → log, np.arcsin → asin, expit → sigmoid) or expanded into core trees (macros:
 * pow(a, b) → a^b, hypot, silu, gelu, …). Expansion happens at parse time, so the derivative of
 * a macro is the derivative of its definition.
 */
import { type Node, isValue, makeCall, makeConstant, makeOp, makeSymbol } from '../nodes';
import { FUNCTION_RULES } from '../rules';

const ALIASES: Record<string, string> = {
  ln: 'log',
  arcsin: 'asin',
  arccos: 'acos',
  arctan: 'atan',
  arctan2: 'atan2',
  arccot: 'acot',
  arcsec: 'asec',
  arccsc: 'acsc',
  arcsinh: 'asinh',
  arccosh: 'acosh',
  arctanh: 'atanh',
  expit: 'sigmoid',
  logistic: 'sigmoid',
  ReLU: 'relu',
  leakyRelu: 'leaky_relu',
  leakyrelu: 'leaky_relu',
  LeakyReLU: 'leaky_relu',
  fabs: 'abs',
  absolute: 'abs',
  sgn: 'sign',
  maximum: 'max',
  minimum: 'min',
  fmax: 'max',
  fmin: 'min',
  logaddexp: 'logsumexp',
  logSumExp: 'logsumexp',
  hard_tanh: 'hardtanh',
  hard_sigmoid: 'hardsigmoid',
  hard_swish: 'hardswish',
  hard_silu: 'hardswish',
  ln1p: 'log1p',
  norm_cdf: 'normcdf',
};

/**
 * Names that mean a function only when called: σ(z) is the logistic sigmoid and Φ(z) the
 * normal CDF in ML papers, while a bare σ is a standard deviation.
 */
const CALL_ALIASES: Record<string, string> = { σ: 'sigmoid', Φ: 'normcdf' };

/** Keyword arguments (Python) and the position each stands for, by canonical name. */
const KEYWORD_POSITIONS: Record<string, Record<string, number>> = {
  leaky_relu: { negative_slope: 1, alpha: 1 },
  elu: { alpha: 1 },
  celu: { alpha: 1 },
  hardtanh: { min_val: 1, max_val: 2 },
  clip: { min: 1, max: 2, a_min: 1, a_max: 2 },
  clamp: { min: 1, max: 2 },
  gelu: { approximate: 1 },
  huber_loss: { delta: 2 },
  smooth_l1_loss: { beta: 2 },
};

/** The position of keyword argument `key` of function `name`, or undefined. */
export function keywordPosition(name: string, key: string): number | undefined {
  return KEYWORD_POSITIONS[name]?.[key];
}

/** The default negative slope of leaky_relu when none is given (PyTorch's and TF's 0.01). */
export const LEAKY_RELU_DEFAULT_ALPHA = 0.01;

/** Arguments as parsed: a hole where an optional argument was not given (clamp(x, max=6)). */
export type Args = readonly (Node | undefined)[];

interface Macro {
  arity: readonly [number, number];
  expand: (args: Args) => Node;
}

const pow = (a: Node, b: Node): Node => makeOp('pow', [a, b]);
const mul = (a: Node, b: Node): Node => makeOp('multiply', [a, b]);
const div = (a: Node, b: Node): Node => makeOp('divide', [a, b]);
const add = (a: Node, b: Node): Node => makeOp('add', [a, b]);
const c = makeConstant;
const sub = (a: Node, b: Node): Node => makeOp('subtract', [a, b]);
const neg = (a: Node): Node => makeOp('unaryMinus', [a]);
/** l > r ? a : b */
const ifGt = (l: Node, r: Node, a: Node, b: Node): Node => makeCall('if_gt', [l, r, a, b]);
/** max(u, lo) and then min(·, hi), for whichever bound is given. */
const clamp = (u: Node, lo: Node | undefined, hi: Node | undefined): Node => {
  let out = u;
  if (lo) out = makeCall('max', [out, lo]);
  if (hi) out = makeCall('min', [out, hi]);
  return out;
};
/** α (e^(u/α) − 1) below 0, u above: ELU (unscaled exponent), CELU; α = 1 when not given. */
const elu = (u: Node, alpha: Node | undefined, scaled: boolean): Node => {
  const below = sub(makeCall('exp', [scaled && alpha ? div(u, alpha) : u]), c(1));
  return ifGt(u, c(0), u, alpha ? mul(alpha, below) : below);
};
/** Huber (δ(|d| − ½δ) beyond δ) or smooth L1 (|d| − ½β beyond β, ½d²/β inside) of d. */
const huber = (d: Node, k: Node, smooth: boolean): Node => {
  const abs = makeCall('abs', [d]);
  const inside = smooth ? div(mul(c(0.5), pow(d, c(2))), k) : mul(c(0.5), pow(d, c(2)));
  const outside = smooth ? sub(abs, mul(c(0.5), k)) : mul(k, sub(abs, mul(c(0.5), k)));
  return makeCall(smooth ? 'if_lt' : 'if_le', [abs, k, inside, outside]);
};
/** SELU's constants (Klambauer et al. 2017), as PyTorch writes them. */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
/** Φ(u) = (1 + erf(u/√2)) / 2, the standard normal CDF. */
const normCdf = (u: Node): Node =>
  div(add(c(1), makeCall('erf', [div(u, makeCall('sqrt', [c(2)]))])), c(2));

const MACROS: Record<string, Macro> = {
  pow: { arity: [2, 2], expand: ([a, b]) => pow(a!, b!) },
  power: { arity: [2, 2], expand: ([a, b]) => pow(a!, b!) },
  square: { arity: [1, 1], expand: ([a]) => pow(a!, c(2)) },
  cube: { arity: [1, 1], expand: ([a]) => pow(a!, c(3)) },
  reciprocal: { arity: [1, 1], expand: ([a]) => div(c(1), a!) },
  exp2: { arity: [1, 1], expand: ([a]) => pow(c(2), a!) },
  /** nthRoot(u, 2) = √u, nthRoot(u, 3) = ∛u (real for negative u), otherwise u^(1/n). */
  nthRoot: {
    arity: [1, 2],
    expand: ([a, n]) => {
      const k =
        n && n.type === 'ConstantNode' ? (n as unknown as { value: number }).value : n ? NaN : 2;
      if (k === 2) return makeCall('sqrt', [a!]);
      if (k === 3) return makeCall('cbrt', [a!]);
      return pow(a!, div(c(1), n!));
    },
  },
  /** hypot(a, b, …) = √(a² + b² + …) */
  hypot: {
    arity: [1, Infinity],
    expand: (args) => makeCall('sqrt', [args.map((a) => pow(a!, c(2))).reduce(add)]),
  },
  /** silu(u) = swish(u) = u·σ(u) */
  silu: { arity: [1, 1], expand: ([a]) => mul(a!, makeCall('sigmoid', [a!])) },
  swish: { arity: [1, 1], expand: ([a]) => mul(a!, makeCall('sigmoid', [a!])) },
  /**
   * gelu(u) = u·Φ(u) = u/2 · (1 + erf(u/√2)); with approximate = 1 (torch's 'tanh', JAX's
   * default) u/2 · (1 + tanh(√(2/π) (u + 0.044715 u³))).
   */
  gelu: {
    arity: [1, 2],
    expand: ([a, approximate]) =>
      approximate && isValue(approximate, 1)
        ? mul(
            div(a!, c(2)),
            add(
              c(1),
              makeCall('tanh', [
                mul(
                  makeCall('sqrt', [div(c(2), makeSymbol('pi'))]),
                  add(a!, mul(c(0.044715), pow(a!, c(3)))),
                ),
              ]),
            ),
          )
        : mul(div(a!, c(2)), add(c(1), makeCall('erf', [div(a!, makeCall('sqrt', [c(2)]))]))),
  },
  /** elu(u, α = 1) = u above 0, α (eᵘ − 1) below. */
  elu: { arity: [1, 2], expand: ([a, alpha]) => elu(a!, alpha, false) },
  /** celu(u, α = 1) = u above 0, α (e^(u/α) − 1) below. */
  celu: { arity: [1, 2], expand: ([a, alpha]) => elu(a!, alpha, true) },
  /** selu(u) = λ · elu(u, α) with PyTorch's λ and α. */
  selu: { arity: [1, 1], expand: ([a]) => mul(c(SELU_SCALE), elu(a!, c(SELU_ALPHA), false)) },
  /** mish(u) = u · tanh(softplus(u)) */
  mish: {
    arity: [1, 1],
    expand: ([a]) => mul(a!, makeCall('tanh', [makeCall('softplus', [a!])])),
  },
  /** logsigmoid(u) = ln σ(u) = −softplus(−u) */
  logsigmoid: { arity: [1, 1], expand: ([a]) => neg(makeCall('softplus', [neg(a!)])) },
  log_sigmoid: { arity: [1, 1], expand: ([a]) => neg(makeCall('softplus', [neg(a!)])) },
  /** tanhshrink(u) = u − tanh(u) */
  tanhshrink: { arity: [1, 1], expand: ([a]) => sub(a!, makeCall('tanh', [a!])) },
  /** clip(u, lo, hi) = min(max(u, lo), hi); either bound may be missing (torch.clamp(x, min=0)). */
  clip: { arity: [1, 3], expand: ([a, lo, hi]) => clamp(a!, lo, hi) },
  clamp: { arity: [1, 3], expand: ([a, lo, hi]) => clamp(a!, lo, hi) },
  /** hardtanh(u, lo = −1, hi = 1) = clip(u, lo, hi) */
  hardtanh: {
    arity: [1, 3],
    expand: ([a, lo, hi]) => clamp(a!, lo ?? c(-1), hi ?? c(1)),
  },
  /** relu6(u) = min(max(u, 0), 6) */
  relu6: { arity: [1, 1], expand: ([a]) => clamp(a!, c(0), c(6)) },
  /** hardsigmoid(u) = relu6(u + 3) / 6 */
  hardsigmoid: {
    arity: [1, 1],
    expand: ([a]) => div(clamp(add(a!, c(3)), c(0), c(6)), c(6)),
  },
  /** hardswish(u) = u · relu6(u + 3) / 6 */
  hardswish: {
    arity: [1, 1],
    expand: ([a]) => div(mul(a!, clamp(add(a!, c(3)), c(0), c(6))), c(6)),
  },
  /** rsqrt(u) = 1 / √u */
  rsqrt: { arity: [1, 1], expand: ([a]) => div(c(1), makeCall('sqrt', [a!])) },
  /** normcdf(u) = Φ(u), the standard normal CDF. */
  normcdf: { arity: [1, 1], expand: ([a]) => normCdf(a!) },
  /** The arithmetic operators as functions: np.add(a, b), torch.mul(a, b), mathjs multiply(a, b). */
  add: { arity: [2, 2], expand: ([a, b]) => add(a!, b!) },
  subtract: { arity: [2, 2], expand: ([a, b]) => sub(a!, b!) },
  sub: { arity: [2, 2], expand: ([a, b]) => sub(a!, b!) },
  multiply: { arity: [2, 2], expand: ([a, b]) => mul(a!, b!) },
  mul: { arity: [2, 2], expand: ([a, b]) => mul(a!, b!) },
  divide: { arity: [2, 2], expand: ([a, b]) => div(a!, b!) },
  true_divide: { arity: [2, 2], expand: ([a, b]) => div(a!, b!) },
  div: { arity: [2, 2], expand: ([a, b]) => div(a!, b!) },
  negative: { arity: [1, 1], expand: ([a]) => neg(a!) },
  neg: { arity: [1, 1], expand: ([a]) => neg(a!) },
  unaryMinus: { arity: [1, 1], expand: ([a]) => neg(a!) },
  positive: { arity: [1, 1], expand: ([a]) => a! },
  float_power: { arity: [2, 2], expand: ([a, b]) => pow(a!, b!) },
  /** PyTorch's losses on scalars (reduction= changes nothing for one element). */
  mse_loss: { arity: [2, 2], expand: ([a, b]) => pow(sub(a!, b!), c(2)) },
  l1_loss: { arity: [2, 2], expand: ([a, b]) => makeCall('abs', [sub(a!, b!)]) },
  /** huber_loss(a, b, δ = 1) = ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond; d = a − b */
  huber_loss: {
    arity: [2, 3],
    expand: ([a, b, delta]) => huber(sub(a!, b!), delta ?? c(1), false),
  },
  /** smooth_l1_loss(a, b, β = 1) = ½d²/β for |d| < β, |d| − ½β beyond */
  smooth_l1_loss: {
    arity: [2, 3],
    expand: ([a, b, beta]) => huber(sub(a!, b!), beta ?? c(1), true),
  },
  /** binary_cross_entropy(p, y) = −(y ln p + (1 − y) ln(1 − p)) */
  binary_cross_entropy: {
    arity: [2, 2],
    expand: ([p, y]) =>
      neg(
        add(mul(y!, makeCall('log', [p!])), mul(sub(c(1), y!), makeCall('log', [sub(c(1), p!)]))),
      ),
  },
  /** binary_cross_entropy_with_logits(z, y) = softplus(z) − y·z */
  binary_cross_entropy_with_logits: {
    arity: [2, 2],
    expand: ([z, y]) => sub(makeCall('softplus', [z!]), mul(y!, z!)),
  },
  /** soft_margin_loss(z, y) = ln(1 + e^(−y·z)) */
  soft_margin_loss: {
    arity: [2, 2],
    expand: ([z, y]) => makeCall('softplus', [neg(mul(y!, z!))]),
  },
  /** xlogy(a, b) = a · ln b */
  xlogy: { arity: [2, 2], expand: ([a, b]) => mul(a!, makeCall('log', [b!])) },
  /** softsign(u) = u / (1 + |u|) */
  softsign: { arity: [1, 1], expand: ([a]) => div(a!, add(c(1), makeCall('abs', [a!]))) },
};

export interface ResolvedFunction {
  /** The canonical rule name, or the macro's name. */
  readonly name: string;
  readonly arity: readonly [number, number];
  /** The core tree for this call with these (already core) arguments; holes are defaults. */
  build(args: Args): Node;
}

/** The function a bare name (prefix already removed) stands for, or undefined. */
export function resolveFunction(written: string): ResolvedFunction | undefined {
  const name = ALIASES[written] ?? written;
  const rule = FUNCTION_RULES.get(name);
  if (name === 'leaky_relu') {
    return {
      name,
      arity: [1, 2],
      build: ([u, alpha]) => makeCall(name, [u!, alpha ?? c(LEAKY_RELU_DEFAULT_ALPHA)]),
    };
  }
  if (name === 'heaviside') {
    // np.heaviside(u, h0): 1 above 0, 0 below, h0 at 0.
    return {
      name,
      arity: [1, 2],
      build: ([u, h0]) =>
        h0 === undefined
          ? makeCall(name, [u!])
          : ifGt(u!, c(0), c(1), makeCall('if_lt', [u!, c(0), c(0), h0])),
    };
  }
  if (rule) {
    return {
      name,
      arity: rule.arity,
      build: (args) =>
        makeCall(
          name,
          args.map((a) => a!),
        ),
    };
  }
  const macro = MACROS[name];
  if (macro) return { name, arity: macro.arity, build: macro.expand };
  return undefined;
}

/** The function a called name stands for, including call-only names (σ(z) is sigmoid). */
export function resolveCall(written: string): ResolvedFunction | undefined {
  return resolveFunction(CALL_ALIASES[written] ?? written);
}

/** Whether a name (or alias) is a function with a rule: such a name cannot be a variable. */
export function isRuleName(written: string): boolean {
  return FUNCTION_RULES.has(ALIASES[written] ?? written);
}

/** "sin takes 1 argument" style text for an arity. */
export function describeArity([min, max]: readonly [number, number]): string {
  const n = (k: number): string => `${k} argument${k === 1 ? '' : 's'}`;
  if (min === max) return n(min);
  if (max === Infinity) return `${n(min)} or more`;
  return `${min} to ${n(max)}`;
}

/** π as a core node (for constants like Math.PI and np.pi). */
export const piNode = (): Node => makeSymbol('pi');
