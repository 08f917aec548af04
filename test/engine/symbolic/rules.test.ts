/**
 * Every derivative rule, alone and under the chain rule, against central differences of mathjs's
 * own evaluation of the same text, at several points inside each function's domain.
 */
import { test } from 'node:test';
import { type Case, checkCase } from './checkCase';

const UNIT = [0.37, -0.63, 0.81, -0.21, 0.55]; // inside (−1, 1)
const ABOVE_ONE = [1.42, 2.3, 3.7, 1.15, 5.2]; // > 1
const POSITIVE = [0.37, 1.42, 2.3, 0.81, 3.7];
const NONZERO = [0.37, -0.63, 1.42, -1.7, 2.3];

const CASES: Case[] = [
  // Operators.
  { text: 'x + 3' },
  { text: '5 - x' },
  { text: '-x' },
  { text: '3 * x' },
  { text: 'x / 4' },
  { text: '4 / x', at: NONZERO },
  { text: 'x^2' },
  { text: 'x^3 - 2x^2 + x - 7' },
  { text: 'x^-2', at: NONZERO },
  { text: 'x^(1/3)', at: POSITIVE },
  { text: 'x^2.5', at: POSITIVE },
  { text: '2^x' },
  { text: 'e^x' },
  { text: 'pi^x + x^pi', at: POSITIVE },
  { text: 'x^x', at: POSITIVE },
  { text: 'x^(x^2)', at: POSITIVE },
  { text: '(x + 1)^(2x)', at: POSITIVE },
  { text: '(1 + 1/x)^x', at: POSITIVE },
  { text: 'x / (1 + x^2)' },
  { text: '(x^2 - 1) / (x^2 + 1)' },
  // Circular.
  { text: 'sin(x)' },
  { text: 'cos(3x - 1)' },
  { text: 'tan(x / 2)' },
  { text: 'sec(x)', at: UNIT },
  { text: 'csc(2x)', at: NONZERO },
  { text: 'cot(x)', at: NONZERO },
  // Inverse circular.
  { text: 'asin(x)', at: UNIT },
  { text: 'acos(x / 2)', at: UNIT },
  { text: 'atan(x^2)' },
  { text: 'acot(x)', at: NONZERO },
  { text: 'asec(x)', at: [...ABOVE_ONE, -1.5, -2.5] },
  { text: 'acsc(x)', at: [...ABOVE_ONE, -1.5, -2.5] },
  { text: 'atan2(y, x)' },
  // Hyperbolic.
  { text: 'sinh(x)' },
  { text: 'cosh(2x)' },
  { text: 'tanh(x)' },
  { text: 'sech(x)' },
  { text: 'csch(x)', at: NONZERO },
  { text: 'coth(x)', at: NONZERO },
  { text: 'asinh(x)' },
  { text: 'acosh(x)', at: ABOVE_ONE },
  { text: 'atanh(x)', at: UNIT },
  { text: 'acoth(x)', at: [...ABOVE_ONE, -1.5, -3.2] },
  { text: 'asech(x)', at: [0.37, 0.81, 0.55, 0.21, 0.93] },
  { text: 'acsch(x)', at: NONZERO },
  // Exponentials and logarithms.
  { text: 'exp(x)' },
  { text: 'exp(-x^2 / 2)' },
  { text: 'log(x)', at: POSITIVE },
  { text: 'log(x^2 + 1)' },
  { text: 'log(x, 2)', at: POSITIVE },
  { text: 'log(3, x)', at: [0.37, 1.42, 2.3, 0.81, 3.7] },
  { text: 'log(x, y)', at: [0.37, 1.42, 2.3, 3.7] },
  { text: 'log2(x)', at: POSITIVE },
  { text: 'log10(x^2)', at: NONZERO },
  { text: 'log1p(x)', at: [0.37, -0.63, 1.42, 2.3, -0.21] },
  { text: 'expm1(2x)' },
  // Roots.
  { text: 'sqrt(x)', at: POSITIVE },
  { text: 'sqrt(1 + x^2)' },
  { text: 'cbrt(x)', at: NONZERO },
  { text: 'cbrt(x^2 + 1)' },
  { text: 'nthRoot(x, 3)', at: NONZERO },
  { text: 'nthRoot(x, 4)', at: POSITIVE },
  // Piecewise (checked away from their kinks; the kinks have their own tests).
  { text: 'abs(x)', at: NONZERO },
  { text: 'abs(x^2 - 2)', at: [0.37, -0.63, 1.72, -1.7, 2.3] },
  { text: 'sign(x) * x^2', at: NONZERO },
  { text: 'max(x, y)' },
  { text: 'min(x, y)' },
  { text: 'max(x, 0.5)' },
  { text: 'max(x, y, 1)', at: [0.37, 1.42, -0.63, 2.3, 0.81] },
  { text: 'min(x^2, 1)', at: NONZERO },
  { text: 'heaviside(x) * x', at: NONZERO },
  // Activations.
  { text: 'sigmoid(x)' },
  { text: 'sigmoid(2x - 1)' },
  { text: 'relu(x)', at: NONZERO },
  { text: 'relu(x^2 - 1)', at: [0.37, -0.63, 1.42, -1.7, 2.3] },
  { text: 'leaky_relu(x)', at: NONZERO },
  { text: 'leaky_relu(x, 0.2)', at: NONZERO },
  { text: 'leakyRelu(x, a)', at: NONZERO, reference: 'leaky_relu(x, a)' },
  { text: 'softplus(x)' },
  { text: 'softplus(-3x)' },
  // Special.
  { text: 'erf(x)' },
  { text: 'erf(x / sqrt(2))' },
  { text: 'erfc(x)' },
  { text: 'logsumexp(x, y)' },
  { text: 'logsumexp(x, 2y, 0)' },
  { text: 'logsumexp(x, x^2)' },
  // Macros and aliases (mathjs's name where it has one, the definition otherwise).
  { text: 'pow(x, 3)' },
  { text: 'square(x) + cube(x)' },
  { text: 'hypot(x, y)' },
  { text: 'ln(x)', at: POSITIVE, reference: 'log(x)' },
  { text: 'silu(x)', reference: 'x * sigmoid(x)' },
  { text: 'swish(x)', reference: 'x / (1 + exp(-x))' },
  { text: 'gelu(x)', reference: 'x / 2 * (1 + erf(x / sqrt(2)))' },
  { text: 'softsign(x)', at: NONZERO, reference: 'x / (1 + abs(x))' },
  { text: 'exp2(x)', reference: '2^x' },
  { text: 'reciprocal(x)', at: NONZERO, reference: '1 / x' },
  { text: 'expit(x)', reference: 'sigmoid(x)' },
  { text: 'arctan(x)', reference: 'atan(x)' },
];

for (const c of CASES) {
  test(`rule: d/d· ${c.text} agrees with central differences`, () => checkCase(c));
}
