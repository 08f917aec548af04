/**
 * Python input (NumPy, math, PyTorch and bare styles): f comes from an equivalent JavaScript
 * expression run by JavaScript (so the Python parser is checked too), every partial against
 * central differences; the derivative's code keeps the input's module style and, read back by
 * the Python parser, gives the same numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiate, parseExpression } from '../../../src/engine/symbolic';
import { checkCase } from './checkCase';
import { close, jsFunction, mathjsFunction, pointsFor } from './reference';

const POSITIVE = [0.37, 1.42, 2.3, 0.81, 3.7];
const NONZERO = [0.37, -0.63, 1.42, -1.7, 2.3];

/** [Python, the same in JavaScript (or mathjs, prefixed "mathjs:"), points]. */
const CASES: [string, string, number[]?][] = [
  ['x**2 * np.sin(x)', 'x**2 * Math.sin(x)'],
  ['np.exp(-x**2 / 2)', 'Math.exp(-(x**2) / 2)'],
  ['math.log(x) / x', 'Math.log(x) / x', POSITIVE],
  ['torch.sigmoid(w*x + b)', 'sigmoid(w*x + b)'],
  ['np.tanh(w*x + b) ** 2', 'Math.tanh(w*x + b) ** 2'],
  ['np.arcsin(x / 3) + np.arctan(x)', 'Math.asin(x / 3) + Math.atan(x)'],
  ['np.sqrt(x**2 + y**2)', 'Math.sqrt(x**2 + y**2)'],
  ['math.atan2(y, x)', 'Math.atan2(y, x)'],
  ['np.maximum(x, 0) ** 2', 'Math.max(x, 0) ** 2', NONZERO],
  ['F.relu(x) * x', 'Math.max(x, 0) * x', NONZERO],
  ['F.softplus(x)', 'Math.log1p(Math.exp(x))'],
  ['F.leaky_relu(x, negative_slope=0.2)', '(x > 0 ? x : 0.2 * x)', NONZERO],
  ['torch.nn.functional.leaky_relu(w * x)', '(w * x > 0 ? w * x : 0.01 * w * x)', NONZERO],
  ['F.softplus(x, beta=2)', 'Math.log1p(Math.exp(2 * x)) / 2'],
  ['np.logaddexp(x, y)', 'Math.log(Math.exp(x) + Math.exp(y))'],
  ['math.pi * r**2', 'Math.PI * r**2'],
  ['np.e ** x', 'Math.E ** x'],
  ['x**-2 + 2**-x', 'x**-2 + 2**-x', NONZERO],
  [
    'abs(x - 1)**3 + max(x, y)',
    'Math.abs(x - 1)**3 + Math.max(x, y)',
    [0.37, -0.63, 1.52, -1.7, 2.3],
  ],
  ['math.log(x, 2)', 'Math.log(x) / Math.log(2)', POSITIVE],
  ['np.power(x, 3) + np.square(x)', 'x ** 3 + x ** 2'],
  ['torch.exp(-x) * torch.cos(2 * x)', 'Math.exp(-x) * Math.cos(2 * x)'],
  ['scipy.special.expit(x)', 'sigmoid(x)'],
  ['scipy.special.erf(x) * x', 'mathjs:erf(x) * x'],
  ['x ** x', 'x ** x', POSITIVE],
  ['-x**2 + 3*x', '-(x**2) + 3*x'],
  ['np.log1p(np.exp(w*x))', 'Math.log1p(Math.exp(w*x))'],
  ['(y - (w*x + b))**2', '(y - (w*x + b))**2'],
  ['math.tau * x', '2 * Math.PI * x'],
  ['jnp.tanh(x) * jnp.cosh(x)', 'Math.tanh(x) * Math.cosh(x)'],
  ['math.sqrt(1 - x**2)', 'Math.sqrt(1 - x**2)', [0.37, -0.63, 0.81, -0.21, 0.55]],
];

/** Whether a Python code string reads back through our parser (the kink helpers do not). */
const readsBack = (code: string): boolean => !/heaviside|where|\bif\b|>|<|clamp/.test(code);

for (const [py, reference, at] of CASES) {
  test(`Python: ∇ ${py} agrees with central differences of ${reference}`, () => {
    const r = differentiate(py);
    assert.equal(r.syntax, 'python');
    const f = reference.startsWith('mathjs:')
      ? mathjsFunction(reference.slice(7))
      : jsFunction(reference, r.variables);
    checkCase({ text: py, ...(at ? { at } : {}) }, f);
    for (const d of r.derivatives) {
      if (!readsBack(d.code)) continue;
      const back = parseExpression(d.code, { syntax: 'python' });
      for (const p of pointsFor(r.variables, at)) {
        const a = d.evaluate(p);
        const b = back.evaluate(p);
        if (a !== null)
          assert.ok(
            b !== null && close(a, b, 1e-9, 1e-12),
            `${d.code} reads back as ${b}, expected ${a}`,
          );
      }
    }
  });
}

test('Python: the derivative keeps the input module style (np., math., torch., bare)', () => {
  const code = (text: string, i = 0): string => differentiate(text).derivatives[i]!.code;
  assert.equal(code('np.exp(x**2)'), '2 * x * np.exp(x ** 2)');
  assert.equal(code('math.sin(x)**2'), '2 * math.cos(x) * math.sin(x)');
  assert.equal(code('numpy.arctan(x)'), '1 / (x ** 2 + 1)');
  assert.equal(code('np.arcsin(2 * x)'), '2 / np.sqrt(1 - 4 * x ** 2)');
  assert.equal(code('torch.sigmoid(x)'), 'torch.sigmoid(x) * (1 - torch.sigmoid(x))');
  assert.equal(code('x**x'), 'x ** x * (np.log(x) + 1)'); // no module named: NumPy
  assert.equal(code('exp(x) * x**2'), 'exp(x) * (x ** 2 + 2 * x)'); // bare names stay bare
  // With PyTorch, constant subexpressions use math (torch.log(2) would fail on a float).
  assert.equal(code('torch.pow(2, x)'), '2 ** x * math.log(2)');
  assert.equal(code('np.pi * x**2'), '2 * np.pi * x');
  assert.equal(code('torch.sin(math.pi * x)'), 'math.pi * torch.cos(math.pi * x)');
});

test('Python: activations print as code that runs without helpers in each module', () => {
  assert.equal(
    differentiate('np.log(1 + np.exp(x))').derivatives[0]!.code,
    'np.exp(x) / (np.exp(x) + 1)',
  );
  assert.equal(
    differentiate('softplus(x)', { syntax: 'python' }).derivatives[0]!.code,
    '1 / (1 + exp(-x))',
  );
  assert.equal(
    differentiate('np.sin(x) + softplus(x)').derivatives[0]!.code,
    'np.cos(x) + 1 / (1 + np.exp(-x))',
  );
  assert.equal(
    differentiate('np.maximum(x, 0) * 3').derivatives[0]!.code,
    '3 * np.heaviside(x, 0.0)',
  );
  assert.equal(
    differentiate('torch.relu(x) * 3').derivatives[0]!.code,
    '3 * torch.heaviside(x, torch.zeros_like(x))',
  );
  assert.equal(differentiate('math.fabs(x)').derivatives[0]!.code, 'x / abs(x)');
  const erf = differentiate('scipy.special.erf(x) * np.sin(x)').derivatives[0]!;
  assert.deepEqual(erf.helpers, ['scipy.special.erf']);
  assert.match(erf.code, /scipy\.special\.erf\(x\)/);
});
