/**
 * Parsing: syntax detection, variables and constants, and errors that name their code and the
 * 1-based column in the text exactly as the user wrote it, in all three syntaxes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GradLabError, type ErrorCode } from '../../../src/engine/errors';
import {
  type SyntaxOption,
  detectSyntax,
  differentiate,
  parseExpression,
} from '../../../src/engine/symbolic';

function errorOf(text: string, syntax?: SyntaxOption): GradLabError {
  try {
    parseExpression(text, syntax ? { syntax } : {});
  } catch (e) {
    assert.ok(e instanceof GradLabError, `threw ${String(e)}`);
    return e;
  }
  assert.fail(`${text} parsed without an error`);
}

/** [text, syntax, code, column, a word the message must contain]. */
const ERRORS: [string, SyntaxOption | undefined, ErrorCode, number, string][] = [
  ['sin(x', undefined, 'syntax', 6, 'Parenthesis'],
  ['x +', undefined, 'syntax', 4, 'end'],
  ['x + * 3', undefined, 'syntax', 5, 'Value'],
  ['foo(x) + 1', undefined, 'unknown-function', 1, 'foo'],
  ['x + bar(y)', undefined, 'unknown-function', 5, 'bar'],
  ['  foo(x)', undefined, 'unknown-function', 3, 'foo'],
  ['x^2 + f(x)', undefined, 'unknown-function', 7, 'f'],
  ['2 * sin + x', undefined, 'syntax', 5, 'sin'],
  ['sin(x, y)', undefined, 'bad-argument', 1, '1 argument'],
  ['logsumexp(x)', undefined, 'bad-argument', 1, '2 arguments or more'],
  ['x == 2', undefined, 'unsupported', 3, '=='],
  ['x!', undefined, 'unsupported', 2, '!'],
  ['x^2 = 4', undefined, 'syntax', 5, 'assignment'],
  ['', undefined, 'syntax', 1, 'empty'],
  ['Math.sin(x', undefined, 'syntax', 11, 'Missing )'],
  ['Math.foo(x)', undefined, 'unknown-function', 1, 'Math.foo'],
  ['x + Math.floor(x)', undefined, 'unknown-function', 5, 'Math.floor'],
  ['Math.sin(x) ^ 2', undefined, 'syntax', 13, 'XOR'],
  ['2x + 1', 'javascript', 'syntax', 2, 'Missing operator'],
  ['x % 2 + Math.sin(x)', undefined, 'unsupported', 3, '%'],
  ['(x + 1', 'js', 'syntax', 7, 'Missing )'],
  ['Math.sin()', undefined, 'bad-argument', 1, '1 argument'],
  ['Math.sin(x) + a.b', undefined, 'unsupported', 15, 'attribute'],
  ['Math.cos(x) # 2', undefined, 'syntax', 13, 'Unexpected character'],
  ['Math.exp(x))', undefined, 'syntax', 12, 'Unmatched'],
  ['np.sinn(x)', undefined, 'unknown-function', 1, 'np.sinn'],
  ['x**2 + torch.foo(x)', undefined, 'unknown-function', 8, 'torch.foo'],
  ['np.exp(x', undefined, 'syntax', 9, 'Missing )'],
  ['x ^ 2', 'python', 'syntax', 3, '**'],
  ['F.softplus(x, gamma=2)', undefined, 'unsupported', 15, 'gamma'],
  ['x // 2 + np.sin(x)', undefined, 'unsupported', 3, '//'],
  ['self.w * x**2', undefined, 'unsupported', 1, 'self.w'],
  ['np.sin', undefined, 'unsupported', 1, 'np.sin'],
  ['x**2 if x == 1 else x', undefined, 'unsupported', 6, 'condition'],
  ['x**2 + 1j', undefined, 'syntax', 9, 'Missing operator'],
];

for (const [text, syntax, code, column, word] of ERRORS) {
  test(`parse error: ${JSON.stringify(text)} → ${code} at column ${column}`, () => {
    const e = errorOf(text, syntax);
    assert.equal(e.code, code, e.message);
    assert.deepEqual(e.place, { kind: 'expression', column }, e.message);
    assert.ok(e.message.includes(word), `"${e.message}" should mention ${word}`);
    assert.deepEqual(e.toJSON(), { message: e.message, column });
  });
}

test('detectSyntax: Math. is JavaScript; np./math./torch./F. or ** is Python; the rest mathjs', () => {
  assert.equal(detectSyntax('x^2 + sin(x)'), 'mathjs');
  assert.equal(detectSyntax('2x + 1'), 'mathjs');
  assert.equal(detectSyntax('Math.sin(x) ** 2'), 'javascript');
  assert.equal(detectSyntax('np.sin(x)'), 'python');
  assert.equal(detectSyntax('math.exp(-x)'), 'python');
  assert.equal(detectSyntax('torch.relu(x)'), 'python');
  assert.equal(detectSyntax('F.relu(x)'), 'python');
  assert.equal(detectSyntax('x**2'), 'python');
  // "mymath.f" is not math.f, and x.Math is not Math.
  assert.equal(detectSyntax('mymath.f(x)'), 'mathjs');
});

