/**
 * Simplification: readable forms (checked as strings here, on top of the numeric checks of every
 * other test), the budget fallback, the numeric guard, and a property test over random trees.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { differentiate, parseExpression } from '../../../src/engine/symbolic';
import { agrees, simplify } from '../../../src/engine/symbolic/simplify';
import {
  assertMatchesDifferences,
  assertReadable,
  close,
  mathjsFunction,
  seeded,
} from './reference';

const expr = (text: string, i = 0): string => differentiate(text).derivatives[i]!.expr;

test('readable results: collected terms, no 1 *, ^ 1 or + -, common factors pulled out', () => {
  assert.equal(expr('x^2 * sin(x)'), 'x ^ 2 * cos(x) + 2 * x * sin(x)');
  assert.equal(expr('x * exp(x)'), 'exp(x) * (x + 1)');
  assert.equal(expr('x^x'), 'x ^ x * (log(x) + 1)');
  assert.equal(expr('x / (1 + x)'), '1 / (x + 1) ^ 2');
  assert.equal(expr('(x + 1) * (x - 1)'), '2 * x');
  assert.equal(expr('x^3 / 3 + x^2 + x + 1'), 'x ^ 2 + 2 * x + 1');
  assert.equal(expr('sqrt(x)'), '1 / (2 * sqrt(x))');
  assert.equal(expr('1 / x'), '-1 / x ^ 2');
  assert.equal(expr('log(sigmoid(x))'), '1 - sigmoid(x)');
  assert.equal(expr('exp(x) / (1 + exp(x))'), 'exp(x) / (exp(x) + 1) ^ 2');
  assert.equal(expr('(w*x + b - y)^2'), '2 * x * (w * x + b - y)');
  assert.equal(expr('x - x + 3 * y', 0), '0');
  assert.equal(expr('x - x + 3 * y', 1), '3');
  assert.equal(expr('sin(-x)'), '-cos(x)');
  assert.equal(expr('exp(x) * exp(-x) * x'), '1');
});

test('coefficients print as fractions or short decimals, exactly', () => {
  assert.equal(expr('x / 3'), '1 / 3');
  assert.equal(expr('2 * x / 3'), '2 / 3');
  assert.equal(expr('0.01 * x'), '0.01');
  assert.equal(expr('x / 2'), '0.5');
  assert.equal(expr('x^2 / 6'), 'x / 3');
  assert.equal(expr('0.1 * x + 0.2 * x'), '0.3'); // exact: not 0.30000000000000004
  assert.equal(expr('x^(1/3) * 3'), '1 / x ^ (2 / 3)');
});

test('a derivative simplified with no time left is returned unsimplified, and still correct', () => {
  const text = 'sin(x)^3 * exp(x^2) / (1 + x^2)';
  const slow = differentiate(text, { simplifyBudgetMs: 0, syntax: 'mathjs' }).derivatives[0]!;
  assert.equal(slow.simplification, 'budget');
  const fast = differentiate(text).derivatives[0]!;
  assert.equal(fast.simplification, 'simplified');
  assert.ok(slow.expr.length > fast.expr.length);
  for (const x of [0.3, -1.2, 2.2])
    assert.ok(close(slow.evaluate({ x })!, fast.evaluate({ x })!, 1e-10, 1e-12));
  assertMatchesDifferences(slow, mathjsFunction(text), [{ x: 0.3 }, { x: -1.2 }, { x: 2.2 }]);
  assertReadable(slow.expr);
});

test('the numeric guard rejects a "simplification" that changes values and keeps the original', () => {
  const original = parseExpression('x^2 + 1').node;
  assert.equal(agrees(original, parseExpression('(x + 1)^2 - 2x').node, ['x']), true);
  assert.equal(agrees(original, parseExpression('x^2').node, ['x']), false);
  // Defined where the original is undefined is allowed (x/x → 1), the reverse is not.
  assert.equal(agrees(parseExpression('x / x').node, parseExpression('1').node, ['x']), true);
  assert.equal(agrees(parseExpression('x').node, parseExpression('sqrt(x)^2').node, ['x']), false);
  assert.equal(simplify(original, ['x'], 100).status, 'simplified');
});

/** Random expression trees over functions that are smooth on the reals (or guarded there). */
const leaf = fc.oneof(
  fc.constant('x'),
  fc.constant('y'),
  fc.integer({ min: 1, max: 5 }).map(String),
  fc.constant('0.5'),
);
const tree = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e'))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('e').map((a) => `(${a}) / (1 + (${a})^2)`),
    tie('e').map((a) => `(${a})^2`),
    tie('e').map((a) => `(${a})^3`),
    fc
      .tuple(
        fc.constantFrom('sin', 'cos', 'atan', 'tanh', 'sigmoid', 'softplus', 'erf', 'asinh'),
        tie('e'),
      )
      .map(([f, a]) => `${f}(${a})`),
    tie('e').map((a) => `exp(sin(${a}))`),
    tie('e').map((a) => `log(1 + (${a})^2)`),
    tie('e').map((a) => `sqrt(2 + cos(${a}))`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `logsumexp(${a}, ${b})`),
  ),
})).e;

test('property: random trees differentiate to simplified, readable partials that match central differences', () => {
  const rand = seeded(11);
  fc.assert(
    fc.property(tree, (text) => {
      const r = differentiate(text);
      const f = mathjsFunction(text);
      const points = [0, 1, 2].map(() =>
        Object.fromEntries(r.variables.map((v) => [v, Math.round((rand() * 3 - 1.5) * 100) / 100])),
      );
      for (const d of r.derivatives) {
        assert.notEqual(d.simplification, 'check-failed', `${text}: ${d.expr}`);
        assertReadable(d.expr);
        assertMatchesDifferences(d, f, points, { minPoints: 1, rtol: 1e-5 });
      }
    }),
    { numRuns: 150, seed: 7 },
  );
});
