/**
 * JavaScript/TypeScript: Math.* where Math has the function, and inline expressions for the
 * rest, so that the derivative pastes into the same file and runs without helpers. The one
 * exception is erf/erfc (Math has none): the code calls `erf(u)` and lists it in `helpers`.
 * heaviside (relu′) prints as `(u > 0 ? 1 : 0)`, the convention of ML frameworks at the kink;
 * the engine's own evaluate() reports null there instead.
 */
import { type Dialect, type Out, P, atom, callOf, negText, ternary, wrap } from './code';

/**
 * JavaScript's Math functions that map one-to-one onto the engine's functions of the same name;
 * the JS parser reads them (plus pow and hypot) and this printer writes them as Math.<name>.
 */
export const JS_MATH_FUNCTIONS: readonly string[] = [
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
  'exp',
  'expm1',
  'log',
  'log1p',
  'log2',
  'log10',
  'sqrt',
  'cbrt',
  'abs',
  'sign',
  'max',
  'min',
];
const MATH = new Set(JS_MATH_FUNCTIONS);

const m = (name: string, ...args: Out[]): Out => callOf(`Math.${name}`, args);
const reciprocal = (inner: Out): Out => ({ text: `1 / ${inner.text}`, prec: P.product });
const ofInverse = (name: string, u: Out): Out => atom(`Math.${name}(1 / ${wrap(u, P.unary + 1)})`);

const TEMPLATES: Record<string, (a: readonly Out[]) => Out> = {
  log: (a) =>
    a.length === 1
      ? m('log', a[0]!)
      : { text: `${m('log', a[0]!).text} / ${m('log', a[1]!).text}`, prec: P.product },
  sec: ([u]) => reciprocal(m('cos', u!)),
  csc: ([u]) => reciprocal(m('sin', u!)),
  cot: ([u]) => reciprocal(m('tan', u!)),
  sech: ([u]) => reciprocal(m('cosh', u!)),
  csch: ([u]) => reciprocal(m('sinh', u!)),
  coth: ([u]) => reciprocal(m('tanh', u!)),
  acot: ([u]) => ofInverse('atan', u!),
  asec: ([u]) => ofInverse('acos', u!),
  acsc: ([u]) => ofInverse('asin', u!),
  acoth: ([u]) => ofInverse('atanh', u!),
  asech: ([u]) => ofInverse('acosh', u!),
  acsch: ([u]) => ofInverse('asinh', u!),
  heaviside: ([u]) => atom(`(${wrap(u!, P.cmp + 1)} > 0 ? 1 : 0)`),
  // JavaScript refuses -y ** 2: a power is negated inside parentheses.
  sigmoid: ([u]) => ({
    text: `1 / (1 + Math.exp(${u!.leftPow ? `-(${u!.text})` : negText(u!)}))`,
    prec: P.product,
  }),
  relu: ([u]) => m('max', u!, atom('0')),
  leaky_relu: ([u, a]) =>
    atom(
      `(${wrap(u!, P.cmp + 1)} > 0 ? ${u!.text} : ${wrap(a!, P.product)} * ${wrap(u!, P.unary + 1)})`,
    ),
  softplus: ([u]) => m('log1p', m('exp', u!)),
  logsumexp: (a) => m('log', { text: a.map((x) => m('exp', x).text).join(' + '), prec: P.sum }),
};

export const jsDialect: Dialect = {
  powOp: ' ** ',
  unaryBeforePowNeedsParens: true,
  constant: (name) => (name === 'pi' ? 'Math.PI' : 'Math.E'),
  call: (name, args, ctx) => {
    const template = TEMPLATES[name];
    if (template) return template(args);
    if (MATH.has(name)) return m(name, ...args);
    ctx.helpers.add(name); // erf, erfc
    return callOf(name, args);
  },
  conditional: ternary,
};
