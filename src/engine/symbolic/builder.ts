/**
 * Folding constructors for the trees the rules build: the cheap rewriter that keeps raw
 * derivatives small before simplification. Every fold is an identity (x + 0 = x, 1·x = x, x¹ = x,
 * −(−x) = x, constants computed), except that 0·u and 0/u fold to 0 even where u is undefined,
 * as every computer-algebra system does.
 */
import {
  type Node,
  childrenOf,
  isConstant,
  isSymbol,
  isValue,
  makeCall,
  makeConstant,
  makeOp,
  makeSymbol,
  opOf,
} from './nodes';
import * as Q from './rational';

export const num = (v: number): Node => makeConstant(v);

/**
 * a ∘ b for two constants, computed on the decimals they were written as (0.1 + 0.2 = 0.3,
 * not 0.30000000000000004), or undefined when that is not exact.
 */
function foldExact(
  a: number,
  b: number,
  op: (x: Q.Rational, y: Q.Rational) => Q.Rational,
): number | undefined {
  const r = op(Q.fromNumber(a), Q.fromNumber(b));
  return Q.isExact(r) ? Q.toNumber(r) : undefined;
}
export const sym = (name: string): Node => makeSymbol(name);

const valueOf = (n: Node): number | undefined => (isConstant(n) ? n.value : undefined);

export function neg(a: Node): Node {
  const v = valueOf(a);
  if (v !== undefined) return num(v === 0 ? 0 : -v);
  if (opOf(a) === 'unaryMinus') return childrenOf(a)[0]!;
  return makeOp('unaryMinus', [a]);
}

export function add(a: Node, b: Node): Node {
  if (isValue(a, 0)) return b;
  if (isValue(b, 0)) return a;
  const va = valueOf(a);
  const vb = valueOf(b);
  const sum = va !== undefined && vb !== undefined ? foldExact(va, vb, Q.add) : undefined;
  if (sum !== undefined) return num(sum);
  if (opOf(b) === 'unaryMinus') return sub(a, childrenOf(b)[0]!);
  if (vb !== undefined && vb < 0) return makeOp('subtract', [a, num(-vb)]);
  return makeOp('add', [a, b]);
}

export function sub(a: Node, b: Node): Node {
  if (isValue(b, 0)) return a;
  if (isValue(a, 0)) return neg(b);
  const va = valueOf(a);
  const vb = valueOf(b);
  const diff = va !== undefined && vb !== undefined ? foldExact(va, -vb, Q.add) : undefined;
  if (diff !== undefined) return num(diff);
  if (opOf(b) === 'unaryMinus') return add(a, childrenOf(b)[0]!);
  if (vb !== undefined && vb < 0) return makeOp('add', [a, num(-vb)]);
  return makeOp('subtract', [a, b]);
}

export function mul(a: Node, b: Node): Node {
  if (isValue(a, 0) || isValue(b, 0)) return num(0);
  if (isValue(a, 1)) return b;
  if (isValue(b, 1)) return a;
  if (isValue(a, -1)) return neg(b);
  if (isValue(b, -1)) return neg(a);
  const va = valueOf(a);
  const vb = valueOf(b);
  const product = va !== undefined && vb !== undefined ? foldExact(va, vb, Q.mul) : undefined;
  if (product !== undefined) return num(product);
  if (opOf(a) === 'unaryMinus') return neg(mul(childrenOf(a)[0]!, b));
  if (opOf(b) === 'unaryMinus') return neg(mul(a, childrenOf(b)[0]!));
  // Constants lead, as people write them: 2·x, not x·2.
  if (vb !== undefined) return makeOp('multiply', [b, a]);
  return makeOp('multiply', [a, b]);
}

export function div(a: Node, b: Node): Node {
  if (isValue(a, 0)) return num(0);
  if (isValue(b, 1)) return a;
  if (isValue(b, -1)) return neg(a);
  const va = valueOf(a);
  const vb = valueOf(b);
  // Only exact quotients fold: 1/3 stays a fraction so that the simplifier keeps it exact.
  if (va !== undefined && vb !== undefined && vb !== 0 && Number.isInteger(va / vb))
    return num(va / vb);
  if (opOf(a) === 'unaryMinus') return neg(div(childrenOf(a)[0]!, b));
  if (opOf(b) === 'unaryMinus') return neg(div(a, childrenOf(b)[0]!));
  return makeOp('divide', [a, b]);
}

export function pow(a: Node, b: Node): Node {
  if (isValue(b, 0)) return num(1);
  if (isValue(b, 1)) return a;
  if (isValue(a, 1)) return num(1);
  const va = valueOf(a);
  const vb = valueOf(b);
  if (va !== undefined && vb !== undefined) {
    const v = Math.pow(va, vb);
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 53) return num(v);
  }
  return makeOp('pow', [a, b]);
}

/** A call with the folds that keep derivative trees tidy: ln e = 1, ln 1 = 0, exp 0 = 1. */
export function call(name: string, ...args: Node[]): Node {
  const [u] = args;
  if (u !== undefined && args.length === 1) {
    if (name === 'log' && isSymbol(u) && u.name === 'e') return num(1);
    if (name === 'log' && isValue(u, 1)) return num(0);
    if (name === 'exp' && isValue(u, 0)) return num(1);
  }
  return makeCall(name, args);
}

export const square = (u: Node): Node => pow(u, num(2));
