import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  commentStyleFor,
  extractExpression,
  looksLikeMath,
} from '../../src/extension/differentiate/extractExpression';

/** The extracted text, checked to equal line.slice(start, end) so a Replace hits exactly it. */
function expr(
  line: string,
  options: Parameters<typeof extractExpression>[1] = {},
): string | undefined {
  const r = extractExpression(line, options);
  if (r) assert.equal(line.slice(r.start, r.end), r.text, 'offsets match the text');
  return r?.text;
}

test('a bare expression line is taken whole, trimmed', () => {
  assert.equal(expr('x^2 * sin(x)'), 'x^2 * sin(x)');
  assert.equal(expr('   exp(-x^2) / (1 + exp(-x))   '), 'exp(-x^2) / (1 + exp(-x))');
  assert.equal(expr('x**2 * np.sin(x)'), 'x**2 * np.sin(x)');
});

test('JavaScript: const/let/var, type annotations, trailing ; and // comments go', () => {
  const line = '  const y = Math.sin(x) ** 2; // loss';
  assert.equal(expr(line, { comment: 'c' }), 'Math.sin(x) ** 2');
  const r = extractExpression(line, { comment: 'c' })!;
  assert.equal(r.start, 12);
  assert.equal(r.assignedTo, 'y');
  assert.equal(
    expr('let loss: number = (w*x + b - y) ** 2;', { comment: 'c' }),
    '(w*x + b - y) ** 2',
  );
  assert.equal(expr('export const f0 = Math.exp(-x*x)', { comment: 'c' }), 'Math.exp(-x*x)');
  assert.equal(
    expr('return Math.pow(x, 3) - 2 * Math.log(x);', { comment: 'c' }),
    'Math.pow(x, 3) - 2 * Math.log(x)',
  );
  assert.equal(expr('this.loss = x * x;', { comment: 'c' }), 'x * x');
});

test('arrow functions and Python def/lambda keep only the body, and name no assigned value', () => {
  const arrow = extractExpression('const f = (x: number) => x ** 2 + 1;', { comment: 'c' })!;
  assert.equal(arrow.text, 'x ** 2 + 1');
  assert.equal(arrow.assignedTo, undefined);
  assert.equal(expr('const g = x => Math.tanh(x);', { comment: 'c' }), 'Math.tanh(x)');
  assert.equal(
    expr('def f(x): return x**2 * math.sin(x)', { comment: 'hash' }),
    'x**2 * math.sin(x)',
  );
  assert.equal(expr('f = lambda x: x**3 - x', { comment: 'hash' }), 'x**3 - x');
});

test('Python: # comments cut, but // is floor division there', () => {
  assert.equal(expr('y = x**2 + 1  # square', { comment: 'hash' }), 'x**2 + 1');
  assert.equal(expr('y = x // 2 + x**2', { comment: 'hash' }), 'x // 2 + x**2');
  assert.equal(
    expr('loss: float = torch.sigmoid(w * x + b)', { comment: 'hash' }),
    'torch.sigmoid(w * x + b)',
  );
});

test('a comment line holding a formula: the marker goes', () => {
  assert.equal(expr('// y = x^2 * sin(x)', { comment: 'c' }), 'x^2 * sin(x)');
  assert.equal(expr('# y = x**3 - x', { comment: 'hash' }), 'x**3 - x');
  assert.equal(expr('# d/dx of x**3', { comment: 'hash' }), undefined, 'prose in a comment');
  assert.equal(expr(' * sigmoid(w*x + b)'), 'sigmoid(w*x + b)');
  assert.equal(expr('/* relu(x) + 0.5 * x^3 */'), 'relu(x) + 0.5 * x^3');
});

test('Markdown: list, quote and number markers, backticks, and the code span under the cursor', () => {
  assert.equal(expr('- x^2 * sin(x)'), 'x^2 * sin(x)');
  assert.equal(expr('1. log(1 + exp(x))'), 'log(1 + exp(x))');
  assert.equal(expr('> `tanh(x)^2`'), 'tanh(x)^2');
  const prose = 'The loss `(w*x + b - y)^2` and its gradient `2*(w*x + b - y)*x`.';
  assert.equal(expr(prose, { column: prose.indexOf('b - y') }), '(w*x + b - y)^2');
  assert.equal(expr(prose, { column: prose.indexOf('2*(') }), '2*(w*x + b - y)*x');
  assert.equal(expr(prose, { column: 3 }), undefined, 'prose outside the spans is not math');
});

test('negation is not a list marker', () => {
  assert.equal(expr('-x^2 + 3'), '-x^2 + 3');
});

test('several statements: the one under the column, else the first', () => {
  const line = 'a = x*x; b = Math.exp(x);';
  assert.equal(expr(line, { comment: 'c' }), 'x*x');
  assert.equal(expr(line, { column: line.indexOf('exp'), comment: 'c' }), 'Math.exp(x)');
  assert.equal(
    expr(line, { column: line.length, comment: 'c' }),
    'Math.exp(x)',
    'past the end: the last statement',
  );
  assert.equal(
    expr('f(x; y) + 1'),
    undefined,
    'a ; inside parentheses does not split, and ; is not math',
  );
});

test('prose, headings, plain words and code that is not a formula are rejected', () => {
  for (const line of [
    '# Expressions to differentiate',
    '## mathjs syntax',
    'Select an expression (or put the cursor on its line) and run it.',
    'loss curve',
    'gradient descent on a quadratic',
    'x',
    '42',
    '',
    'if (x > 0) return x;',
    "const s = 'a' + b;",
    'for x in range(10):',
    'import numpy as np',
    'function f(x) { return x * x; }',
    '(x + 1',
    'x + 1)',
    '2 apples * 3',
  ]) {
    assert.equal(expr(line, { comment: 'c' }), undefined, JSON.stringify(line));
  }
});

test('looksLikeMath: operators or calls required, length bounded', () => {
  assert.ok(looksLikeMath('sin(x)'));
  assert.equal(looksLikeMath('x >= 0 ? 1 : 0'), false);
  assert.ok(looksLikeMath('2x + 1'), 'implicit multiplication (mathjs) is not prose');
  assert.ok(!looksLikeMath('x + y'.repeat(200), 500));
});

test('commentStyleFor: languages map to their trailing comments', () => {
  assert.equal(commentStyleFor('python'), 'hash');
  for (const id of ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'])
    assert.equal(commentStyleFor(id), 'c');
  assert.equal(commentStyleFor('markdown'), 'none');
  assert.equal(commentStyleFor('plaintext'), 'none');
});
