/**
 * Python in the input's own style: NumPy (`np.`, `numpy.`, `jnp.`), `math.`, PyTorch (`torch.`)
 * or bare names (`from math import *`). Functions the module lacks become inline expressions
 * (sigmoid → 1 / (1 + np.exp(-u)) with NumPy). Exceptions, listed in `helpers`: erf with NumPy
 * needs `scipy.special.erf`; math.cbrt needs Python 3.11. With PyTorch, calls whose arguments are
 * all constants use `math.` (torch.log(2.0) would fail on a float), and π and e are math.pi, math.e.
 */
import {
  type CallContext,
  type Dialect,
  type Out,
  P,
  atom,
  callOf,
  isConstantTree,
  negText,
  wrap,
} from './code';

/** How the input named its functions: the module prefix, or '' for bare names. */
export type PythonModule = 'np' | 'numpy' | 'jnp' | 'math' | 'torch' | '';

type Family = 'numpy' | 'math' | 'torch';
const familyOf = (m: PythonModule): Family =>
  m === 'np' || m === 'numpy' || m === 'jnp' ? 'numpy' : m === 'torch' ? 'torch' : 'math';

/** Names that differ by family (NumPy's arc- prefix). */
const RENAMES: Record<Family, Record<string, string>> = {
  numpy: {
    asin: 'arcsin',
    acos: 'arccos',
    atan: 'arctan',
    atan2: 'arctan2',
    asinh: 'arcsinh',
    acosh: 'arccosh',
    atanh: 'arctanh',
  },
  math: {},
  torch: {},
};

