/**
 * JavaScript/TypeScript input: f is evaluated by JavaScript itself (new Function over the user's
 * text), every partial is checked against its central differences, and the derivative's code —
 * JavaScript with Math.* — is run by JavaScript and must give the engine's numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiate } from '../../../src/engine/symbolic';
import { type Case, checkCase } from './checkCase';
import { jsFunction } from './reference';

const POSITIVE = [0.37, 1.42, 2.3, 0.81, 3.7];
const NONZERO = [0.37, -0.63, 1.42, -1.7, 2.3];

const CASES: Case[] = [
  { text: 'Math.sin(x) ** 2' },
  { text: 'Math.pow(x, 3) - 2 * x' },
  { text: 'Math.exp(-x * x) / (1 + Math.exp(-x))' },
  { text: 'Math.PI * x ** 2' },
  { text: 'Math.E ** x' },
  { text: 'Math.log(x) * x', at: POSITIVE },
  { text: 'Math.log2(x) + Math.log10(x) + Math.log1p(x)', at: POSITIVE },
  { text: 'Math.sqrt(x * x + y * y)' },
  { text: 'Math.hypot(x, y)' },
  { text: 'Math.abs(x - 1)', at: [0.37, -0.63, 1.42, -1.7, 2.3] },
  { text: 'Math.max(x, y) + Math.min(x, 2 * y)', at: [0.37, 1.42, -0.63, 2.3, 0.81] },
  { text: 'Math.tanh(w * x + b)' },
  { text: 'Math.atan2(y, x)' },
  { text: 'Math.asin(x / 2) + Math.acos(x / 3)', at: [0.37, -0.63, 0.81, -1.2, 1.5] },
  { text: 'Math.sinh(x) * Math.cosh(x)' },
  { text: 'Math.asinh(x) + Math.atanh(x / 2)', at: [0.37, -0.63, 0.81, -1.2, 1.5] },
  { text: 'Math.acosh(x)', at: [1.42, 2.3, 3.7, 1.15, 5.2] },
  { text: 'Math.cbrt(x)', at: NONZERO },
  { text: 'Math.expm1(x) / x', at: NONZERO },
  { text: 'x ** x', at: POSITIVE, options: { syntax: 'javascript' } },
  { text: '-(x ** 2) + (-x) ** 3', options: { syntax: 'javascript' } },
  { text: '2 ** -x', options: { syntax: 'javascript' } },
  {
    text: '(1 + x) ** (1 / 2)',
    at: [0.37, 1.42, -0.63, 2.3, 0.81],
    options: { syntax: 'javascript' },
  },
  { text: 'Math.sign(x) * x ** 2', at: NONZERO },
  { text: 'sigmoid(w * x + b)', options: { syntax: 'javascript' } },
  { text: '1 / (1 + Math.exp(-(w * x + b)))' },
  { text: 'Math.LN2 * x + Math.SQRT2 * Math.sin(x)' },
  { text: '(w * x + b - y) ** 2', options: { syntax: 'javascript' } },
  { text: 'Math.log(1 + Math.exp(x))' },
  { text: 'Math.max(0, x) ** 2', at: NONZERO },
];

for (const c of CASES) {
  test(`JavaScript: ∇ ${c.text} agrees with central differences and its code runs`, () => {
    const r = differentiate(c.text, c.options);
    assert.equal(r.syntax, 'javascript');
    checkCase(c, jsFunction(c.text, r.variables));
  });
}

test('JavaScript: derivative code uses Math.* and ** (pastes into the same file)', () => {
  assert.equal(
    differentiate('Math.sin(x) ** 2').derivatives[0]!.code,
    '2 * Math.cos(x) * Math.sin(x)',
  );
  assert.equal(
    differentiate('Math.exp(-x * x)').derivatives[0]!.code,
    '-2 * x * Math.exp(-(x ** 2))',
  );
  assert.equal(differentiate('Math.pow(x, 3)').derivatives[0]!.code, '3 * x ** 2');
  assert.equal(
    differentiate('Math.PI * Math.sin(x)').derivatives[0]!.code,
    'Math.PI * Math.cos(x)',
  );
});

test('JavaScript: custom functions in code expand without helpers; erf is listed as a helper', () => {
  const sig = differentiate('softplus(x)', { syntax: 'javascript' }).derivatives[0]!;
  assert.equal(sig.code, '1 / (1 + Math.exp(-x))');
  assert.deepEqual(sig.helpers, []);
  const relu = differentiate('relu(x) * x', { syntax: 'javascript' }).derivatives[0]!;
  assert.match(relu.code, /\(x > 0 \? 1 : 0\)/);
  assert.match(relu.code, /Math\.max\(x, 0\)/);
  const erf = differentiate('erf(x) * x', { syntax: 'javascript' }).derivatives[0]!;
  assert.deepEqual(erf.helpers, ['erf']);
  // The code of every generated function runs: relu′ follows the frameworks (0 at the kink).
  const code = jsFunction(relu.code, ['x']);
  assert.equal(code({ x: 2 }), 4);
  assert.equal(code({ x: -2 }), 0);
  assert.equal(code({ x: 0 }), 0);
});
