/**
 * Nth derivatives, mixed partials and Hessians. Each order is checked against central
 * differences of the order below it, and second derivatives also directly against second
 * differences of mathjs's own evaluation of f, so an error cannot cancel along the chain.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type SyntaxOption,
  differentiate,
  hessian,
  partialDerivative,
} from '../../../src/engine/symbolic';
import {
  assertMatchesDifferences,
  assertReadable,
  close,
  mathjsFunction,
  pointsFor,
} from './reference';

const POSITIVE = [0.37, 1.42, 2.3, 0.81, 3.7];

/** [text, highest order, points, syntax]. */
const NTH: [string, number, number[]?, SyntaxOption?][] = [
  ['sin(x)', 6],
  ['exp(2x)', 4],
  ['x^5 - 3x^2', 6],
  ['x^x', 3, POSITIVE],
  ['sigmoid(x)', 3],
  ['tanh(x)', 3],
  ['log(x)', 4, POSITIVE],
  ['exp(-x^2)', 4],
  ['1 / (1 + x^2)', 3],
  ['sqrt(x)', 3, POSITIVE],
  ['atan(x)', 3],
  ['x^2 * sin(x)', 4],
  ['softplus(x)', 3],
  ['erf(x)', 3],
  ['Math.exp(-x * x)', 3, undefined, 'javascript'],
  ['np.tanh(x) * x', 3, undefined, 'python'],
];

for (const [text, top, at, syntax] of NTH) {
  test(`Nth derivative: d¹…d${top} of ${text}, each against differences of the one below`, () => {
    const options = syntax ? { syntax } : {};
    let parent = (p: Record<string, number>): number =>
      differentiate(text, options).expression.evaluate(p) ?? NaN;
    for (let order = 1; order <= top; order++) {
      const [d] = differentiate(text, { ...options, order }).derivatives;
      assert.equal(d!.order, order);
      assert.deepEqual(d!.wrt, ['x']);
      assert.equal(d!.simplification, 'simplified');
      assertReadable(d!.expr);
      assertMatchesDifferences(d!, parent, pointsFor(['x'], at), { rtol: 1e-5 });
      const previous = d!;
      parent = (p) => previous.evaluate(p) ?? NaN;
    }
  });
}

test('Nth derivative closed forms: sin⁗ = sin, (x⁵)⁽⁵⁾ = 120, (x⁵)⁽⁶⁾ = 0, (e^2x)‴ = 8e^2x', () => {
  assert.equal(differentiate('sin(x)', { order: 4 }).derivatives[0]!.expr, 'sin(x)');
  assert.equal(differentiate('x^5', { order: 5 }).derivatives[0]!.expr, '120');
  assert.equal(differentiate('x^5', { order: 6 }).derivatives[0]!.expr, '0');
  assert.equal(differentiate('exp(2x)', { order: 3 }).derivatives[0]!.expr, '8 * exp(2 * x)');
  assert.equal(
    differentiate('x^2 * y^3', { order: 2 })
      .derivatives.map((d) => d.expr)
      .join('; '),
    '2 * y ^ 3; 6 * x ^ 2 * y',
  );
});

test('second derivatives agree with second differences of mathjs itself', () => {
  const h = 1e-3;
  for (const text of [
    'sin(x) * exp(x)',
    'x^x',
    'log(1 + x^2)',
    'sigmoid(3x - 1)',
    'atan(x) / (1 + x^2)',
  ]) {
    const f = mathjsFunction(text);
    const [d2] = differentiate(text, { order: 2 }).derivatives;
    for (const x of POSITIVE) {
      const numeric = (f({ x: x + h }) - 2 * f({ x }) + f({ x: x - h })) / (h * h);
      const symbolic = d2!.evaluate({ x })!;
      assert.ok(
        close(symbolic, numeric, 1e-4, 1e-4),
        `${text}'' at ${x}: ${symbolic} vs ${numeric}`,
      );
    }
  }
});

const HESSIANS = [
  'x^2 * y + sin(x * y)',
  'exp(x - y) * cos(x + y)',
  'log(1 + exp(w*x + b))',
  'x^3 * y^2 * z',
  '(w*x + b - y)^2',
  'sigmoid(w*x + b)',
  'sqrt(x^2 + y^2 + 1)',
  'logsumexp(a, b)',
  'x^y',
];

for (const text of HESSIANS) {
  test(`Hessian of ${text}: symmetric, rows against differences of the gradient, mixed against f`, () => {
    const H = hessian(text);
    const n = H.variables.length;
    assert.equal(H.matrix.length, n);
    const points = pointsFor(H.variables, POSITIVE);
    const f = mathjsFunction(text);
    const h = 1e-3;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const Hij = H.matrix[i]![j]!;
        assert.equal(Hij, H.matrix[j]![i]!, 'symmetric');
        assert.equal(Hij.order, 2);
        assertReadable(Hij.expr);
        const gi = H.gradient[i]!;
        // ∂/∂vⱼ of ∂f/∂vᵢ (the gradient entry is itself checked against f below).
        assertMatchesDifferences(Hij, (p) => gi.evaluate(p) ?? NaN, points, {
          rtol: 1e-5,
          by: H.variables[j]!,
        });
        if (i === j) continue;
        const [vi, vj] = [H.variables[i]!, H.variables[j]!];
        for (const p of points) {
          const at = (di: number, dj: number): number =>
            f({ ...p, [vi]: p[vi]! + di * h, [vj]: p[vj]! + dj * h });
          const numeric = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h * h);
          const symbolic = Hij.evaluate(p);
          if (!Number.isFinite(numeric)) continue;
          assert.ok(
            symbolic !== null && close(symbolic, numeric, 1e-4, 1e-4),
            `∂²/∂${vi}∂${vj} ${Hij.expr}: ${symbolic} vs ${numeric}`,
          );
        }
      }
      assertMatchesDifferences(H.gradient[i]!, f, points);
    }
  });
}

test('mixed partials in any order agree (Schwarz) and a third-order mixed partial matches differences', () => {
  const xy = partialDerivative('x^3 * sin(y) + exp(x * y)', ['x', 'y']);
  const yx = partialDerivative('x^3 * sin(y) + exp(x * y)', ['y', 'x']);
  assert.deepEqual(xy.wrt, ['x', 'y']);
  assert.deepEqual(yx.sequence, ['y', 'x']);
  for (const p of pointsFor(['x', 'y']))
    assert.ok(close(xy.evaluate(p)!, yx.evaluate(p)!, 1e-10, 1e-12));
  const xyy = partialDerivative('x^3 * sin(y) + exp(x * y)', ['x', 'y', 'y']);
  assert.equal(xyy.order, 3);
  assertMatchesDifferences(xyy, (p) => xy.evaluate(p) ?? NaN, pointsFor(['x', 'y']));
});

test('order and wrt are validated', () => {
  assert.throws(() => differentiate('x^2', { order: 0 }), /order must be an integer from 1 to 50/);
  assert.throws(
    () => differentiate('x^2', { order: 1.5 }),
    (e: Error & { code?: string }) => e.code === 'bad-argument',
  );
  assert.throws(
    () => differentiate('x^2', { wrt: ['z'] }),
    /z does not appear in the expression: its variables are x/,
  );
  assert.throws(
    () => partialDerivative('x^2', []),
    (e: Error & { code?: string }) => e.code === 'bad-argument',
  );
  assert.deepEqual(
    differentiate('x*y', { wrt: ['y', 'y'] }).derivatives.map((d) => d.wrt),
    [['y']],
  );
});
