/**
 * The names users write for functions, in any syntax, mapped to the canonical rules in rules/
 * (aliases: ln → log, np.arcsin → asin, expit → sigmoid) or expanded into core trees (macros:
 * pow(a, b) → a^b, hypot, silu, gelu, …). Expansion happens at parse time, so the derivative of
 * a macro is the derivative of its definition.
 */
import { type Node, makeCall, makeConstant, makeOp, makeSymbol } from '../nodes';
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
};

/** The default negative slope of leaky_relu when none is given (PyTorch's and TF's 0.01). */
export const LEAKY_RELU_DEFAULT_ALPHA = 0.01;

interface Macro {
  arity: readonly [number, number];
  expand: (args: Node[]) => Node;
}

const pow = (a: Node, b: Node): Node => makeOp('pow', [a, b]);
const mul = (a: Node, b: Node): Node => makeOp('multiply', [a, b]);
const div = (a: Node, b: Node): Node => makeOp('divide', [a, b]);
const add = (a: Node, b: Node): Node => makeOp('add', [a, b]);
const c = makeConstant;

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
    expand: (args) => makeCall('sqrt', [args.map((a) => pow(a, c(2))).reduce(add)]),
  },
  /** silu(u) = swish(u) = u·σ(u) */
  silu: { arity: [1, 1], expand: ([a]) => mul(a!, makeCall('sigmoid', [a!])) },
  swish: { arity: [1, 1], expand: ([a]) => mul(a!, makeCall('sigmoid', [a!])) },
  /** gelu(u) = u/2 · (1 + erf(u/√2)), the exact form. */
  gelu: {
    arity: [1, 1],
    expand: ([a]) =>
      mul(div(a!, c(2)), add(c(1), makeCall('erf', [div(a!, makeCall('sqrt', [c(2)]))]))),
  },
  /** softsign(u) = u / (1 + |u|) */
  softsign: { arity: [1, 1], expand: ([a]) => div(a!, add(c(1), makeCall('abs', [a!]))) },
};

export interface ResolvedFunction {
  /** The canonical rule name, or the macro's name. */
  readonly name: string;
  readonly arity: readonly [number, number];
  /** The core tree for this call with these (already core) arguments. */
  build(args: Node[]): Node;
}

/** The function a bare name (prefix already removed) stands for, or undefined. */
export function resolveFunction(written: string): ResolvedFunction | undefined {
  const name = ALIASES[written] ?? written;
  const rule = FUNCTION_RULES.get(name);
  if (rule) {
    const arity: readonly [number, number] = name === 'leaky_relu' ? [1, 2] : rule.arity;
    return {
      name,
      arity,
      build: (args) =>
        makeCall(
          name,
          name === 'leaky_relu' && args.length === 1
            ? [args[0]!, c(LEAKY_RELU_DEFAULT_ALPHA)]
            : args,
        ),
    };
  }
  const macro = MACROS[name];
  if (macro) return { name, arity: macro.arity, build: macro.expand };
  return undefined;
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
