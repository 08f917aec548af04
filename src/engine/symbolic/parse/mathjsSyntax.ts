/**
 * mathjs syntax: mathjs's own parser (so `2x`, `x^2`, implicit multiplication and precedence are
 * exactly mathjs's), then a pass that checks the tree and brings it to core form: canonical
 * function names, macros expanded, parentheses dropped.
 *
 * Beyond mathjs: text pasted from papers is read as meant (− × · ÷ as operators, x² and x⁻¹ as
 * powers, √x and √(x+1) as square roots, π and PI as pi), `y = …` and `f(x) = …` give their
 * right-hand side, `l > r ? a : b` is a conditional, and x(x + 1) is a product when x is a
 * variable of the expression (mathjs would call a function x). Error columns always point into
 * the text as given.
 */
import { GradLabError, type Place } from '../../errors';
import { type Node, getMath, makeCall, makeConstant, makeOp, makeSymbol } from '../nodes';
import { derivativeOf } from '../derivative';
import { describeArity, isRuleName, resolveCall, resolveFunction } from './functionNames';
import { findIdentifier, findText } from './locate';
import { fromLatex, looksLikeLatex } from './latexInput';
import { SUPERSCRIPTS, UNICODE_OPERATORS, superscriptValue } from './tokenize';

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

const COMPARISONS: Record<string, string> = {
  larger: 'gt',
  largerEq: 'ge',
  smaller: 'lt',
  smallerEq: 'le',
};

/** The text mathjs is given, and for each of its characters the offset in the original. */
interface Normalized {
  text: string;
  origin: number[];
}

/**
 * Typographic operators to ASCII, x² to x^2, x⁻¹ to x^-1, √x to sqrt(x) and √(…) to sqrt(…),
 * keeping for every character where it came from.
 */
function normalize(text: string): Normalized {
  let out = '';
  const origin: number[] = [];
  const emit = (s: string, from: number): void => {
    out += s;
    for (let k = 0; k < s.length; k++) origin.push(from);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const op = UNICODE_OPERATORS[ch];
    if (op) emit(op, i);
    else if (SUPERSCRIPTS[ch] !== undefined) {
      let j = i;
      while (j < text.length && SUPERSCRIPTS[text[j]!] !== undefined) j++;
      const value = superscriptValue(text.slice(i, j));
      emit(Number.isFinite(value) ? `^${value < 0 ? `(${value})` : value}` : text.slice(i, j), i);
      i = j - 1;
    } else if (ch === '√') {
      const rest = text.slice(i + 1);
      const operand = /^\s*(?:[\p{L}_$][\p{L}\p{N}_$]*|\d+(?:\.\d*)?)/u.exec(rest);
      // A space first: \sigma√x must not read as the command \sigmasqrt.
      if (/^\s*\(/.test(rest) || !operand) emit(' sqrt', i);
      else {
        emit(' sqrt(', i);
        for (let k = 0; k < operand[0].length; k++) emit(rest[k]!, i + 1 + k);
        emit(')', i + operand[0].length);
        i += operand[0].length;
      }
    } else emit(ch, i);
  }
  const plain = { text: out, origin };
  const mathjs = looksLikeLatex(text) ? fromLatex(plain) : plain;
  return powerOfFunction(applyWithoutParentheses(dropDoubledParentheses(mathjs)));
}

/**
 * ((…)) → (…): parentheses that directly wrap another pair add nothing, and mathjs's parser
 * spends about 20 stack frames on each level (500 levels would overflow it).
 */
function dropDoubledParentheses(n: Normalized): Normalized {
  if (!n.text.includes('((')) return n;
  const match = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < n.text.length; i++) {
    if (n.text[i] === '(') open.push(i);
    else if (n.text[i] === ')') {
      const o = open.pop();
      if (o === undefined) return n; // unbalanced: mathjs reports it with its column
      match.set(o, i);
    }
  }
  if (open.length > 0) return n;
  const drop = new Set<number>();
  for (const [o, c] of match) {
    if (n.text[o + 1] === '(' && match.get(o + 1) === c - 1) drop.add(o + 1).add(c - 1);
  }
  if (drop.size === 0) return n;
  let text = '';
  const origin: number[] = [];
  for (let i = 0; i < n.text.length; i++) {
    if (drop.has(i)) continue;
    text += n.text[i];
    origin.push(n.origin[i]!);
  }
  return { text, origin };
}