test('the syntax override wins over detection, and js is an alias of javascript', () => {
  assert.equal(parseExpression('x ** 2', { syntax: 'js' }).syntax, 'javascript');
  assert.equal(parseExpression('x ** 2', { syntax: 'javascript' }).code, 'x ** 2');
  assert.equal(parseExpression('x**2').syntax, 'python');
  assert.throws(
    () => parseExpression('x', { syntax: 'ruby' as SyntaxOption }),
    (e: GradLabError) => e.code === 'bad-argument',
  );
});

test('variables are found in order of appearance; pi and e are constants in every syntax', () => {
  assert.deepEqual(parseExpression('w*x + b - y').variables, ['w', 'x', 'b', 'y']);
  assert.deepEqual(parseExpression('pi * e * x').variables, ['x']);
  assert.deepEqual(parseExpression('Math.PI * r ** 2 + Math.E').variables, ['r']);
  assert.deepEqual(parseExpression('np.pi * r**2 + e').variables, ['r']);
  assert.deepEqual(parseExpression('θ^2 + sin(θ) * alpha_1').variables, ['θ', 'alpha_1']);
  const d = differentiate('pi * e * x').derivatives[0]!;
  assert.equal(d.evaluate({ x: 3 }), Math.PI * Math.E);
  assert.equal(parseExpression('3 + 4').evaluate({}), 7);
  assert.deepEqual(differentiate('3 + 4').derivatives, []);
});

test('mathjs syntax follows mathjs: implicit multiplication, -x^2 = -(x^2), right-associative ^', () => {
  const at = (t: string, x: number, y = 0): number | null => parseExpression(t).evaluate({ x, y });
  assert.equal(at('2x^2', 3), 18);
  assert.equal(at('-x^2', 3), -9);
  assert.equal(at('2^3^2 + 0 x', 1), 512);
  assert.equal(at('(x+1)(x-1)', 3), 8);
  assert.equal(at('x y + 1', 2, 5), 11);
  assert.equal(at('1/2x', 4), 2); // mathjs reads this as (1/2)·x
});

test('JavaScript and Python: ** binds tighter than unary minus and associates to the right', () => {
  assert.equal(parseExpression('-x ** 2', { syntax: 'python' }).evaluate({ x: 3 }), -9);
  assert.equal(parseExpression('2 ** 3 ** 2', { syntax: 'python' }).evaluate({}), 512);
  assert.equal(parseExpression('2 ** -x', { syntax: 'javascript' }).evaluate({ x: 1 }), 0.5);
  assert.equal(
    parseExpression('1_000 * x + .5 + 1e-3', { syntax: 'python' }).evaluate({ x: 1 }),
    1000.501,
  );
  assert.equal(parseExpression('Math.max(1, x, 3)').evaluate({ x: 7 }), 7);
  assert.equal(parseExpression('leaky_relu(x)').evaluate({ x: -2 }), -0.02); // α defaults to 0.01
  assert.equal(parseExpression('F.leaky_relu(x, negative_slope=0.5)').evaluate({ x: -2 }), -1);
});

test('fuzz: any text either parses or fails with a GradLabError placed inside the text', () => {
  const tokens = [
    'x',
    'y',
    '1',
    '2.5',
    '+',
    '-',
    '*',
    '/',
    '^',
    '**',
    '(',
    ')',
    ',',
    ' ',
    'sin',
    'Math.',
    'np.',
    'exp',
    'relu',
    'foo',
    '=',
    '.',
    '!',
    'pi',
    'e',
    '[',
    '%',
    'log',
  ];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 14 }), (parts) => {
      const text = parts.join('');
      try {
        const f = parseExpression(text);
        differentiate(text, { simplifyBudgetMs: 20 });
        assert.equal(typeof f.expr, 'string');
      } catch (e) {
        assert.ok(e instanceof GradLabError, `${JSON.stringify(text)} threw ${String(e)}`);
        assert.notEqual(e.code, 'internal', `${JSON.stringify(text)}: ${e.message}`);
        if (e.place?.kind === 'expression') {
          assert.ok(
            e.place.column >= 1 && e.place.column <= text.length + 1,
            `${JSON.stringify(text)}: column ${e.place.column}`,
          );
        }
      }
    }),
    { numRuns: 600, seed: 4 },
  );
});

test('mathjs derivative(expr, x) inside an expression is taken first (mathjs gets x * derivative("e^x", "x") wrong, #3528)', () => {
  const r = differentiate('x * derivative("e^x", "x")');
  assert.equal(r.expression.expr, 'x * e ^ x');
  assert.equal(r.derivatives[0]!.expr, 'exp(x) * (x + 1)');
  assert.equal(
    differentiate('derivative(x^3 * y, x)', { wrt: ['x'] }).derivatives[0]!.expr,
    '6 * x * y',
  );
  assert.equal(errorOf('derivative(x^2)').code, 'bad-argument');
  assert.deepEqual(errorOf('1 + derivative(x^2, 2)').place, { kind: 'expression', column: 5 });
});
