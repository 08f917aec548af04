/**
 * JavaScript/TypeScript and Python expressions, by recursive descent over tokens that keep their
 * offsets, so every error names its column in the user's own text. Both languages share one
 * grammar (sum, product, unary, `**` binding tighter than unary minus on its left and right-
 * associative); they differ in names: `Math.sin`, `Math.PI` against `np.sin`, `math.pi`,
 * `torch.sigmoid`, `F.relu(x)`, keyword arguments such as `negative_slope=0.2`.
 */
import { GradLabError } from '../../errors';
import { type Node, makeCall, makeConstant, makeOp, makeSymbol } from '../nodes';
import type { PythonModule } from '../print/python';
import { describeArity, isRuleName, resolveFunction } from './functionNames';
import { type Token, tokenize } from './tokenize';

export type CodeSyntax = 'javascript' | 'python';

export interface CodeParse {
  node: Node;
  /** For Python: the module style the input used (np., math., torch.), '' for bare names. */
  module?: PythonModule;
}

/** JavaScript's Math functions we can differentiate (Math.floor and friends are not). */
const JS_MATH = new Set([
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
  'pow',
  'hypot',
]);

const log = (v: number): Node => makeCall('log', [makeConstant(v)]);
const JS_CONSTANTS: Record<string, () => Node> = {
  PI: () => makeSymbol('pi'),
  E: () => makeSymbol('e'),
  LN2: () => log(2),
  LN10: () => log(10),
  LOG2E: () => makeOp('divide', [makeConstant(1), log(2)]),
  LOG10E: () => makeOp('divide', [makeConstant(1), log(10)]),
  SQRT2: () => makeCall('sqrt', [makeConstant(2)]),
  SQRT1_2: () => makeOp('divide', [makeConstant(1), makeCall('sqrt', [makeConstant(2)])]),
};

/** Python module prefixes and the output style each implies ('' = no say in the style). */
const PY_MODULES: Record<string, PythonModule | 'any'> = {
  np: 'np',
  numpy: 'numpy',
  jnp: 'jnp',
  'jax.numpy': 'jnp',
  'jax.nn': 'jnp',
  math: 'math',
  torch: 'torch',
  F: 'torch',
  'torch.nn.functional': 'torch',
  'nn.functional': 'torch',
  'scipy.special': 'any',
  special: 'any',
};
const PY_CONSTANTS: Record<string, () => Node> = {
  pi: () => makeSymbol('pi'),
  e: () => makeSymbol('e'),
  tau: () => makeOp('multiply', [makeConstant(2), makeSymbol('pi')]),
};
const KEYWORDS = new Set([
  'lambda',
  'if',
  'else',
  'and',
  'or',
  'not',
  'in',
  'is',
  'None',
  'True',
  'False',
  'return',
  'def',
  'new',
  'typeof',
  'function',
  'const',
  'let',
  'var',
  'true',
  'false',
  'null',
  'undefined',
  'this',
]);

const err = (
  code: 'syntax' | 'unsupported' | 'unknown-function' | 'bad-argument',
  message: string,
  pos: number,
) => new GradLabError(code, message, { kind: 'expression', column: pos + 1 });

export function parseCode(text: string, syntax: CodeSyntax): CodeParse {
  return new CodeParser(text, syntax).parse();
}

class CodeParser {
  private readonly tokens: Token[];
  private i = 0;
  private readonly modulesUsed: PythonModule[] = [];
  private bareCalls = false;

  constructor(
    private readonly text: string,
    private readonly syntax: CodeSyntax,
  ) {
    this.tokens = tokenize(text);
  }

  parse(): CodeParse {
    const node = this.sum();
    const t = this.peek();
    if (t.kind !== 'end') {
      if (t.text === ')') throw err('syntax', 'Unmatched ).', t.pos);
      throw this.unexpected(t);
    }
    return this.syntax === 'python' ? { node, module: this.module() } : { node };
  }

  /** NumPy-like, then PyTorch, then math; bare names when the input called bare functions. */
  private module(): PythonModule {
    const used = new Set(this.modulesUsed);
    if (used.has('torch')) return 'torch';
    for (const m of ['np', 'numpy', 'jnp'] as const) if (used.has(m)) return m;
    if (used.has('math')) return 'math';
    return this.bareCalls ? '' : 'np';
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }
  private expect(text: string, opener?: Token): void {
    if (this.isOp(text)) {
      this.i++;
      return;
    }
    const t = this.peek();
    if (t.kind === 'end' && opener)
      throw err(
        'syntax',
        `Missing ${text} for the ${opener.text} at column ${opener.pos + 1}.`,
        t.pos,
      );
    throw this.unexpected(t, `expected ${text}`);
  }

  private unexpected(t: Token, expected?: string): GradLabError {
    if (t.kind === 'end') return err('syntax', 'Unexpected end of expression.', t.pos);
    const lang = this.syntax === 'javascript' ? 'JavaScript' : 'Python';
    if (t.text === '^')
      return err('syntax', `In ${lang}, ^ is bitwise XOR: write ** for a power.`, t.pos);
    if (
      [
        '%',
        '//',
        '@',
        '<',
        '>',
        '<=',
        '>=',
        '==',
        '!=',
        '&&',
        '||',
        '&',
        '|',
        '~',
        '!',
        '?',
      ].includes(t.text)
    ) {
      return err('unsupported', `The operator ${t.text} is not supported in a derivative.`, t.pos);
    }
    if (t.text === '=')
      return err(
        'unsupported',
        'Assignments are not supported: give the right-hand side only.',
        t.pos,
      );
    return err(
      'syntax',
      `Unexpected ${JSON.stringify(t.text)}${expected ? `, ${expected}` : ''}.`,
      t.pos,
    );
  }

