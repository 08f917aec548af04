/**
 * mathjs syntax: mathjs's own parser (so `2x`, `x^2`, implicit multiplication and precedence are
 * exactly mathjs's), then a pass that checks the tree and brings it to core form: canonical
 * function names, macros expanded, parentheses dropped.
 */
import { GradLabError, type Place } from '../../errors';
import { type Node, getMath, makeConstant, makeOp, makeSymbol } from '../nodes';
import { derivativeOf } from '../derivative';
import { describeArity, isRuleName, resolveFunction } from './functionNames';
import { findIdentifier, findText } from './locate';

const place = (column: number | undefined): Place | undefined =>
  column === undefined ? undefined : { kind: 'expression', column };

const OPERATORS: Record<string, 'add' | 'subtract' | 'multiply' | 'divide' | 'pow' | 'unaryMinus'> =
  {
    add: 'add',
    subtract: 'subtract',
    multiply: 'multiply',
    dotMultiply: 'multiply',
    divide: 'divide',
    dotDivide: 'divide',
    pow: 'pow',
    dotPow: 'pow',
    unaryMinus: 'unaryMinus',
  };

interface AnyNode {
  type: string;
  [k: string]: unknown;
}

export function parseMathjs(text: string): Node {
  let tree: AnyNode;
  try {
    tree = getMath().parse(text) as unknown as AnyNode;
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e; // a stack overflow is not a syntax error
    const char = (e as { char?: unknown }).char;
    const message = (e instanceof Error ? e.message : String(e)).replace(/\s*\(char \d+\)\s*$/, '');
    // mathjs's `char` is already the 1-based column of the offending character.
    throw new GradLabError('syntax', message, place(typeof char === 'number' ? char : undefined), {
      cause: e,
    });
  }
  return toCore(tree, text);
}

/**
 * mathjs's own `derivative(expr, x)` inside an expression, as in x * derivative("e^x", "x"):
 * the inner derivative is taken first, by our rules (mathjs gets this one wrong, #3528).
 */
function innerDerivative(args: AnyNode[], text: string, column: number | undefined): Node {
  const [expr, variable] = args;
  const nameOf = (a: AnyNode | undefined): string | undefined =>
    a?.type === 'SymbolNode'
      ? (a['name'] as string)
      : a?.type === 'ConstantNode' && typeof a['value'] === 'string'
        ? a['value']
        : undefined;
  const v = nameOf(variable);
  if (args.length !== 2 || !expr || v === undefined || !/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(v)) {
    throw new GradLabError(
      'bad-argument',
      'derivative takes an expression and a variable: derivative(x^2, x).',
      place(column),
    );
  }
  const inner =
    expr.type === 'ConstantNode' && typeof expr['value'] === 'string'
      ? parseMathjs(expr['value'])
      : toCore(expr, text);
  return derivativeOf(inner, v);
}

function toCore(n: AnyNode, text: string): Node {
  switch (n.type) {
    case 'ParenthesisNode':
      return toCore(n['content'] as AnyNode, text);
    case 'ConstantNode': {
      const v = n['value'];
      if (typeof v === 'number' && Number.isFinite(v)) return makeConstant(v);
      throw new GradLabError(
        'unsupported',
        `Only numbers are supported as constants, not ${JSON.stringify(v)}.`,
        place(1),
      );
    }
    case 'SymbolNode': {
      const name = n['name'] as string;
      if (isRuleName(name)) {
        throw new GradLabError(
          'syntax',
          `${name} is a function: write ${name}(…).`,
          place(findIdentifier(text, name)),
        );
      }
      return makeSymbol(name);
    }
    case 'OperatorNode': {
      const fn = n['fn'] as string;
      const args = (n['args'] as AnyNode[]).map((a) => toCore(a, text));
      if (fn === 'unaryPlus') return args[0]!;
      const core = OPERATORS[fn];
      if (!core) {
        const op = n['op'] as string;
        throw new GradLabError(
          'unsupported',
          `The operator ${op} is not supported in a derivative.`,
          place(findText(text, op)),
        );
      }
      return makeOp(core, args);
    }
    case 'FunctionNode': {
      const callee = n['fn'] as AnyNode;
      if (callee.type !== 'SymbolNode') {
        throw new GradLabError(
          'unsupported',
          'Only calls of named functions are supported.',
          place(1),
        );
      }
      const name = callee['name'] as string;
      const column = findIdentifier(text, name, true);
      if (name === 'derivative') return innerDerivative(n['args'] as AnyNode[], text, column);
      const resolved = resolveFunction(name);
      if (!resolved)
        throw new GradLabError('unknown-function', `Unknown function ${name}.`, place(column));
      const args = (n['args'] as AnyNode[]).map((a) => toCore(a, text));
      const [min, max] = resolved.arity;
      if (args.length < min || args.length > max) {
        throw new GradLabError(
          'bad-argument',
          `${name} takes ${describeArity(resolved.arity)}, got ${args.length}.`,
          place(column),
        );
      }
      return resolved.build(args);
    }
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      throw new GradLabError(
        'unsupported',
        'Assignments are not supported: give the right-hand side only.',
        place(findText(text, '=')),
      );
    default:
      throw new GradLabError(
        'unsupported',
        `${n.type.replace(/Node$/, '')} expressions are not supported: use numbers, variables, operators and functions.`,
        place(1),
      );
  }
}
