/**
 * Prints a core tree as code: mathjs text, JavaScript or Python. One precedence-climbing printer;
 * the dialects (js.ts, python.ts) supply the power operator, the constants and each function.
 * It never prints "+ -", "1 *" or "^ 1" (the simplifier removes the latter two; the printer turns
 * a + (−b) into a − b itself), and it never prints JavaScript's illegal `-x ** 2`.
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
  variablesOf,
} from '../nodes';
import { type Comparison, comparisonOf } from '../rules/conditional';

/** Precedence levels, loosest first. */
export const P = { cond: 0, cmp: 1, sum: 2, product: 3, unary: 4, power: 5, atom: 6 } as const;

/** A printed subtree and the precedence of its outermost operator. */
export interface Out {
  text: string;
  prec: number;
  /** The text begins with an unparenthesised power (x ** 2 * y), which JS forbids after a unary minus. */
  leftPow?: boolean;
}

export interface Dialect {
  /** The power operator with its spaces: ' ^ ' or ' ** '. */
  readonly powOp: string;
  /** JavaScript forbids a unary operator right before `**`: -(x ** 2) needs its parentheses. */
  readonly unaryBeforePowNeedsParens: boolean;
  constant(name: string): string;
  /** The call of a canonical function, or a template expression for it. */
  call(name: string, args: readonly Out[], ctx: CallContext): Out;
  /** `cond ? a : b` in the dialect's own form; `cond` is printed already (`x > 0`). */
  conditional(cond: string, a: Out, b: Out, ctx: CallContext): Out;
}

export interface CallContext {
  /** The argument nodes (for templates that check whether an argument is constant). */
  readonly nodes: readonly Node[];
  /** Helper functions the printed code needs that the language lacks (JS has no erf). */
  readonly helpers: Set<string>;
}

export const atom = (text: string): Out => ({ text, prec: P.atom });
/** `out` in parentheses when it binds looser than `prec`. */
export const wrap = (out: Out, prec: number): string =>
  out.prec < prec ? `(${out.text})` : out.text;
/** A plain call: name(a, b). */
export const callOf = (name: string, args: readonly Out[]): Out =>
  atom(`${name}(${args.map((a) => a.text).join(', ')})`);
/** −u as text, parenthesised unless u is an atom or a power: −x, −x², −(x + 1). */
export const negText = (u: Out): string =>
  u.prec >= P.power && !u.text.startsWith('-') ? `-${u.text}` : `-(${u.text})`;
/** True when the argument tree has no variables (a constant expression). */
export const isConstantTree = (n: Node): boolean => variablesOf(n).length === 0;

const formatNumber = (v: number): string => String(v);

export const COMPARISON_TEXT: Readonly<Record<Comparison, string>> = {
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
};

/** `cond ? a : b` with `?:` syntax (mathjs, JavaScript): a conditional in the first branch gets parentheses. */
export const ternary = (cond: string, a: Out, b: Out): Out => ({
  text: `${cond} ? ${wrap(a, P.cond + 1)} : ${b.text}`,
  prec: P.cond,
});

/**
 * The branches a conditional node prints: [l, r, a, b] of if_*(l, r, a, b), or the derivative
 * branches [l, r, da, db] of dif_*(l, r, a, b, da, db). Undefined for other nodes.
 */
export function conditionalParts(
  n: Node,
): { op: Comparison; l: Node; r: Node; a: Node; b: Node } | undefined {
  if (!isFunction(n)) return undefined;
  const c = comparisonOf(n.fn.name);
  if (!c) return undefined;
  const [l, r, a, b, da, db] = n.args;
  return c.derivative
    ? { op: c.op, l: l!, r: r!, a: da!, b: db! }
    : { op: c.op, l: l!, r: r!, a: a!, b: b! };
}

/** The magnitude of a negative-looking node (−b, −3, −2·x/y), for printing a + (−b) as a − b. */
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

export function printCode(node: Node, dialect: Dialect): { text: string; helpers: string[] } {
  const helpers = new Set<string>();
  const memo = new Map<Node, Out>();
  const go = (n: Node): Out => {
    const hit = memo.get(n);
    if (hit) return hit;
    const out = printOne(n);
    memo.set(n, out);
    return out;
  };

  const printOne = (n: Node): Out => {
    if (isConstant(n)) {
      const text = formatNumber(n.value);
      return { text, prec: n.value < 0 ? P.unary : P.atom };
    }
    if (isSymbol(n))
      return atom(n.name === 'pi' || n.name === 'e' ? dialect.constant(n.name) : n.name);
    const cond = conditionalParts(n);
    if (cond) {
      // Equal branches (the derivative of a kink between parallel lines) need no condition.
      if (cond.a === cond.b) return go(cond.a);
      const test = `${wrap(go(cond.l), P.sum)} ${COMPARISON_TEXT[cond.op]} ${wrap(go(cond.r), P.sum)}`;
      return dialect.conditional(test, go(cond.a), go(cond.b), {
        nodes: [cond.a, cond.b],
        helpers,
      });
    }
    if (isFunction(n)) return dialect.call(n.fn.name, n.args.map(go), { nodes: n.args, helpers });
    if (!isOperator(n)) throw new GradLabError('internal', `Unexpected ${n.type} in a core tree.`);
    const [a, b] = n.args;
    switch (n.fn) {
      case 'add':
      case 'subtract': {
        const l = go(a!);
        const left = wrap(l, P.sum);
        const magnitude = positivePart(b!);
        const minus = (n.fn === 'subtract') !== (magnitude !== undefined);
        const right = go(magnitude ?? b!);
        return {
          text: `${left} ${minus ? '-' : '+'} ${wrap(right, minus ? P.product : P.sum)}`,
          prec: P.sum,
          leftPow: l.prec >= P.sum && l.leftPow === true,
        };
      }
      case 'multiply':
      case 'divide': {
        const l = go(a!);
        const left = wrap(l, P.product);
        const r = go(b!);
        // A product or quotient on the right gets parentheses (x * (1 / u), never x * 1 / u),
        // and so does a unary right side (x * (-y)).
        const rightPrec = P.unary + 1;
        return {
          text: `${left} ${n.fn === 'multiply' ? '*' : '/'} ${wrap(r, rightPrec)}`,
          prec: P.product,
          leftPow: l.prec >= P.product && l.leftPow === true,
        };
      }
      case 'unaryMinus': {
        const u = go(a!);
        // −(a·b) = (−a)·b exactly, so a product needs no parentheses; a sum or a negation does.
        if (dialect.unaryBeforePowNeedsParens && u.leftPow)
          return { text: `-(${u.text})`, prec: P.unary };
        if (u.prec === P.product) return { text: `-${u.text}`, prec: P.product };
        if (u.prec <= P.unary || u.text.startsWith('-'))
          return { text: `-(${u.text})`, prec: P.unary };
        return { text: `-${u.text}`, prec: P.unary };
      }
      case 'pow': {
        const base = wrap(go(a!), P.atom);
        const exp = go(b!);
        // Right-associative: x ^ y ^ z is x ^ (y ^ z); a unary exponent (x ^ -2) is legal everywhere.
        return {
          text: `${base}${dialect.powOp}${wrap(exp, P.unary)}`,
          prec: P.power,
          leftPow: true,
        };
      }
      default:
        throw new GradLabError('internal', `Operator ${n.fn} in a core tree.`);
    }
  };
  const out = go(node);
  return { text: out.text, helpers: [...helpers].sort() };
}
