/**
 * The expression tree: mathjs's own node classes, from a mathjs instance created on first use so
 * that importing the engine does no heavy work. Only the parse factory is pulled in (esbuild
 * tree-shakes the rest of mathjs away).
 *
 * After parsing, every tree is in "core" form, which the rules, the evaluator and the printers
 * rely on: ConstantNode (a finite number), SymbolNode (a variable, or the constants `pi`, `e`),
 * OperatorNode add | subtract | multiply | divide | pow (binary) and unaryMinus, and FunctionNode
 * named after a rule in rules/ with that rule's arity. No ParenthesisNode.
 */
import {
  create,
  parseDependencies,
  type ConstantNode,
  type FactoryFunctionMap,
  type FunctionNode,
  type MathJsInstance,
  type MathNode,
  type OperatorNode,
  type OperatorNodeFn,
  type OperatorNodeOp,
  type SymbolNode,
} from 'mathjs';

export type Node = MathNode;
export type OpNode = OperatorNode<OperatorNodeOp, OperatorNodeFn>;
export type CoreOp = 'add' | 'subtract' | 'multiply' | 'divide' | 'pow' | 'unaryMinus';

let instance: MathJsInstance | undefined;

/** The lazily created mathjs instance (parse and the node classes only). */
export function getMath(): MathJsInstance {
  instance ??= create({ parseDependencies } as FactoryFunctionMap);
  return instance;
}

/** Names that are constants, not variables, in every syntax. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

export const isConstant = (n: Node): n is ConstantNode<number> => n.type === 'ConstantNode';
export const isSymbol = (n: Node): n is SymbolNode => n.type === 'SymbolNode';
export const isOperator = (n: Node): n is OpNode => n.type === 'OperatorNode';
export const isFunction = (n: Node): n is FunctionNode => n.type === 'FunctionNode';

/** True for a ConstantNode holding exactly `v`. */
export const isValue = (n: Node, v: number): boolean => isConstant(n) && n.value === v;

/** The operator name of a core OperatorNode (`add`, `pow`, ...), or undefined. */
export function opOf(n: Node): CoreOp | undefined {
  return isOperator(n) ? (n.fn as CoreOp) : undefined;
}

/** The function name of a FunctionNode, or undefined. */
export function fnName(n: Node): string | undefined {
  return isFunction(n) ? n.fn.name : undefined;
}

/** Children of a core node (operator or function arguments; none for leaves). */
export function childrenOf(n: Node): readonly Node[] {
  if (isOperator(n) || isFunction(n)) return n.args;
  return [];
}

const OP_SYMBOL: Record<CoreOp, OperatorNodeOp> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
  unaryMinus: '-',
};

// Raw constructors: no folding. The folding builders live in builder.ts.
export function makeConstant(value: number): Node {
  return new (getMath().ConstantNode)(value);
}
export function makeSymbol(name: string): Node {
  return new (getMath().SymbolNode)(name);
}
export function makeOp(fn: CoreOp, args: Node[]): Node {
  const Ctor = getMath().OperatorNode as unknown as new (
    op: string,
    fn: string,
    args: Node[],
  ) => Node;
  return new Ctor(OP_SYMBOL[fn], fn, args);
}
export function makeCall(name: string, args: Node[]): Node {
  const M = getMath();
  return new M.FunctionNode(new M.SymbolNode(name), args);
}

/** Number of nodes in a tree (shared subtrees counted each time they are reached). */
export function sizeOf(n: Node, limit = Infinity): number {
  let count = 0;
  const stack: Node[] = [n];
  while (stack.length > 0 && count <= limit) {
    const top = stack.pop()!;
    count++;
    for (const c of childrenOf(top)) stack.push(c);
  }
  return count;
}

/** The variables of a core tree, in order of first appearance (left to right). */
export function variablesOf(n: Node): string[] {
  const seen = new Set<string>();
  const visit = (m: Node): void => {
    if (isSymbol(m)) {
      if (!CONSTANTS.has(m.name)) seen.add(m.name);
      return;
    }
    for (const c of childrenOf(m)) visit(c);
  };
  visit(n);
  return [...seen];
}
