/** LaTeX output: the forms KaTeX users expect, and every derivative of a corpus renders in KaTeX. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import katex from 'katex';
import { differentiate, toLatex, variableLatex } from '../../../src/engine/symbolic';

const latex = (text: string, i = 0): string => differentiate(text).derivatives[i]!.latex;

test('LaTeX of derivatives: fractions, juxtaposed products, σ, exponentials and roots', () => {
  assert.equal(latex('x^2 * sin(x)'), 'x^{2} \\cos\\left(x\\right) + 2 x \\sin\\left(x\\right)');
  assert.equal(latex('1 / x'), '-\\frac{1}{x^{2}}');
  assert.equal(
    latex('sigmoid(x)'),
    '\\sigma\\left(x\\right) \\left(1 - \\sigma\\left(x\\right)\\right)',
  );
  assert.equal(latex('exp(-x^2)'), '-2 x e^{-x^{2}}');
  assert.equal(latex('sqrt(x)'), '\\frac{1}{2 \\sqrt{x}}');
  assert.equal(latex('log(x, 2)'), '\\frac{1}{x \\ln\\left(2\\right)}');
  assert.equal(latex('relu(x)'), 'H\\left(x\\right)');
  assert.equal(latex('abs(x)'), '\\frac{x}{\\left|x\\right|}');
  assert.equal(latex('2^x * 3'), '3 \\cdot 2^{x} \\ln\\left(2\\right)');
});

test('LaTeX of expressions: Greek letters, subscripts, negative bases, scientific numbers', () => {
  assert.equal(toLatex('theta^2 + x_1 * w2'), '\\theta^{2} + x_{1} w_{2}');
  assert.equal(toLatex('(-2)^x'), '\\left(-2\\right)^{x}');
  assert.equal(toLatex('1e-7 * x'), '1 \\times 10^{-7} x');
  assert.equal(toLatex('Math.PI * r ** 2'), '\\pi r^{2}');
  assert.equal(variableLatex('alpha_max'), '\\alpha_{\\mathrm{max}}');
  assert.equal(variableLatex('loss'), '\\mathrm{loss}');
  assert.equal(variableLatex('Sigma'), '\\Sigma');
});

test('every derivative in a varied corpus renders in KaTeX without errors', () => {
  const corpus = [
    'x^2 * sin(x)',
    'x^x',
    'sigmoid(w*x + b)',
    'relu(x)^2',
    'leaky_relu(x)',
    'softplus(x)',
    'logsumexp(a, b, c)',
    'max(x, y)',
    'min(x, 1)',
    'abs(x)',
    'sign(x) * x',
    'erf(x)',
    'erfc(x)',
    'atan2(y, x)',
    'asec(x)',
    'acsch(x)',
    'log1p(x)',
    'expm1(x)',
    'cbrt(x)',
    'log2(x) + log10(x)',
    'sech(x) + csch(x) + coth(x)',
    'acot(x) + acoth(x)',
    'Math.exp(-x * x) / (1 + Math.exp(-x))',
    'np.tanh(theta_1 * x)**2',
    '(w*x + b - y)^2 / (2 * sigma^2)',
  ];
  for (const text of corpus) {
    const r = differentiate(text, { order: 1 });
    for (const t of [
      r.expression.latex,
      ...r.derivatives.map((d) => d.latex),
      ...differentiate(text, { order: 2 }).derivatives.map((d) => d.latex),
    ]) {
      assert.doesNotThrow(() => katex.renderToString(t, { throwOnError: true }), `${text}: ${t}`);
    }
  }
});