  private sum(): Node {
    let left = this.product();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text;
      left = makeOp(op === '+' ? 'add' : 'subtract', [left, this.product()]);
    }
    return left;
  }

  private product(): Node {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.next().text;
      left = makeOp(op === '*' ? 'multiply' : 'divide', [left, this.unary()]);
    }
    return left;
  }

  private unary(): Node {
    if (this.isOp('-')) {
      this.i++;
      return makeOp('unaryMinus', [this.unary()]);
    }
    if (this.isOp('+')) {
      this.i++;
      return this.unary();
    }
    return this.power();
  }

  /** base ** unary: right-associative, and −x ** 2 is −(x ** 2) as in Python and mathematics. */
  private power(): Node {
    const base = this.primary();
    if (!this.isOp('**')) return base;
    this.i++;
    return makeOp('pow', [base, this.unary()]);
  }

  private primary(): Node {
    const t = this.next();
    if (t.kind === 'number') return makeConstant(t.value!);
    if (t.kind === 'op' && t.text === '(') {
      const inner = this.sum();
      this.expect(')', t);
      return inner;
    }
    if (t.kind === 'ident') return this.name(t);
    this.i--;
    throw this.unexpected(t);
  }

  /** A dotted name: a call, a module constant (Math.PI, np.pi) or a variable. */
  private name(first: Token): Node {
    if (KEYWORDS.has(first.text))
      throw err('unsupported', `${first.text} is not supported in an expression.`, first.pos);
    const parts = [first.text];
    while (this.isOp('.')) {
      this.i++;
      const t = this.next();
      if (t.kind !== 'ident') throw this.unexpected(t, 'expected a name after .');
      parts.push(t.text);
    }
    const dotted = parts.join('.');
    if (this.isOp('(')) return this.call(first, parts);
    if (parts.length === 1) {
      if (isRuleName(dotted)) {
        throw err('syntax', `${dotted} is a function: write ${dotted}(…).`, first.pos);
      }
      return makeSymbol(dotted);
    }
    const constant = this.moduleConstant(parts);
    if (constant) return constant;
    throw err(
      'unsupported',
      `${dotted} is not a known constant; attribute access is not supported (use a plain variable name).`,
      first.pos,
    );
  }

  private moduleConstant(parts: string[]): Node | undefined {
    const last = parts[parts.length - 1]!;
    const prefix = parts.slice(0, -1).join('.');
    if (this.syntax === 'javascript') return prefix === 'Math' ? JS_CONSTANTS[last]?.() : undefined;
    const module = PY_MODULES[prefix];
    const make = PY_CONSTANTS[last];
    if (!module || !make) return undefined;
    if (module !== 'any') this.modulesUsed.push(module);
    return make();
  }

  private call(first: Token, parts: string[]): Node {
    const open = this.next();
    const dotted = parts.join('.');
    const written = parts[parts.length - 1]!;
    const prefix = parts.slice(0, -1).join('.');
    let known: boolean;
    if (this.syntax === 'javascript')
      known = prefix === '' || (prefix === 'Math' && JS_MATH.has(written));
    else {
      const module = prefix === '' ? undefined : PY_MODULES[prefix];
      known = prefix === '' || module !== undefined;
      if (module && module !== 'any') this.modulesUsed.push(module);
      if (prefix === '') this.bareCalls = true;
    }
    const resolved = known ? resolveFunction(written) : undefined;
    if (!resolved) throw err('unknown-function', `Unknown function ${dotted}.`, first.pos);
    const args: Node[] = [];
    const kwargs = new Map<string, { node: Node; pos: number }>();
    while (!this.isOp(')')) {
      const t = this.peek();
      const after = this.tokens[this.i + 1];
      if (
        this.syntax === 'python' &&
        t.kind === 'ident' &&
        after?.kind === 'op' &&
        after.text === '='
      ) {
        this.i += 2;
        kwargs.set(t.text, { node: this.sum(), pos: t.pos });
      } else {
        if (kwargs.size > 0)
          throw err('syntax', 'A positional argument cannot follow a keyword argument.', t.pos);
        args.push(this.sum());
      }
      if (!this.isOp(',')) break;
      this.i++;
    }
    this.expect(')', open);
    return this.applyKeywords(resolved.name, args, kwargs, first, (a) => {
      const [min, max] = resolved.arity;
      if (a.length < min || a.length > max) {
        throw err(
          'bad-argument',
          `${dotted} takes ${describeArity(resolved.arity)}, got ${a.length}.`,
          first.pos,
        );
      }
      return resolved.build(a);
    });
  }

  /** Python keyword arguments that change the value: negative_slope (leaky_relu), beta (softplus). */
  private applyKeywords(
    name: string,
    args: Node[],
    kwargs: Map<string, { node: Node; pos: number }>,
    first: Token,
    build: (args: Node[]) => Node,
  ): Node {
    let beta: Node | undefined;
    for (const [key, { node, pos }] of kwargs) {
      if (
        name === 'leaky_relu' &&
        (key === 'negative_slope' || key === 'alpha') &&
        args.length === 1
      )
        args.push(node);
      else if (name === 'softplus' && key === 'beta') beta = node;
      else if (name === 'softplus' && key === 'threshold')
        continue; // above it softplus(x) = x to float precision
      else
        throw err('unsupported', `The keyword argument ${key}= of ${name} is not supported.`, pos);
    }
    if (beta === undefined) return build(args);
    // softplus(x, β) = softplus(βx) / β
    if (args.length !== 1)
      throw err('bad-argument', `softplus takes 1 argument, got ${args.length}.`, first.pos);
    return makeOp('divide', [build([makeOp('multiply', [beta, args[0]!])]), beta]);
  }
}
