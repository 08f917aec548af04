/**
 * JavaScript/TypeScript and Python expressions, by recursive descent over tokens that keep their
 * offsets, so every error names its column in the user's own text. Both languages share one
 * grammar (conditional, comparison, sum, product, unary, `**` binding tighter than unary minus on
 * its left and right-associative); they differ in names: `Math.sin`, `Math.PI` against `np.sin`,
 * `math.pi`, `torch.sigmoid`, `F.relu(x)`, keyword arguments such as `negative_slope=0.2`, and
 * in conditionals: `x > 0 ? x : a * x` against `x if x > 0 else a * x` and `np.where(x > 0, …)`.
 *
 * A selected line of code often is a statement: `const y = …;`, `return …`, `loss = …  # MSE`,
 * `lambda x: …`, `(x) => …`, `def f(x): return …`. Those wrappers are skipped and the expression
 * inside is parsed. TypeScript's `x!` and `x as number` are accepted (they change no value); in
 * JavaScript `-x ** 2` is the syntax error JavaScript makes it.
 */
import { GradLabError } from '../../errors';
import { type Node, makeCall, makeConstant, makeOp, makeSymbol } from '../nodes';
import type { PythonModule } from '../print/python';
import { type Comparison } from '../rules/conditional';
import {
  type ResolvedFunction,
  describeArity,
  isRuleName,
  keywordPosition,
  resolveCall,
} from './functionNames';
import { type Token, dropDoubledParentheses, tokenize } from './tokenize';
import { JS_MATH_FUNCTIONS } from '../print/js';

export type CodeSyntax = 'javascript' | 'python';

export interface CodeParse {
  node: Node;
  /** For Python: the module style the input used (np., math., torch.), '' for bare names. */
  module?: PythonModule;
}

