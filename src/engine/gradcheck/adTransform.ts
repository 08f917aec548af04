/**
 * Operator rewriting for autodiff: a copy of a function whose arithmetic runs on the tape
 * (tapeRuntime.ts). `a * b` becomes `ad.mul(a, b)`, `Math.exp(z)` becomes `ad.math.exp(z)`,
 * `s += v` becomes `s = ad.add(s, v)`; loops, ifs, indexing and callbacks stay as written, because
 * tape values compare (<, >) through valueOf. Types become `any`, so the copy compiles under strict.
 *
 * `typeof v` says 'number' for a tape value, `v++` is `v = v + 1`, `Number(v)` keeps the tape value
 * and `===` compares values. Not followed (documented limits): truthiness of a tape value
 * (`if (x)`, `x || y`), conversions to text (String, JSON, toFixed), identity lookups
 * (includes, indexOf, Map keys), `==` between two tape values, and methods of classes.
 */
import ts from 'typescript';
import { GradLabError } from '../errors';

const f = ts.factory;

const ARITHMETIC: ReadonlyMap<ts.SyntaxKind, string> = new Map([
  [ts.SyntaxKind.PlusToken, 'add'],
  [ts.SyntaxKind.MinusToken, 'sub'],
  [ts.SyntaxKind.AsteriskToken, 'mul'],
  [ts.SyntaxKind.SlashToken, 'div'],
  [ts.SyntaxKind.PercentToken, 'mod'],
  [ts.SyntaxKind.AsteriskAsteriskToken, 'pow'],
]);

const COMPOUND: ReadonlyMap<ts.SyntaxKind, string> = new Map([
  [ts.SyntaxKind.PlusEqualsToken, 'add'],
  [ts.SyntaxKind.MinusEqualsToken, 'sub'],
  [ts.SyntaxKind.AsteriskEqualsToken, 'mul'],
  [ts.SyntaxKind.SlashEqualsToken, 'div'],
  [ts.SyntaxKind.PercentEqualsToken, 'mod'],
  [ts.SyntaxKind.AsteriskAsteriskEqualsToken, 'pow'],
]);

/** Math functions with a derivative on the tape; the rest (floor, sign, …) work through valueOf. */
export const TAPE_MATH = new Set([
  'exp',
  'expm1',
  'log',
  'log1p',
  'log2',
  'log10',
  'sqrt',
  'cbrt',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
  'abs',
  'fround',
  'pow',
  'atan2',
  'hypot',
  'max',
  'min',
]);

const anyType = () => f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword);

/**
 * A number that can never be a tape value: a literal, `.length`, a Math constant, a loop counter
 * (`for (let i = 0; …)`), or arithmetic of those.
 */
function isPlainNumber(e: ts.Expression, counters: ReadonlySet<string>): boolean {
  if (ts.isNumericLiteral(e)) return true;
  if (ts.isIdentifier(e)) return counters.has(e.text);
  if (ts.isParenthesizedExpression(e)) return isPlainNumber(e.expression, counters);
  if (ts.isPrefixUnaryExpression(e)) return isPlainNumber(e.operand, counters);
  if (ts.isPropertyAccessExpression(e)) {
    if (e.name.text === 'length') return true;
    return (
      ts.isIdentifier(e.expression) && e.expression.text === 'Math' && !TAPE_MATH.has(e.name.text)
    );
  }
  if (ts.isBinaryExpression(e) && ARITHMETIC.has(e.operatorToken.kind))
    return isPlainNumber(e.left, counters) && isPlainNumber(e.right, counters);
  return false;
}

/**
 * Integer loop counters in `root`: `for (let i = 0; …)` variables that are only ever assigned
 * plain numbers (`i++`, `i += 2`), so `x[i + 1]` and `i < n - 1` stay as written.
 */
function loopCounters(root: ts.Node): Set<string> {
  const names = new Set<string>();
  const collect = (n: ts.Node): void => {
    if (ts.isForStatement(n) && n.initializer && ts.isVariableDeclarationList(n.initializer)) {
      for (const d of n.initializer.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && isPlainNumber(d.initializer, names))
          names.add(d.name.text);
      }
    }
    ts.forEachChild(n, collect);
  };
  collect(root);
  const assignments: [string, ts.Expression][] = [];
  const audit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && ts.isIdentifier(n.left) && names.has(n.left.text)) {
      const k = n.operatorToken.kind;
      if (k === ts.SyntaxKind.EqualsToken || COMPOUND.has(k))
        assignments.push([n.left.text, n.right]);
    }
    ts.forEachChild(n, audit);
  };
  audit(root);
  // Removing a name can make another's assignment non-plain: repeat until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, rhs] of assignments) {
      if (names.has(name) && !isPlainNumber(rhs, names)) {
        names.delete(name);
        changed = true;
      }
    }
  }
  return names;
}

