/**
 * Compiles a core tree into a plain JavaScript closure tree: no eval, no mathjs at run time, a few
 * nanoseconds per node, safe in a worker or a webview with a strict CSP. A value that is not a
 * finite number (log of a negative, 1/0, the kink of relu′) is reported as null.
 */
import { GradLabError } from '../errors';
import {
  CONSTANTS,
  type CoreOp,
  type Node,
  isConstant,
  isFunction,
  isOperator,
  isSymbol,
} from './nodes';
import { FUNCTION_RULES, OPERATOR_RULES } from './rules';

/** A compiled tree: values of the variables in a fixed order → the raw number (NaN allowed). */
export type RawFunction = (values: ArrayLike<number>) => number;

/** Compile `node`; `order` gives each variable's index in the values array. */
export function compileRaw(node: Node, order: readonly string[]): RawFunction {
  const index = new Map(order.map((v, i) => [v, i]));
  const memo = new Map<Node, RawFunction>();
  const build = (n: Node): RawFunction => {
    const hit = memo.get(n);
    if (hit) return hit;
    const f = buildOne(n, index, build);
    memo.set(n, f);
    return f;
  };
  return build(node);
}

function buildOne(
  n: Node,
  index: ReadonlyMap<string, number>,
  build: (n: Node) => RawFunction,
): RawFunction {
  if (isConstant(n)) {
    const v = n.value;
    return () => v;
  }
  if (isSymbol(n)) {
    const c = CONSTANTS.get(n.name);
    if (c !== undefined) return () => c;
    const i = index.get(n.name);
    if (i === undefined) throw new GradLabError('internal', `Variable ${n.name} has no index.`);
    return (vs) => vs[i]!;
  }
  let evaluate: (...args: number[]) => number;
  if (isOperator(n)) evaluate = OPERATOR_RULES[n.fn as CoreOp].evaluate;
  else if (isFunction(n)) {
    const rule = FUNCTION_RULES.get(n.fn.name);
    if (!rule) throw new GradLabError('internal', `No rule for ${n.fn.name}.`);
    evaluate = rule.evaluate;
  } else throw new GradLabError('internal', `Unexpected ${n.type} in a core tree.`);
  const args = (n as unknown as { args: Node[] }).args.map(build);
  // Fixed-arity closures avoid spreading an array on every call.
  if (args.length === 1) {
    const [a] = args as [RawFunction];
    return (vs) => evaluate(a(vs));
  }
  if (args.length === 2) {
    const [a, b] = args as [RawFunction, RawFunction];
    return (vs) => evaluate(a(vs), b(vs));
  }
  return (vs) => evaluate(...args.map((a) => a(vs)));
}

/** The number, or null when it is not finite. */
export const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