/** JavaScript's Math functions we can differentiate (Math.floor and friends are not). */
const JS_MATH = new Set([...JS_MATH_FUNCTIONS, 'pow', 'hypot']);

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
  'torch.special': 'torch',
  'scipy.special': 'any',
  'jax.scipy.special': 'any',
  special: 'any',
  tf: 'any',
  'tf.math': 'any',
  'tf.nn': 'any',
  'tf.keras.activations': 'any',
};
const PY_CONSTANTS: Record<string, () => Node> = {
  pi: () => makeSymbol('pi'),
  e: () => makeSymbol('e'),
  tau: () => makeOp('multiply', [makeConstant(2), makeSymbol('pi')]),
};
/** Names of non-finite constants, refused with their own message. */
const NON_FINITE = new Set([
  'inf',
  'Inf',
  'infty',
  'nan',
  'NaN',
  'NAN',
  'Infinity',
  'NINF',
  'PINF',
]);
const KEYWORDS = new Set([
  'lambda',
  'if',
  'else',
  'async',
  'await',
  'yield',
  'export',
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

const COMPARISON_OPS: Readonly<Record<string, Comparison>> = {
  '>': 'gt',
  '>=': 'ge',
  '<': 'lt',
  '<=': 'le',
};

/** A comparison, l OP r: only the condition of a conditional has one. */
class Cmp {
  constructor(
    readonly op: Comparison,
    readonly l: Node,
    readonly r: Node,
    /** 0-based offset of the operator. */
    readonly pos: number,
    readonly text: string,
  ) {}
}

/** A Python keyword argument's value: an expression, or a literal (True, 'tanh') for a flag. */
interface KeywordValue {
  /** An expression, or a literal (True, 'tanh') for a flag. */
  node?: Node;
  literal?: string;
  /** 0-based offsets of the value and of the keyword. */
  pos: number;
  key: number;
}

const conditional = (c: Cmp, a: Node, b: Node): Node => makeCall(`if_${c.op}`, [c.l, c.r, a, b]);

export function parseCode(text: string, syntax: CodeSyntax): CodeParse {
  return new CodeParser(text, syntax).parse();
}

class CodeParser {
  private readonly tokens: Token[];
  private i = 0;
  private readonly modulesUsed: PythonModule[] = [];
  private bareCalls = false;
  private readonly lang: string;

  constructor(
    private readonly text: string,
    private readonly syntax: CodeSyntax,
  ) {
    this.tokens = dropDoubledParentheses(tokenize(text, syntax));
    this.lang = syntax === 'javascript' ? 'JavaScript' : 'Python';
  }

  parse(): CodeParse {
    this.skipStatementPrefix();
    if (this.peek().kind === 'end')
      throw err('syntax', 'The expression is empty.', this.peek().pos);
    const node = this.expression();
    while (this.isOp(';')) this.i++;
    const t = this.peek();
    if (t.kind !== 'end') {
      if (t.text === ')' && t.kind === 'op') throw err('syntax', 'Unmatched ).', t.pos);
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

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.text === text;
  }
  private isWord(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.text === text;
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
    if (t.kind === 'string')
      return err('unsupported', 'Strings are not supported in an expression.', t.pos);
    if (t.kind === 'sup') return err('syntax', `Unexpected superscript ${t.text}.`, t.pos);
    if (t.text === '^')
      return err('syntax', `In ${this.lang}, ^ is bitwise XOR: write ** for a power.`, t.pos);
    if (['==', '!=', '===', '!=='].includes(t.text))
      return err(
        'unsupported',
        `The comparison ${t.text} is not supported: a condition compares with <, <=, > or >=.`,
        t.pos,
      );
    if (
      ['%', '//', '@', '&&', '||', '&', '|', '~', '!', '?', '=>', '->', '{', '}', '['].includes(
        t.text,
      )
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

  private conditionalForm(): string {
    return this.syntax === 'javascript' ? 'c ? a : b' : 'a if c else b or np.where(c, a, b)';
  }

  /**
   * Skips what makes a line of code a statement around its expression: `return`, `export const
   * y: number =`, `self.loss =`, `lambda x, y:`, `(x: number) =>`, `def f(x) -> float: return`.
   */
  private skipStatementPrefix(): void {
    for (let guard = 0; guard < 8; guard++) {
      const start = this.i;
      if (this.isWord('return') || this.isWord('export') || this.isWord('async')) this.i++;
      else if (this.syntax === 'javascript' && ['const', 'let', 'var'].some((w) => this.isWord(w)))
        this.i++;
      else if (this.syntax === 'python' && this.isWord('lambda')) this.skipPast(':');
      else if (this.syntax === 'python' && this.isWord('def')) this.skipDef();
      else this.skipAssignmentOrArrow();
      if (this.i === start) return;
    }
  }

  /** Skips to just past the next `text` outside brackets (lambda's `:`), if there is one. */
  private skipPast(text: string): void {
    let depth = 0;
    for (let j = this.i + 1; j < this.tokens.length; j++) {
      const t = this.tokens[j]!;
      if (t.kind !== 'op') continue;
      if (t.text === text && depth === 0) {
        this.i = j + 1;
        return;
      }
      if (t.text === '(' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === ']') depth--;
    }
  }

  /** Skips `def name(params) -> T:` when the tokens have that shape. */
  private skipDef(): void {
    let j = this.i + 1;
    const at = (k: number): Token => this.tokens[Math.min(k, this.tokens.length - 1)]!;
    const op = (k: number, text: string): boolean => at(k).kind === 'op' && at(k).text === text;
    if (at(j).kind !== 'ident' || !op(j + 1, '(')) return;
    let depth = 0;
    for (j += 1; j < this.tokens.length; j++) {
      if (op(j, '(')) depth++;
      else if (op(j, ')') && --depth === 0) break;
    }
    j++;
    if (op(j, '->')) j = this.skipType(j + 1);
    if (op(j, ':')) this.i = j + 1;
  }

  /** `name =`, `a.b: T =` (an assignment: its target) or `x =>`, `(x, y) =>` (an arrow's head). */
  private skipAssignmentOrArrow(): void {
    let j = this.i;
    const at = (k: number): Token => this.tokens[Math.min(k, this.tokens.length - 1)]!;
    const op = (k: number, text: string): boolean => at(k).kind === 'op' && at(k).text === text;
    if (op(j, '(') && this.syntax === 'javascript') {
      // (params) => or (params): T =>
      let depth = 0;
      for (; j < this.tokens.length; j++) {
        if (op(j, '(')) depth++;
        else if (op(j, ')') && --depth === 0) break;
      }
      j++;
      if (op(j, ':')) j = this.skipType(j + 1);
      if (op(j, '=>')) this.i = j + 1;
      return;
    }
    if (at(j).kind !== 'ident') return;
    j++;
    if (op(j, '=>') && this.syntax === 'javascript') {
      this.i = j + 1;
      return;
    }
    while (op(j, '.') && at(j + 1).kind === 'ident') j += 2;
    if (op(j, ':')) j = this.skipType(j + 1);
    if (op(j, '=')) this.i = j + 1;
  }

  /** The index just past a type annotation starting at k: `number`, `np.ndarray`, `float | None`, `number[]`. */
  private skipType(k: number): number {
    const at = (m: number): Token => this.tokens[Math.min(m, this.tokens.length - 1)]!;
    for (;;) {
      if (at(k).kind !== 'ident') return k;
      k++;
      while (at(k).kind === 'op' && at(k).text === '.' && at(k + 1).kind === 'ident') k += 2;
      if (at(k).kind === 'op' && at(k).text === '[' && at(k + 1).text === ']') k += 2;
      if (at(k).kind === 'op' && at(k).text === '|') {
        k++;
        continue;
      }
      return k;
    }
  }

  /** A full expression: a conditional, or a sum. */
  private expression(): Node {
    const first = this.comparison();
    if (this.syntax === 'javascript' && this.isOp('?')) {
      const q = this.next();
      const cond = this.condition(first, q);
      const a = this.expression();
      this.expect(':', q);
      return conditional(cond, a, this.expression());
    }
    if (this.syntax === 'python' && this.isWord('if')) {
      const a = this.value(first);
      const ifToken = this.next();
      const cond = this.condition(this.comparison(), ifToken);
      if (!this.isWord('else')) throw this.unexpected(this.peek(), 'expected else');
      this.i++;
      return conditional(cond, a, this.expression());
    }
    return this.value(first);
  }

  /** `c` as a condition, or an error at `at` saying a condition is needed. */
  private condition(c: Node | Cmp, at: Token): Cmp {
    if (c instanceof Cmp) return c;
    throw err(
      'unsupported',
      `The condition of ${this.conditionalForm()} must compare with <, <=, > or >=.`,
      at.pos,
    );
  }

  /** `c` as a value: a comparison outside a condition is its indicator, (x > 0) * x = relu(x). */
  private value(c: Node | Cmp): Node {
    if (!(c instanceof Cmp)) return c;
    return conditional(c, makeConstant(1), makeConstant(0));
  }

  /** sum, or sum OP sum with OP one of < <= > >=. */
  private comparison(): Node | Cmp {
    const l = this.cast();
    const t = this.peek();
    const op = t.kind === 'op' ? COMPARISON_OPS[t.text] : undefined;
    if (!op) return l;
    this.i++;
    const r = this.cast();
    const u = this.peek();
    if (u.kind === 'op' && COMPARISON_OPS[u.text])
      throw err('unsupported', 'Chained comparisons (a < x < b) are not supported.', u.pos);
    return new Cmp(op, l, r, t.pos, t.text);
  }

  /** A sum, with TypeScript's `as T` / `satisfies T` after it (they change no value). */
  private cast(): Node {
    const node = this.sum();
    while (this.syntax === 'javascript' && (this.isWord('as') || this.isWord('satisfies'))) {
      const next = this.skipType(this.i + 1);
      if (next === this.i + 1) throw this.unexpected(this.peek(1), 'expected a type');
      this.i = next;
    }
    return node;
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
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.next();
      const operand =
        this.isOp('-') || this.isOp('+') || this.isOp('√') ? this.unary() : this.power(op);
      return op.text === '-' ? makeOp('unaryMinus', [operand]) : operand;
    }
    if (this.isOp('√')) {
      this.i++;
      return makeCall('sqrt', [this.power()]);
    }
    return this.power();
  }

  /**
   * base ** unary: right-associative, and −x ** 2 is −(x ** 2) as in Python and mathematics.
   * JavaScript refuses a unary operator right before **, and so do we (`unaryBefore`).
   */
  private power(unaryBefore?: Token): Node {
    const base = this.postfix();
    if (!this.isOp('**')) return base;
    if (this.syntax === 'javascript' && unaryBefore) {
      throw err(
        'syntax',
        `In JavaScript, ${unaryBefore.text}x ** 2 is a syntax error: write ${unaryBefore.text}(x ** 2) or (${unaryBefore.text}x) ** 2.`,
        unaryBefore.pos,
      );
    }
    this.i++;
    return makeOp('pow', [base, this.unary()]);
  }

  /** A primary with its postfixes: superscript powers (x²) and TypeScript's non-null `x!`. */
  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'sup') {
        this.i++;
        node = makeOp('pow', [node, makeConstant(t.value!)]);
      } else if (this.syntax === 'javascript' && t.kind === 'op' && t.text === '!') this.i++;
      else return node;
    }
  }

  private primary(): Node {
    const t = this.next();
    if (t.kind === 'number') return makeConstant(t.value!);
    if (t.kind === 'op' && t.text === '(') {
      const inner = this.expression();
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
    const last = parts[parts.length - 1]!;
    if (NON_FINITE.has(last))
      throw err(
        'unsupported',
        `${dotted} is not a finite number: derivatives need finite constants.`,
        first.pos,
      );
    if (parts.length === 1) {
      if (dotted === 'π') return makeSymbol('pi');
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
    const isWhere = written === 'where' && prefix !== '' && known && this.syntax === 'python';
    const resolved = known && !isWhere ? resolveCall(written) : undefined;
    if (!resolved && !isWhere)
      throw err('unknown-function', `Unknown function ${dotted}.`, first.pos);
    const args: (Node | Cmp | undefined)[] = [];
    const kwargs = new Map<string, KeywordValue>();
    while (!this.isOp(')')) {
      const t = this.peek();
      if (this.syntax === 'python' && t.kind === 'ident' && this.isOp('=', 1)) {
        this.i += 2;
        kwargs.set(t.text, { ...this.keywordValue(), key: t.pos });
      } else if (this.isWord('None') && (this.isOp(',', 1) || this.isOp(')', 1))) {
        // np.clip(x, None, 6): a bound left out.
        if (!resolved || !['clip', 'clamp'].includes(resolved.name))
          throw err('unsupported', `None is not supported as an argument of ${dotted}.`, t.pos);
        this.i++;
        args.push(undefined);
      } else {
        if (kwargs.size > 0)
          throw err('syntax', 'A positional argument cannot follow a keyword argument.', t.pos);
        args.push(isWhere && args.length === 0 ? this.comparison() : this.expression());
      }
      if (!this.isOp(',')) break;
      this.i++;
    }
    this.expect(')', open);
    if (isWhere) return this.where(dotted, args, kwargs, first);
    const values = args.map((a) => (a === undefined ? undefined : this.value(a)));
    return this.build(resolved!, dotted, prefix, values, kwargs, first);
  }

  /** np.where(c, a, b) / torch.where(c, a, b) with c a comparison. */
  private where(
    dotted: string,
    args: (Node | Cmp | undefined)[],
    kwargs: Map<string, KeywordValue>,
    first: Token,
  ): Node {
    for (const [key, v] of kwargs)
      throw err(
        'unsupported',
        `The keyword argument ${key}= of ${dotted} is not supported.`,
        v.key,
      );
    if (args.length !== 3)
      throw err('bad-argument', `${dotted} takes 3 arguments, got ${args.length}.`, first.pos);
    const [c, a, b] = args as (Node | Cmp)[];
    return conditional(this.condition(c!, first), this.value(a!), this.value(b!));
  }

  private keywordValue(): Omit<KeywordValue, 'key'> {
    const t = this.peek();
    if (t.kind === 'string' || (t.kind === 'ident' && ['True', 'False', 'None'].includes(t.text))) {
      this.i++;
      return { literal: t.text, pos: t.pos };
    }
    return { node: this.expression(), pos: t.pos };
  }

  /**
   * The call's tree, with Python keyword arguments in place: negative_slope= (leaky_relu),
   * alpha= (elu), min=/max= (clamp), approximate= (gelu), beta= (softplus); inplace= and
   * threshold= change no value.
   */
  private build(
    resolved: ResolvedFunction,
    dotted: string,
    prefix: string,
    positional: (Node | undefined)[],
    kwargs: Map<string, KeywordValue>,
    first: Token,
  ): Node {
    const name = resolved.name;
    const args: (Node | undefined)[] = [...positional];
    let beta: Node | undefined;
    for (const [key, v] of kwargs) {
      // inplace= and, for one element, reduction= change no value.
      if (key === 'inplace' || key === 'reduction' || (name === 'softplus' && key === 'threshold'))
        continue;
      if (name === 'softplus' && key === 'beta' && v.node) {
        beta = v.node;
        continue;
      }
      const at = keywordPosition(name, key);
      if (at === undefined)
        throw err(
          'unsupported',
          `The keyword argument ${key}= of ${dotted} is not supported.`,
          v.key,
        );
      if (args[at] !== undefined)
        throw err('syntax', `${dotted} got ${key}= twice (by position and by keyword).`, v.key);
      if (v.literal === 'None' && (name === 'clip' || name === 'clamp')) continue;
      args[at] = v.node ?? this.literal(name, key, v);
    }
    // jax.nn.gelu approximates with tanh unless told otherwise; torch's F.gelu is exact.
    if (name === 'gelu' && args[1] === undefined && prefix === 'jax.nn') args[1] = makeConstant(1);
    const [min, max] = resolved.arity;
    const count = args.length;
    if (count < min || count > max) {
      throw err(
        'bad-argument',
        `${dotted} takes ${describeArity(resolved.arity)}, got ${count}.`,
        first.pos,
      );
    }
    const node = resolved.build(args);
    if (beta === undefined) return node;
    // softplus(x, β) = softplus(βx) / β
    if (positional.length !== 1)
      throw err('bad-argument', `softplus takes 1 argument, got ${positional.length}.`, first.pos);
    const u = positional[0]!;
    return makeOp('divide', [resolved.build([makeOp('multiply', [beta, u])]), beta]);
  }

  /** A flag given as a literal: gelu's approximate='tanh' / True is 1, 'none' / False is 0. */
  private literal(name: string, key: string, v: KeywordValue): Node {
    if (name === 'gelu' && key === 'approximate') {
      if (v.literal === 'tanh' || v.literal === 'True') return makeConstant(1);
      if (v.literal === 'none' || v.literal === 'False') return makeConstant(0);
    }
    throw err('unsupported', `${key}=${v.literal} is not supported here.`, v.pos);
  }
}
