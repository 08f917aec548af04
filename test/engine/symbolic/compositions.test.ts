/**
 * Nested compositions (the class where mathjs's own derivative has gone wrong, josdejong/mathjs
 * #3528) and machine-learning formulas with several variables: every partial derivative against
 * central differences of mathjs's evaluation of the same text.
 */
import { test } from 'node:test';
import { type Case, checkCase } from './checkCase';

const POSITIVE = [0.37, 1.42, 2.3, 0.81, 3.7];

const CASES: Case[] = [
  // Nested compositions.
  { text: 'sin(cos(x))' },
  { text: 'sin(cos(tan(x)))', at: [0.37, -0.63, 0.81, -0.21, 1.2] },
  { text: 'exp(sin(x^2))' },
  { text: 'log(log(x))', at: [1.42, 2.3, 3.7, 5.1, 1.9] },
  { text: 'sqrt(sin(x)^2 + 1)' },
  { text: 'x^sin(x)', at: POSITIVE },
  { text: 'sin(x)^cos(x)', at: [0.37, 1.42, 0.81, 2.3, 2.9] },
  { text: 'tanh(tanh(tanh(x)))' },
  { text: 'exp(exp(x)) / (1 + exp(x))' },
  { text: 'sigmoid(sigmoid(x) * 3 - 1)' },
  { text: 'log(1 + exp(sin(x) * cos(x)))' },
  { text: 'atan(1 / (1 + x^2))' },
  { text: '(sin(x) / x)^2', at: [0.37, -0.63, 1.42, -1.7, 2.3] },
  { text: 'x * sin(1 / x)', at: [0.37, -0.63, 1.42, -1.7, 2.3] },
  { text: 'sqrt(x + sqrt(x + sqrt(x)))', at: POSITIVE },
  { text: 'exp(-1 / x^2)', at: [0.37, -0.63, 1.42, -1.7, 2.3] },
  { text: '((x^2 + 1)^3 - x)^2' },
  { text: 'cos(x)^2 + sin(x)^2' },
  { text: 'exp(x) * sin(x) * cos(x) * x^2' },
  { text: 'log(abs(x))', at: [0.37, -0.63, 1.42, -1.7, 2.3] },
  { text: 'erf(sin(x)) * softplus(x^2 - 1)' },
  // Several variables.
  { text: 'x^2 * y + sin(x * y)' },
  { text: 'x * y * z + x / (1 + y^2 + z^2)' },
  { text: 'exp(x - y) * cos(x + y)' },
  { text: 'sqrt(x^2 + y^2 + 1)' },
  { text: 'x^y', at: POSITIVE },
  { text: 'log(x^2 + y^2 + 1) * atan2(y, x)' },
  // Machine-learning formulas.
  { text: '(w*x + b - y)^2' },
  { text: '0.5 * (y - (w1*x1 + w2*x2 + b))^2' },
  { text: 'abs(w*x + b - y)', at: [0.37, 1.42, -0.63, 2.3, -1.7] },
  { text: '-(y*log(sigmoid(w*x + b)) + (1 - y)*log(1 - sigmoid(w*x + b)))' },
  { text: 'softplus(w*x + b) - y*(w*x + b)' },
  { text: 'log(1 + exp(-y * (w*x + b)))' },
  { text: 'max(0, 1 - y * (w*x + b))', at: [0.37, 1.42, -0.63, 2.3, 0.81] },
  { text: 'relu(w*x + b)^2', at: [0.37, 1.42, -0.63, 2.3, -1.7] },
  { text: 'tanh(w1*x + b1) * w2 + b2' },
  { text: 'sigmoid(w2 * tanh(w1*x + b1) + b2)' },
  { text: 'logsumexp(a, b, c) - a' },
  { text: 'exp(a) / (exp(a) + exp(b))' },
  { text: 'leaky_relu(w*x + b, 0.1) * v', at: [0.37, 1.42, -0.63, 2.3, -1.7] },
  { text: 'sqrt((x - mu)^2 + eps)', at: [0.37, 1.42, 2.3, 0.81, 3.7] },
  { text: 'exp(-(x - mu)^2 / (2 * sigma^2)) / (sigma * sqrt(2 * pi))', at: POSITIVE },
  { text: 'log(sigma) + (x - mu)^2 / (2 * sigma^2)', at: POSITIVE },
  { text: 'x * erf(x / sqrt(2)) / 2 + x / 2' },
];

for (const c of CASES) {
  test(`composition: ∇ ${c.text} agrees with central differences`, () => checkCase(c));
}