/** Functions written without parentheses in textbooks and homework: sin x, ln x, cos 2x. */
const PREFIX_FUNCTIONS = new Set([
  'sin',
  'cos',
  'tan',
  'sec',
  'csc',
  'cot',
  'sinh',
  'cosh',
  'tanh',
  'arcsin',
  'arccos',
  'arctan',
  'asin',
  'acos',
  'atan',
  'exp',
  'ln',
  'log',
  'log2',
  'log10',
  'sqrt',
  'erf',
]);
const NAME = '[\\p{L}_][\\p{L}\\p{N}_]*';
const NUMBER = '\\d+(?:\\.\\d+)?';
/**
 * A function name, an optional power (sin^2 x), then an operand without parentheses: a number
 * and/or a name, with an optional power of its own (sin x^2, cos 2x, ln x).
 */
const PREFIX_APPLICATION = new RegExp(
  `(?<![\\p{L}\\p{N}_$.])(${NAME})(\\s*\\^\\s*\\d+)?\\s+((?:${NUMBER})?(?:${NAME})?(?:\\s*\\^\\s*(?:${NUMBER}|${NAME}|\\([^()]*\\)))?)`,
  'gu',
);

/**
 * sin x → sin(x), cos 2x → cos(2x), ln x^2 → ln(x^2), sin^2 x → sin(x)^2: the textbook
 * convention that a function applies to the term after it. Only for the functions above, and
 * only when the operand is not itself a function name.
 */
function applyWithoutParentheses(n: Normalized): Normalized {
  for (let guard = 0; guard < 32; guard++) {
    PREFIX_APPLICATION.lastIndex = 0;
    let m: RegExpExecArray | null;
    let hit: RegExpExecArray | undefined;
    while ((m = PREFIX_APPLICATION.exec(n.text))) {
      const operand = m[3]!;
      const head = /^[\d.]*([\p{L}_][\p{L}\p{N}_]*)?/u.exec(operand)?.[1];
      if (
        PREFIX_FUNCTIONS.has(m[1]!) &&
        operand.trim() !== '' &&
        !(head && (isRuleName(head) || PREFIX_FUNCTIONS.has(head)))
      ) {
        hit = m;
        break;
      }
      PREFIX_APPLICATION.lastIndex = m.index + 1;
    }
    if (!hit) return n;
    const name = hit[1]!;
    const power = hit[2] ?? '';
    const operand = hit[3]!;
    const start = hit.index;
    const operandStart = start + hit[0].length - operand.length;
    const end = start + hit[0].length;
    const at = (i: number): number => n.origin[i]!;
    const text = n.text.slice(0, start) + name + '(' + operand + ')' + power + n.text.slice(end);
    const origin = [
      ...n.origin.slice(0, start + name.length),
      at(operandStart),
      ...n.origin.slice(operandStart, end),
      at(end - 1),
      ...n.origin.slice(start + name.length, start + name.length + power.length),
      ...n.origin.slice(end),
    ];
    n = { text, origin };
  }
  return n;
}

