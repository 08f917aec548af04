/**
 * The chain rule over the core tree: d(node)/d(variable), dispatching on the node's kind to the
 * operator and function tables in rules/. Shared subtrees are differentiated once.
 */
import { num } from './builder';
import { GradLabError } from '../errors';
import { type CoreOp, type Node, isConstant, isFunction, isOperator, isSymbol } from './nodes';
import { FUNCTION_RULES, OPERATOR_RULES } from './rules';

/** ∂node/∂variable, folded by the cheap rewriter (builder.ts) but not simplified. */
export function derivativeOf(node: Node, variable: string): Node {
  const memo = new Map<Node, Node>();
  const d = (n: Node): Node => {
    const hit = memo.get(n);
    if (hit) return hit;
    let out: Node;
    if (isConstant(n)) out = num(0);
    else if (isSymbol(n)) out = num(n.name === variable ? 1 : 0);
    else if (isOperator(n)) out = OPERATOR_RULES[n.fn as CoreOp].derivative(n.args, n.args.map(d));
    else if (isFunction(n)) {
      const rule = FUNCTION_RULES.get(n.fn.name);
      if (!rule) throw new GradLabError('internal', `No derivative rule for ${n.fn.name}.`);
      out = rule.derivative(n.args, n.args.map(d));
    } else throw new GradLabError('internal', `Unexpected ${n.type} in a core tree.`);
    memo.set(n, out);
    return out;
  };
  return d(node);
}