export function pythonDialect(module: PythonModule): Dialect {
  const family = familyOf(module);
  const prefix = module ? `${module}.` : '';
  const f = (name: string, ...args: Out[]): Out =>
    callOf(`${prefix}${RENAMES[family][name] ?? name}`, args);
  const reciprocal = (inner: Out): Out => ({ text: `1 / ${inner.text}`, prec: P.product });
  const ofInverse = (name: string, u: Out): Out => f(name, atom(`1 / ${wrap(u, P.unary + 1)}`));
  const nested = (name: string, args: readonly Out[]): Out =>
    args.slice(0, -1).reduceRight((acc, a) => f(name, a, acc), args[args.length - 1]!);
  const byFamily = (choices: Record<Family, () => Out>): Out => choices[family]();

  const templates: Record<string, (a: readonly Out[], ctx: CallContext) => Out> = {
    log: (a) =>
      a.length === 1
        ? f('log', a[0]!)
        : family === 'math'
          ? f('log', a[0]!, a[1]!)
          : { text: `${f('log', a[0]!).text} / ${f('log', a[1]!).text}`, prec: P.product },
    sec: ([u]) => reciprocal(f('cos', u!)),
    csc: ([u]) => reciprocal(f('sin', u!)),
    cot: ([u]) => reciprocal(f('tan', u!)),
    sech: ([u]) => reciprocal(f('cosh', u!)),
    csch: ([u]) => reciprocal(f('sinh', u!)),
    coth: ([u]) => reciprocal(f('tanh', u!)),
    acot: ([u]) => ofInverse('atan', u!),
    asec: ([u]) => ofInverse('acos', u!),
    acsc: ([u]) => ofInverse('asin', u!),
    acoth: ([u]) => ofInverse('atanh', u!),
    asech: ([u]) => ofInverse('acosh', u!),
    acsch: ([u]) => ofInverse('asinh', u!),
    abs: ([u]) => (family === 'math' ? callOf('abs', [u!]) : f('abs', u!)),
    sign: ([u]) =>
      family === 'math' ? atom(`((${u!.text} > 0) - (${u!.text} < 0))`) : f('sign', u!),
    cbrt: ([u]) =>
      family === 'torch'
        ? { text: `torch.sign(${u!.text}) * torch.abs(${u!.text}) ** (1 / 3)`, prec: P.product }
        : f('cbrt', u!),
    heaviside: ([u]) =>
      byFamily({
        math: () => atom(`(1.0 if ${wrap(u!, P.cmp + 1)} > 0 else 0.0)`),
        numpy: () => f('heaviside', u!, atom('0.0')),
        torch: () => atom(`torch.heaviside(${u!.text}, torch.zeros_like(${u!.text}))`),
      }),
    sigmoid: ([u]) =>
      family === 'torch'
        ? f('sigmoid', u!)
        : { text: `1 / (1 + ${f('exp', atom(negText(u!))).text})`, prec: P.product },
    relu: ([u]) =>
      byFamily({
        math: () => callOf('max', [u!, atom('0.0')]),
        numpy: () => f('maximum', u!, atom('0.0')),
        torch: () => f('relu', u!),
      }),
    leaky_relu: ([u, a], ctx) => {
      const below = `${wrap(a!, P.product)} * ${wrap(u!, P.unary + 1)}`;
      return byFamily({
        math: () => atom(`(${u!.text} if ${wrap(u!, P.cmp + 1)} > 0 else ${below})`),
        numpy: () => f('where', atom(`${wrap(u!, P.cmp + 1)} > 0`), u!, atom(below)),
        torch: () =>
          isConstantTree(ctx.nodes[1]!)
            ? callOf('torch.nn.functional.leaky_relu', [u!, a!])
            : f('where', atom(`${wrap(u!, P.cmp + 1)} > 0`), u!, atom(below)),
      });
    },
    softplus: ([u]) =>
      byFamily({
        math: () => f('log1p', f('exp', u!)),
        numpy: () => f('logaddexp', atom('0.0'), u!),
        torch: () => callOf('torch.nn.functional.softplus', [u!]),
      }),
    max: (a, ctx) => extremum('max', a, ctx),
    min: (a, ctx) => extremum('min', a, ctx),
    logsumexp: (a) =>
      family === 'math'
        ? f('log', { text: a.map((x) => f('exp', x).text).join(' + '), prec: P.sum })
        : nested('logaddexp', a),
    erf: ([u], ctx) => special('erf', u!, ctx),
    erfc: ([u], ctx) => special('erfc', u!, ctx),
  };

  function extremum(name: 'max' | 'min', a: readonly Out[], ctx: CallContext): Out {
    if (family === 'math') return callOf(name, a);
    if (family === 'torch' && a.length === 2) {
      // torch.maximum wants two tensors; against a constant, clamp: max(u, c) is clamp(u, min=c).
      const c = ctx.nodes.findIndex(isConstantTree);
      const bound = name === 'max' ? 'min' : 'max';
      if (c >= 0) return callOf('torch.clamp', [a[1 - c]!, atom(`${bound}=${a[c]!.text}`)]);
    }
    return nested(name === 'max' ? 'maximum' : 'minimum', a);
  }

  function special(name: 'erf' | 'erfc', u: Out, ctx: CallContext): Out {
    if (family !== 'numpy') return f(name, u);
    ctx.helpers.add(`scipy.special.${name}`);
    return callOf(`scipy.special.${name}`, [u]);
  }

  const dialect: Dialect = {
    powOp: ' ** ',
    unaryBeforePowNeedsParens: false,
    constant: (name) => (family === 'torch' ? `math.${name}` : `${prefix}${name}`),
    call: (name, args, ctx) => {
      if (family === 'torch' && ctx.nodes.every(isConstantTree))
        return mathDialect.call(name, args, ctx);
      if (family === 'math' && module === 'math' && name === 'cbrt')
        ctx.helpers.add('python>=3.11');
      const template = templates[name];
      return template ? template(args, ctx) : f(name, ...args);
    },
    conditional: (cond, a, b) =>
      byFamily({
        math: () => ({ text: `${wrap(a, P.cond + 1)} if ${cond} else ${b.text}`, prec: P.cond }),
        numpy: () => f('where', atom(cond), a, b),
        torch: () => f('where', atom(cond), a, b),
      }),
  };
  return dialect;
}

const mathDialect = pythonDialect('math');
