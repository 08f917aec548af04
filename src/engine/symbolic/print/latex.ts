/**
 * LaTeX for KaTeX. Our own printer rather than mathjs's toTex, which writes (−2)^x as {-2}^{x},
 * x_1 as x\_1 and erf without a backslash, and knows nothing of σ or ReLU.
 */
import { GradLabError } from '../../errors';
import {
  type Node,
  isConstant,
  isFunction,
  isOperator,
  isSymbol,
  makeConstant,
  makeOp,
} from '../nodes';
import { type Out, P, atom, conditionalParts } from './code';

const GREEK = new Set(
  (
    'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi rho sigma ' +
    'tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega'
  ).split(' '),
);

/** A variable name as LaTeX: theta → \theta, x_1 → x_{1}, w2 → w_{2}, yhat → \hat{y}, loss → \mathrm{loss}. */
export function latexSymbol(name: string): string {
  if (name === 'e') return 'e';
  // yhat, y_hat → \hat{y}; xbar → \bar{x}; thetahat → \hat{\theta}
  const accent = /^(.+?)_?(hat|bar|tilde)$/.exec(name);
  if (accent && (accent[1]!.length === 1 || GREEK.has(accent[1]!)))
    return `\\${accent[2]}{${latexSymbol(accent[1]!)}}`;
  const under = name.indexOf('_');
  if (under > 0 && under < name.length - 1) {
    return `${latexSymbol(name.slice(0, under))}_{${latexSub(name.slice(under + 1))}}`;
  }
  const digits = /^([A-Za-z]+)(\d+)$/.exec(name);
  if (digits) return `${latexSymbol(digits[1]!)}_{${digits[2]}}`;
  if (GREEK.has(name)) return `\\${name}`;
  if (name.length === 1) return name === '$' ? '\\$' : name;
  return `\\mathrm{${name.replace(/[_$]/g, (c) => `\\${c}`)}}`;
}

const latexSub = (s: string): string => (/^\d+$/.test(s) || s.length === 1 ? s : latexSymbol(s));

function latexNumber(v: number): string {
  const s = String(Math.abs(v));
  const m = /^(\d+(?:\.\d+)?)e([+-])(\d+)$/.exec(s);
  const body = m ? `${m[1]} \\times 10^{${m[2] === '-' ? '-' : ''}${m[3]}}` : s;
  return v < 0 ? `-${body}` : body;
}

const paren = (text: string): string => `\\left(${text}\\right)`;
const wrapTex = (o: Out, prec: number): string => (o.prec < prec ? paren(o.text) : o.text);
const op = (name: string, args: readonly Out[]): Out =>
  atom(`${name}${paren(args.map((a) => a.text).join(', '))}`);

const NAMED: Record<string, string> = {
  sin: '\\sin',
  cos: '\\cos',
  tan: '\\tan',
  sec: '\\sec',
  csc: '\\csc',
  cot: '\\cot',
  asin: '\\arcsin',
  acos: '\\arccos',
  atan: '\\arctan',
  acot: '\\operatorname{arccot}',
  asec: '\\operatorname{arcsec}',
  acsc: '\\operatorname{arccsc}',
  atan2: '\\operatorname{atan2}',
  sinh: '\\sinh',
  cosh: '\\cosh',
  tanh: '\\tanh',
  coth: '\\coth',
  sech: '\\operatorname{sech}',
  csch: '\\operatorname{csch}',
  asinh: '\\operatorname{arsinh}',
  acosh: '\\operatorname{arcosh}',
  atanh: '\\operatorname{artanh}',
  acoth: '\\operatorname{arcoth}',
  asech: '\\operatorname{arsech}',
  acsch: '\\operatorname{arcsch}',
  log2: '\\log_{2}',
  log10: '\\log_{10}',
  sign: '\\operatorname{sgn}',
  heaviside: 'H',
  max: '\\max',
  min: '\\min',
  sigmoid: '\\sigma',
  relu: '\\operatorname{ReLU}',
  leaky_relu: '\\operatorname{LeakyReLU}',
  softplus: '\\operatorname{softplus}',
  erf: '\\operatorname{erf}',
  erfc: '\\operatorname{erfc}',
  logsumexp: '\\operatorname{logsumexp}',
};

const LATEX_COMPARISON = { gt: '>', ge: '\\geq', lt: '<', le: '\\leq' } as const;