/** A name, ^N or ², then '(': sin^2(x) and sin²(x), which mean sin(x)^2 in textbooks. */
const FUNCTION_POWER = /([\p{L}_$][\p{L}\p{N}_$]*)\s*\^\s*(\d+)\s*\(/gu;

/** sin^2(x) → sin(x)^2 for a function name, keeping the origin of every character. */
function powerOfFunction(n: Normalized): Normalized {
  for (let guard = 0; guard < 16; guard++) {
    FUNCTION_POWER.lastIndex = 0;
    let m: RegExpExecArray | null;
    let found: { m: RegExpExecArray; close: number } | undefined;
    while ((m = FUNCTION_POWER.exec(n.text))) {
      const before = m.index > 0 ? n.text[m.index - 1]! : '';
      if (/[\p{L}_$.]/u.test(before) || !isRuleName(m[1]!)) continue;
      const open = m.index + m[0].length - 1;
      let depth = 0;
      let close = -1;
      for (let k = open; k < n.text.length; k++) {
        if (n.text[k] === '(') depth++;
        else if (n.text[k] === ')' && --depth === 0) {
          close = k;
          break;
        }
      }
      if (close > 0) {
        found = { m, close };
        break;
      }
    }
    if (!found) return n;
    const { m: hit, close } = found;
    const name = hit[1]!;
    const open = hit.index + hit[0].length - 1;
    const power = n.text.slice(hit.index + name.length, open); // "^2" with its spaces
    const text =
      n.text.slice(0, hit.index + name.length) +
      n.text.slice(open, close + 1) +
      power +
      n.text.slice(close + 1);
    const origin = [
      ...n.origin.slice(0, hit.index + name.length),
      ...n.origin.slice(open, close + 1),
      ...n.origin.slice(hit.index + name.length, open),
      ...n.origin.slice(close + 1),
    ];
    n = { text, origin };
  }
  return n;
}

/** An error found in the normalized text, with its column moved back into the original. */
function relocate(e: GradLabError, n: Normalized, original: string): GradLabError {
  if (e.place?.kind !== 'expression' || n.text === original) return e;
  const i = e.place.column - 1;
  const column = i < n.origin.length ? n.origin[i]! + 1 : original.length + 1;
  return new GradLabError(e.code, e.message, { kind: 'expression', column }, { cause: e.cause });
}

export function parseMathjs(original: string): Node {
  const normalized = normalize(original);
  try {
    return parseNormalized(normalized.text);
  } catch (e) {
    throw e instanceof GradLabError ? relocate(e, normalized, original) : e;
  }
}

function parseNormalized(text: string): Node {
  let tree: AnyNode;
  try {
    tree = getMath().parse(text) as unknown as AnyNode;
  } catch (e) {
    // A stack overflow is not a syntax error; anything else mathjs throws while parsing is one
    // (it throws TypeError for some malformed assignments).
    if (e instanceof RangeError || !(e instanceof Error)) throw e;
    if (!(e instanceof SyntaxError)) {
      throw new GradLabError('syntax', 'Invalid left-hand side of =.', place(findText(text, '=')), {
        cause: e,
      });
    }
    const char = (e as { char?: unknown }).char;
    const message = (e instanceof Error ? e.message : String(e)).replace(/\s*\(char \d+\)\s*$/, '');
    // mathjs's `char` is already the 1-based column of the offending character.
    throw new GradLabError('syntax', message, place(typeof char === 'number' ? char : undefined), {
      cause: e,
    });
  }
  return new Converter(text, tree).core(tree);
}

/**
 * mathjs's own `derivative(expr, x)` inside an expression, as in x * derivative("e^x", "x"):
 * the inner derivative is taken first, by our rules (mathjs gets this one wrong, #3528).
 */
function innerDerivative(
  args: AnyNode[],
  column: number | undefined,
  toCore: (n: AnyNode) => Node,
): Node {
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
      : toCore(expr);
  return derivativeOf(inner, v);
}

/** The child nodes of a mathjs node that hold values (a call's callee is not one). */
function valueChildren(n: AnyNode): AnyNode[] {
  switch (n.type) {
    case 'ParenthesisNode':
      return [n['content'] as AnyNode];
    case 'OperatorNode':
    case 'FunctionNode':
      return n['args'] as AnyNode[];
    case 'ConditionalNode':
      return [n['condition'], n['trueExpr'], n['falseExpr']] as AnyNode[];
    case 'AssignmentNode':
      return [n['value'] as AnyNode];
    case 'FunctionAssignmentNode':
      return [n['expr'] as AnyNode];
    case 'BlockNode':
      return (n['blocks'] as { node: AnyNode }[]).map((b) => b.node);
    case 'RelationalNode':
      return n['params'] as AnyNode[];
    default:
      return [];
  }
}

/** Names used as values (not as callees) anywhere in the tree. */
function valueSymbols(root: AnyNode): Set<string> {
  const names = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'SymbolNode') names.add(n['name'] as string);
    else stack.push(...valueChildren(n));
  }
  return names;
}

class Converter {
  private symbols: Set<string> | undefined;

  constructor(
    private readonly text: string,
    private readonly root: AnyNode,
  ) {}

  /** Whether `name` is used as a variable somewhere in the expression. */
  private isVariable(name: string): boolean {
    this.symbols ??= valueSymbols(this.root);
    return this.symbols.has(name);
  }