const isStringy = (e: ts.Expression) =>
  ts.isStringLiteral(e) || ts.isTemplateExpression(e) || ts.isNoSubstitutionTemplateLiteral(e);

/** A literal that no tape value can equal: a string, a template, null, undefined, a boolean, typeof. */
const isNonNumberLiteral = (e: ts.Expression): boolean =>
  isStringy(e) ||
  ts.isTypeOfExpression(e) ||
  e.kind === ts.SyntaxKind.NullKeyword ||
  e.kind === ts.SyntaxKind.TrueKeyword ||
  e.kind === ts.SyntaxKind.FalseKeyword ||
  (ts.isIdentifier(e) && e.text === 'undefined');

/** An assignment target that can be written twice (`a[i] = ad.add(a[i], v)`) without side effects. */
function isPure(e: ts.Expression): boolean {
  if (
    ts.isIdentifier(e) ||
    ts.isNumericLiteral(e) ||
    ts.isStringLiteral(e) ||
    e.kind === ts.SyntaxKind.ThisKeyword
  )
    return true;
  if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) return isPure(e.expression);
  if (ts.isPropertyAccessExpression(e)) return isPure(e.expression);
  if (ts.isElementAccessExpression(e)) return isPure(e.expression) && isPure(e.argumentExpression);
  if (ts.isBinaryExpression(e))
    return ARITHMETIC.has(e.operatorToken.kind) && isPure(e.left) && isPure(e.right);
  if (ts.isPrefixUnaryExpression(e))
    return e.operator === ts.SyntaxKind.MinusToken && isPure(e.operand);
  return false;
}