const TEMPLATES: Record<string, (a: readonly Out[]) => Out> = {
  sqrt: ([u]) => atom(`\\sqrt{${u!.text}}`),
  cbrt: ([u]) => atom(`\\sqrt[3]{${u!.text}}`),
  abs: ([u]) => atom(`\\left|${u!.text}\\right|`),
  exp: ([u]) =>
    u!.text.includes('\\frac') ? op('\\exp', [u!]) : { text: `e^{${u!.text}}`, prec: P.power },
  log: (a) => (a.length === 1 ? op('\\ln', a) : op(`\\log_{${a[1]!.text}}`, [a[0]!])),
  log1p: ([u]) => op('\\ln', [atom(`1 + ${u!.text}`)]),
  expm1: ([u]) => atom(paren(`e^{${u!.text}} - 1`)),
};

function positivePart(n: Node): Node | undefined {
  if (isConstant(n)) return n.value < 0 ? makeConstant(-n.value) : undefined;
  if (!isOperator(n)) return undefined;
  if (n.fn === 'unaryMinus') return n.args[0];
  if (n.fn === 'multiply' || n.fn === 'divide') {
    const head = positivePart(n.args[0]!);
    return head && makeOp(n.fn, [head, n.args[1]!]);
  }
  return undefined;
}

/** A core tree as LaTeX. */
export function printLatex(node: Node): string {
  const memo = new Map<Node, Out>();
  const go = (n: Node): Out => {
    let out = memo.get(n);
    if (!out) memo.set(n, (out = one(n)));
    return out;
  };
  const one = (n: Node): Out => {
    if (isConstant(n)) return { text: latexNumber(n.value), prec: n.value < 0 ? P.unary : P.atom };
    if (isSymbol(n)) return atom(n.name === 'pi' ? '\\pi' : latexSymbol(n.name));
    const cond = conditionalParts(n);
    if (cond) {
      if (cond.a === cond.b) return go(cond.a);
      const test = `${go(cond.l).text} ${LATEX_COMPARISON[cond.op]} ${go(cond.r).text}`;
      // Below an atom so that a power's base gets parentheses; a product needs none.
      return {
        text: `\\begin{cases} ${go(cond.a).text} & \\text{if } ${test} \\\\ ${go(cond.b).text} & \\text{otherwise} \\end{cases}`,
        prec: P.power,
      };
    }
    if (isFunction(n)) {
      const args = n.args.map(go);
      const t = TEMPLATES[n.fn.name];
      return t ? t(args) : op(NAMED[n.fn.name] ?? `\\operatorname{${n.fn.name}}`, args);
    }
    if (!isOperator(n)) throw new GradLabError('internal', `Unexpected ${n.type} in a core tree.`);
    const [a, b] = n.args;
    switch (n.fn) {
      case 'add':
      case 'subtract': {
        const magnitude = positivePart(b!);
        const minus = (n.fn === 'subtract') !== (magnitude !== undefined);
        const right = go(magnitude ?? b!);
        return {
          text: `${wrapTex(go(a!), P.sum)} ${minus ? '-' : '+'} ${wrapTex(right, minus ? P.product : P.sum)}`,
          prec: P.sum,
        };
      }
      case 'multiply': {
        const left = wrapTex(go(a!), P.product);
        const r = go(b!);
        const right = wrapTex(r, r.prec === P.unary ? P.atom : P.product);
        // 2 x sin x, but 2 · 3 and x · (−y).
        const juxtapose = !/^[\d.-]/.test(right);
        return {
          text: juxtapose ? `${left} ${right}` : `${left} \\cdot ${right}`,
          prec: P.product,
        };
      }
      case 'divide':
        return { text: `\\frac{${go(a!).text}}{${go(b!).text}}`, prec: P.product };
      case 'unaryMinus': {
        const u = go(a!);
        const bare = (u.prec === P.product || u.prec > P.unary) && !u.text.startsWith('-');
        return {
          text: `-${bare ? u.text : paren(u.text)}`,
          prec: u.prec === P.product ? P.product : P.unary,
        };
      }
      case 'pow':
        return { text: `${wrapTex(go(a!), P.atom)}^{${go(b!).text}}`, prec: P.power };
      default:
        throw new GradLabError('internal', `Operator ${n.fn} in a core tree.`);
    }
  };
  return go(node).text;
}