  core(n: AnyNode): Node {
    const text = this.text;
    switch (n.type) {
      case 'ParenthesisNode':
        return this.core(n['content'] as AnyNode);
      case 'ConstantNode': {
        const v = n['value'];
        if (typeof v === 'number' && Number.isFinite(v)) return makeConstant(v);
        if (typeof v === 'number') {
          const literal = /\bInfinity\b|\bNaN\b|\d[\d.]*[eE]\+?\d+/.exec(text);
          throw new GradLabError(
            'unsupported',
            `${literal?.[0] ?? String(v)} is not a finite number: derivatives need finite constants.`,
            place(literal ? literal.index + 1 : 1),
          );
        }
        const quote = /["']/.exec(text);
        throw new GradLabError(
          'unsupported',
          `Only numbers are supported as constants, not ${JSON.stringify(v)}.`,
          place(quote ? quote.index + 1 : 1),
        );
      }
      case 'SymbolNode': {
        const name = n['name'] as string;
        if (name === 'π' || name === 'PI') return makeSymbol('pi');
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
        const op = n['op'] as string;
        const args = (n['args'] as AnyNode[]).map((a) => this.core(a));
        // A comparison as a value is its indicator: (x > 0) * x is relu(x).
        const cmp = COMPARISONS[fn];
        if (cmp)
          return makeCall(`if_${cmp}`, [args[0]!, args[1]!, makeConstant(1), makeConstant(0)]);
        if (fn === 'unaryPlus') return args[0]!;
        const core = OPERATORS[fn];
        if (!core) {
          throw new GradLabError(
            'unsupported',
            `The operator ${op} is not supported in a derivative.`,
            place(findText(text, op)),
          );
        }
        return makeOp(core, args);
      }
      case 'ConditionalNode':
        return this.conditional(n);
      case 'FunctionNode':
        return this.call(n);
      case 'AssignmentNode':
        // y = x^2: the right-hand side.
        return this.core(n['value'] as AnyNode);
      case 'FunctionAssignmentNode':
        // f(x) = x^2: the body.
        return this.core(n['expr'] as AnyNode);
      case 'BlockNode': {
        const blocks = n['blocks'] as { node: AnyNode }[];
        if (blocks.length === 1) return this.core(blocks[0]!.node);
        throw new GradLabError(
          'unsupported',
          'Several statements are not supported: give one expression.',
          place(findText(text, ';') ?? findText(text, '\n')),
        );
      }
      case 'RelationalNode':
        throw new GradLabError(
          'unsupported',
          'Chained comparisons (a < x < b) are not supported.',
          place(/[<>]/.exec(text) ? /[<>]/.exec(text)!.index + 1 : 1),
        );
      default:
        throw new GradLabError(
          'unsupported',
          `${n.type.replace(/Node$/, '')} expressions are not supported: use numbers, variables, operators and functions.`,
          place(1),
        );
    }
  }

  /** l > r ? a : b, with < <= > >= as the condition. */
  private conditional(n: AnyNode): Node {
    let condition = n['condition'] as AnyNode;
    while (condition.type === 'ParenthesisNode') condition = condition['content'] as AnyNode;
    const op =
      condition.type === 'OperatorNode' ? COMPARISONS[condition['fn'] as string] : undefined;
    if (!op) {
      throw new GradLabError(
        'unsupported',
        'The condition of c ? a : b must compare with <, <=, > or >=.',
        place(findText(this.text, '?')),
      );
    }
    const [l, r] = (condition['args'] as AnyNode[]).map((a) => this.core(a));
    return makeCall(`if_${op}`, [
      l!,
      r!,
      this.core(n['trueExpr'] as AnyNode),
      this.core(n['falseExpr'] as AnyNode),
    ]);
  }

  private call(n: AnyNode): Node {
    const text = this.text;
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
    const rawArgs = n['args'] as AnyNode[];
    if (name === 'derivative') return innerDerivative(rawArgs, column, (a) => this.core(a));
    let resolved = resolveFunction(name);
    if (!resolved && rawArgs.length === 1 && this.isVariable(name)) {
      // x(x + 1) where x is a variable: the product people mean, not a call.
      return makeOp('multiply', [makeSymbol(name), this.core(rawArgs[0]!)]);
    }
    resolved ??= resolveCall(name);
    if (!resolved) {
      // A one-letter "function" is most likely a variable: say how to write the product.
      const hint =
        rawArgs.length === 1 && [...name].length === 1 ? ` Write ${name} * (…) for a product.` : '';
      throw new GradLabError('unknown-function', `Unknown function ${name}.${hint}`, place(column));
    }
    const args = rawArgs.map((a) => this.core(a));
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
}