/** A transformer that rewrites arithmetic onto the tape object named `ad`. */
export function tapeTransformer(
  ad: string,
  sourceFile: ts.SourceFile,
): ts.TransformerFactory<ts.Node> {
  const call = (method: string, args: ts.Expression[]) =>
    f.createCallExpression(
      f.createPropertyAccessExpression(f.createIdentifier(ad), method),
      undefined,
      args,
    );
  const unsupported = (node: ts.Node, what: string) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    return new GradLabError('unsupported', `Autodiff cannot follow ${what} (line ${line + 1}).`, {
      kind: 'source',
      line: line + 1,
      column: character + 1,
    });
  };
  return (context) => {
    let counters: ReadonlySet<string> = new Set();
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isParameter(node)) {
        return f.updateParameterDeclaration(
          node,
          node.modifiers,
          node.dotDotDotToken,
          visit(node.name) as ts.BindingName,
          node.questionToken,
          anyType(),
          node.initializer && (visit(node.initializer) as ts.Expression),
        );
      }
      if (ts.isVariableDeclaration(node) && node.type) {
        return f.updateVariableDeclaration(
          node,
          visit(node.name) as ts.BindingName,
          node.exclamationToken,
          anyType(),
          node.initializer && (visit(node.initializer) as ts.Expression),
        );
      }
      if (
        (ts.isArrowFunction(node) ||
          ts.isFunctionExpression(node) ||
          ts.isFunctionDeclaration(node)) &&
        node.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)
      ) {
        throw unsupported(node, 'an async function');
      }
      if ((ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) && node.asteriskToken)
        throw unsupported(node, 'a generator');
      if (ts.isClassLike(node)) throw unsupported(node, 'a class');
      if (
        ts.isAsExpression(node) ||
        ts.isTypeAssertionExpression(node) ||
        ts.isSatisfiesExpression(node)
      ) {
        return visit(node.expression);
      }
      if (ts.isBinaryExpression(node)) return binary(node);
      if (ts.isParenthesizedExpression(node)) {
        const inner = visit(node.expression) as ts.Expression;
        // `(a - b) ** 2` reads `ad.pow(ad.sub(a, b), 2)`: a call needs no parentheses.
        return ts.isCallExpression(inner) ? inner : f.updateParenthesizedExpression(node, inner);
      }
      if (ts.isPrefixUnaryExpression(node) && !isPlainNumber(node, counters)) {
        if (node.operator === ts.SyntaxKind.MinusToken)
          return call('neg', [visit(node.operand) as ts.Expression]);
        if (node.operator === ts.SyntaxKind.PlusToken)
          return call('pos', [visit(node.operand) as ts.Expression]);
      }
      const step = increment(node);
      if (step) return step;
      if (ts.isTypeOfExpression(node)) {
        const operand = visit(node.expression) as ts.Expression;
        // `typeof undeclared` must stay legal: test it before passing the name to a call.
        return ts.isIdentifier(node.expression)
          ? f.createParenthesizedExpression(
              f.createConditionalExpression(
                f.createBinaryExpression(
                  f.createTypeOfExpression(operand),
                  ts.SyntaxKind.EqualsEqualsEqualsToken,
                  f.createStringLiteral('undefined'),
                ),
                undefined,
                f.createStringLiteral('undefined'),
                undefined,
                call('typeOf', [operand]),
              ),
            )
          : call('typeOf', [operand]);
      }
      if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'Number' &&
        node.arguments.length === 1
      ) {
        // Number(v) of a tape value is the value itself, gradient and all.
        return call('pos', [visit(node.arguments[0]!) as ts.Expression]);
      }
      if (ts.isElementAccessExpression(node)) {
        // The index stays plain: an index is an integer, never a tape value.
        return f.updateElementAccessExpression(
          node,
          visit(node.expression) as ts.Expression,
          node.argumentExpression,
        );
      }
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
        const obj = node.expression.text;
        const name = node.name.text;
        if (obj === 'Math' && TAPE_MATH.has(name))
          return f.createPropertyAccessExpression(
            f.createPropertyAccessExpression(f.createIdentifier(ad), 'math'),
            name,
          );
        if (obj === 'Number' && (name === 'isFinite' || name === 'isNaN' || name === 'isInteger'))
          return f.createPropertyAccessExpression(f.createIdentifier(ad), name);
        if (
          (obj === 'Float64Array' || obj === 'Float32Array') &&
          (name === 'from' || name === 'of')
        ) {
          return f.createPropertyAccessExpression(f.createIdentifier('Array'), name);
        }
      }
      if (
        ts.isNewExpression(node) &&
        ts.isIdentifier(node.expression) &&
        /^Float(64|32)Array$/.test(node.expression.text)
      ) {
        return call(
          'floatArray',
          (node.arguments ?? []).map((a) => visit(a) as ts.Expression),
        );
      }
      if (
        ts.isArrowFunction(node) ||
        ts.isFunctionExpression(node) ||
        ts.isFunctionDeclaration(node)
      ) {
        // A parameter named like a loop counter (`(s, i) => s + i * i`) is not one inside.
        const outer = counters;
        const shadowed = node.parameters.filter(
          (p) => ts.isIdentifier(p.name) && outer.has(p.name.text),
        );
        if (shadowed.length > 0) {
          const names = new Set(outer);
          for (const p of shadowed) names.delete((p.name as ts.Identifier).text);
          counters = names;
        }
        try {
          return withReturnType(ts.visitEachChild(node, visit, context));
        } finally {
          counters = outer;
        }
      }
      return ts.visitEachChild(node, visit, context);
    };

    /** `v++`, `++v`, `v--`, `--v` on something that may be a tape value: `v = ad.add(v, 1)`. */
    const increment = (node: ts.Node): ts.Expression | undefined => {
      const postfix = ts.isPostfixUnaryExpression(node);
      if (!postfix && !ts.isPrefixUnaryExpression(node)) return undefined;
      const op = node.operator;
      if (op !== ts.SyntaxKind.PlusPlusToken && op !== ts.SyntaxKind.MinusMinusToken)
        return undefined;
      const target = node.operand;
      if (isPlainNumber(target, counters) || !isPure(target)) return undefined;
      const method = op === ts.SyntaxKind.PlusPlusToken ? 'add' : 'sub';
      const one = () => f.createNumericLiteral(1);
      const assign = f.createAssignment(
        visit(target) as ts.Expression,
        call(method, [visit(target) as ts.Expression, one()]),
      );
      const parent = node.parent;
      const unused =
        parent !== undefined &&
        (ts.isExpressionStatement(parent) ||
          (ts.isForStatement(parent) && parent.incrementor === node));
      if (!postfix || unused) return f.createParenthesizedExpression(assign);
      // The old value: (v = v + 1, v - 1).
      const undo = call(method === 'add' ? 'sub' : 'add', [visit(target) as ts.Expression, one()]);
      return f.createParenthesizedExpression(f.createCommaListExpression([assign, undo]));
    };

    const binary = (node: ts.BinaryExpression): ts.Node => {
      const op = node.operatorToken.kind;
      const method = ARITHMETIC.get(op);
      if (method) {
        if (
          isPlainNumber(node, counters) ||
          (op === ts.SyntaxKind.PlusToken && (isStringy(node.left) || isStringy(node.right)))
        ) {
          return ts.visitEachChild(node, visit, context);
        }
        return call(method, [
          visit(node.left) as ts.Expression,
          visit(node.right) as ts.Expression,
        ]);
      }
      const compound = COMPOUND.get(op);
      if (compound) {
        if (!isPure(node.left))
          throw unsupported(
            node,
            `a compound assignment (${node.operatorToken.getText(sourceFile)}) to a target with side effects`,
          );
        const target = visit(node.left) as ts.Expression;
        return f.createAssignment(
          target,
          call(compound, [visit(node.left) as ts.Expression, visit(node.right) as ts.Expression]),
        );
      }
      if (
        (op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
          op === ts.SyntaxKind.ExclamationEqualsEqualsToken) &&
        !(isPlainNumber(node.left, counters) && isPlainNumber(node.right, counters)) &&
        !isNonNumberLiteral(node.left) &&
        !isNonNumberLiteral(node.right)
      ) {
        // Two tape values with equal numbers are two objects: compare what they hold.
        return call(op === ts.SyntaxKind.EqualsEqualsEqualsToken ? 'eq' : 'ne', [
          visit(node.left) as ts.Expression,
          visit(node.right) as ts.Expression,
        ]);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (node) => {
      counters = loopCounters(node);
      return visit(node);
    };
  };
}

/** Return type annotations become `any` (a tape value is not a number to the type checker). */
function withReturnType(node: ts.Node): ts.Node {
  if (ts.isArrowFunction(node) && node.type) {
    return f.updateArrowFunction(
      node,
      node.modifiers,
      node.typeParameters,
      node.parameters,
      anyType(),
      node.equalsGreaterThanToken,
      node.body,
    );
  }
  if (ts.isFunctionExpression(node) && node.type) {
    return f.updateFunctionExpression(
      node,
      node.modifiers,
      node.asteriskToken,
      node.name,
      node.typeParameters,
      node.parameters,
      anyType(),
      node.body,
    );
  }
  if (ts.isFunctionDeclaration(node) && node.type) {
    return f.updateFunctionDeclaration(
      node,
      node.modifiers,
      node.asteriskToken,
      node.name,
      node.typeParameters,
      node.parameters,
      anyType(),
      node.body,
    );
  }
  return node;
}

/**
 * `fn` (a declaration, arrow or function expression) rewritten onto the tape `ad`, as the source
 * of a function declaration named `name`.
 */
export function tapeFunctionSource(
  fn: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression,
  name: string,
  ad: string,
  sourceFile: ts.SourceFile,
): string {
  const result = ts.transform<ts.Node>(fn, [tapeTransformer(ad, sourceFile)]);
  try {
    const t = result.transformed[0] as typeof fn;
    const body = ts.isBlock(t.body!)
      ? t.body
      : f.createBlock([f.createReturnStatement(t.body as ts.Expression)], true);
    const decl = f.createFunctionDeclaration(
      undefined,
      undefined,
      name,
      t.typeParameters,
      t.parameters,
      anyType(),
      body,
    );
    const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });
    return printer.printNode(ts.EmitHint.Unspecified, decl, sourceFile);
  } finally {
    result.dispose();
  }
}

/** Methods and functions that turn a number into something else (text, a key): the tape value's gradient ends there. */
const TEXT_METHODS = new Set([
  'toFixed',
  'toPrecision',
  'toExponential',
  'toString',
  'toLocaleString',
]);
const IDENTITY_METHODS = new Set(['includes', 'indexOf', 'lastIndexOf']);

/**
 * What in `fn` autodiff does not follow, as sentences with their lines: conversions to text,
 * identity lookups (includes, indexOf, Map/Set keys), `==` between values. The derived gradient
 * may be wrong where they touch a value that depends on x.
 */
export function unfollowed(
  fn: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression,
  name: string,
  sourceFile: ts.SourceFile,
): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const note = (node: ts.Node, what: string) => {
    if (seen.has(what)) return;
    seen.add(what);
    const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
    found.push(`${name} ${what} (line ${line})`);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (ts.isPropertyAccessExpression(callee)) {
        const m = callee.name.text;
        const obj = callee.expression;
        if (TEXT_METHODS.has(m)) note(n, `calls ${m}, which turns a value into text`);
        else if (IDENTITY_METHODS.has(m)) note(n, `calls ${m}, which finds values by identity`);
        else if (ts.isIdentifier(obj) && obj.text === 'JSON')
          note(n, `calls JSON.${m}, which turns values into text`);
      } else if (
        ts.isIdentifier(callee) &&
        ['String', 'parseFloat', 'parseInt'].includes(callee.text)
      ) {
        note(n, `calls ${callee.text}, which goes through text`);
      }
    } else if (
      ts.isNewExpression(n) &&
      ts.isIdentifier(n.expression) &&
      /^(Weak)?(Map|Set)$/.test(n.expression.text)
    ) {
      note(n, `uses a ${n.expression.text}, whose keys are found by identity`);
    } else if (
      ts.isBinaryExpression(n) &&
      (n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken ||
        n.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken) &&
      ![n.left, n.right].some(
        (e) =>
          e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined'),
      )
    ) {
      note(
        n,
        `compares with ${n.operatorToken.getText(sourceFile)}, which compares two values as objects`,
      );
    }
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}
