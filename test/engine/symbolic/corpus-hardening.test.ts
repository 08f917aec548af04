/**
 * Adversarial hardening: inputs as they come from ML code, papers and homework that the engine
 * once rejected or got wrong. Every derivative is checked against central differences of an
 * independent f (JavaScript run by JavaScript, or mathjs evaluating its own syntax), its code
 * is run (JavaScript) or read back (Python), and errors name the column in the text as given.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import katex from 'katex';
import { GradLabError, type ErrorCode } from '../../../src/engine/errors';
import {
  type SyntaxOption,
  detectSyntax,
  differentiate,
  parseExpression,
} from '../../../src/engine/symbolic';
import { checkCase } from './checkCase';
import {
  type RealFunction,
  assertMatchesDifferences,
  close,
  jsFunction,
  mathjsFunction,
  pointsFor,
} from './reference';

const NONZERO = [0.37, -0.63, 1.42, -1.7, 2.3];
const POSITIVE = [0.37, 1.42, 2.3, 0.81, 3.7];
const CLIPPED = [0.37, -0.63, 1.42, 6.5, 2.3, -3.7];

const erf = (x: number): number => (mathjsFunction('erf(x)') as RealFunction)({ x });

/** f as JavaScript over the named variables, with erf in scope (JS has none). */
function js(code: string, variables: readonly string[]): RealFunction {
  const f = new Function('erf', ...variables, `return (${code});`) as (...a: unknown[]) => number;
  return (p) => f(erf, ...variables.map((v) => p[v]));
}

/**
 * [input, syntax (undefined: detected), the same f in JavaScript, points]. The reference is
 * written independently of the input's syntax, so a parser that misreads the input fails here.
 */
const CASES: [string, SyntaxOption | undefined, string, number[]?][] = [
  // Conditionals: ELU, leaky ReLU, Huber, clipping as code writes them.
  ['x > 0 ? x : Math.exp(x) - 1', undefined, 'x > 0 ? x : Math.exp(x) - 1', NONZERO],
  ['x > 0 ? x : 0.01 * x', 'javascript', 'x > 0 ? x : 0.01 * x', NONZERO],
  [
    'Math.abs(x) <= d ? 0.5 * x * x : d * (Math.abs(x) - 0.5 * d)',
    undefined,
    'Math.abs(x) <= d ? 0.5 * x * x : d * (Math.abs(x) - 0.5 * d)',
    NONZERO,
  ],
  [
    'x > 1 ? 1 : x < -1 ? -1 : x',
    'javascript',
    'Math.max(-1, Math.min(1, x))',
    [0.37, -0.63, 1.42, -1.7, 0.2],
  ],
  ['y > x ? y * x : Math.sin(x * y)', undefined, 'y > x ? y * x : Math.sin(x * y)', NONZERO],
  ['x if x > 0 else 0.01 * x', undefined, 'x > 0 ? x : 0.01 * x', NONZERO],
  [
    '0.5 * x**2 if abs(x) <= d else d * (abs(x) - 0.5 * d)',
    undefined,
    'Math.abs(x) <= d ? 0.5 * x * x : d * (Math.abs(x) - 0.5 * d)',
    NONZERO,
  ],
  [
    '1 if x > 1 else (-1 if x < -1 else x)',
    undefined,
    'Math.max(-1, Math.min(1, x))',
    [0.37, -0.63, 1.42, -1.7, 0.2],
  ],
  [
    'np.where(x > 0, x, alpha * (np.exp(x) - 1))',
    undefined,
    'x > 0 ? x : alpha * Math.expm1(x)',
    NONZERO,
  ],
  ['torch.where(x > 0, x, 0.2 * x)', undefined, 'x > 0 ? x : 0.2 * x', NONZERO],
  ['jnp.where(x >= 0, x**2, -x**3)', undefined, 'x >= 0 ? x * x : -x * x * x', NONZERO],
  ['(x > 0) * x + 0.1 * x * (x <= 0)', 'python', 'x > 0 ? x : 0.1 * x', NONZERO],
  [
    'abs(x) <= 1 ? x^2/2 : abs(x) - 1/2',
    undefined,
    'Math.abs(x) <= 1 ? x * x / 2 : Math.abs(x) - 0.5',
    NONZERO,
  ],
  ['x > 0 ? log(x) : 0', undefined, 'x > 0 ? Math.log(x) : 0', NONZERO],
  // Framework activations and helpers.
  ['F.elu(x, alpha=0.5)', undefined, 'x > 0 ? x : 0.5 * Math.expm1(x)', NONZERO],
  [
    'F.selu(x)',
    undefined,
    '1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * Math.expm1(x))',
    NONZERO,
  ],
  ['F.celu(x, alpha=2.0)', undefined, 'x > 0 ? x : 2 * Math.expm1(x / 2)', NONZERO],
  ['F.mish(x)', undefined, 'x * Math.tanh(Math.log1p(Math.exp(x)))'],
  ['F.relu6(x)', undefined, 'Math.min(Math.max(x, 0), 6)', CLIPPED],
  ['F.hardtanh(x, min_val=-2.0, max_val=2.0)', undefined, 'Math.min(Math.max(x, -2), 2)', CLIPPED],
  ['F.hardswish(x)', undefined, 'x * Math.min(Math.max(x + 3, 0), 6) / 6', CLIPPED],
  ['F.hardsigmoid(x)', undefined, 'Math.min(Math.max(x + 3, 0), 6) / 6', CLIPPED],
  ['F.logsigmoid(x)', undefined, '-Math.log1p(Math.exp(-x))'],
  ['F.tanhshrink(x)', undefined, 'x - Math.tanh(x)'],
  ['F.relu(x, inplace=True)', undefined, 'Math.max(x, 0)', NONZERO],
  [
    "F.gelu(x, approximate='tanh')",
    undefined,
    '0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))',
  ],
  // JAX's gelu approximates with tanh by default; approximate=False is the exact erf form.
  [
    'jax.nn.gelu(x)',
    undefined,
    '0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))',
  ],
  ['jax.nn.gelu(x, approximate=False)', undefined, '0.5 * x * (1 + erf(x / Math.SQRT2))'],
  ['torch.clamp(x, min=0)', undefined, 'Math.max(x, 0)', NONZERO],
  ['torch.clamp(x, max=1)', undefined, 'Math.min(x, 1)', NONZERO],
  ['np.clip(x, None, 6)', undefined, 'Math.min(x, 6)', CLIPPED],
  ['np.clip(x, 0, 6) * w', undefined, 'Math.min(Math.max(x, 0), 6) * w', CLIPPED],
  ['np.heaviside(x, 0.5) * x', undefined, '(x > 0 ? 1 : 0) * x', NONZERO],
  ['np.multiply(w, x) + np.add(b, 1)', undefined, 'w * x + b + 1'],
  ['torch.mul(w, x) - torch.div(y, 2)', undefined, 'w * x - y / 2'],
  ['torch.rsqrt(x)', undefined, '1 / Math.sqrt(x)', POSITIVE],
  ['tf.nn.relu(x) + tf.math.exp(x)', undefined, 'Math.max(x, 0) + Math.exp(x)', NONZERO],
  ['scipy.special.xlogy(y, p)', undefined, 'y * Math.log(p)', POSITIVE],
  ['σ(w * x + b)', undefined, '1 / (1 + Math.exp(-(w * x + b)))'],
  ['x * Φ(x)', undefined, 'x * (1 + erf(x / Math.SQRT2)) / 2'],
  // PyTorch losses on one element (reduction= changes nothing then).
  ['F.mse_loss(w * x + b, y)', undefined, '(w * x + b - y) ** 2'],
  [
    "F.huber_loss(yhat, y, delta=0.5, reduction='sum')",
    undefined,
    'Math.abs(yhat - y) <= 0.5 ? 0.5 * (yhat - y) ** 2 : 0.5 * (Math.abs(yhat - y) - 0.25)',
    NONZERO,
  ],
  [
    'F.smooth_l1_loss(yhat, y)',
    undefined,
    'Math.abs(yhat - y) < 1 ? 0.5 * (yhat - y) ** 2 : Math.abs(yhat - y) - 0.5',
    NONZERO,
  ],
  ['F.l1_loss(yhat, y)', undefined, 'Math.abs(yhat - y)', NONZERO],
  [
    'F.binary_cross_entropy(torch.sigmoid(z), y)',
    undefined,
    '-(y * Math.log(1 / (1 + Math.exp(-z))) + (1 - y) * Math.log(1 - 1 / (1 + Math.exp(-z))))',
  ],
  ['F.binary_cross_entropy_with_logits(z, y)', undefined, 'Math.log1p(Math.exp(z)) - y * z'],
  ['F.soft_margin_loss(z, y)', undefined, 'Math.log1p(Math.exp(-y * z))'],
  // Statements around the expression.
  ['const loss = (y - yhat) ** 2;', undefined, '(y - yhat) ** 2'],
  ['export const f = (x: number): number => x ** 3;', undefined, 'x ** 3'],
  ['const sigmoid = (z) => 1 / (1 + Math.exp(-z));', undefined, '1 / (1 + Math.exp(-z))'],
  ['return w * x + b;', undefined, 'w * x + b'],
  ['this.loss = Math.log(1 + Math.exp(-y * z));', undefined, 'Math.log(1 + Math.exp(-y * z))'],
  [
    'Math.exp(x) /* numerator */ / (1 + Math.exp(x)) // sigmoid',
    undefined,
    'Math.exp(x) / (1 + Math.exp(x))',
  ],
  ['(x! * Math.exp(y!)) as number', undefined, 'x * Math.exp(y)'],
  ['loss = (y - y_hat)**2  # MSE', undefined, '(y - y_hat) ** 2'],
  ['y: float = x**2 + 1', undefined, 'x ** 2 + 1'],
  ['lambda x, y: x**2 * y', undefined, 'x ** 2 * y'],
  ['def f(x: float) -> float: return np.tanh(x) ** 3', undefined, 'Math.tanh(x) ** 3'],
  ['y = x^2 + 1', undefined, 'x ** 2 + 1'],
  ['f(x) = x^3 - x', undefined, 'x ** 3 - x'],
  ['x^2 + 1;', undefined, 'x ** 2 + 1'],
  // Text pasted from papers and notes.
  ['x² + 3x − 1', undefined, 'x ** 2 + 3 * x - 1'],
  ['x × y ÷ z', undefined, 'x * y / z', POSITIVE],
  ['2·π·r', undefined, '2 * Math.PI * r'],
  ['√(x² + y²)', undefined, 'Math.sqrt(x * x + y * y)'],
  ['x⁻¹ + √x', undefined, '1 / x + Math.sqrt(x)', POSITIVE],
  ['Math.exp(−x²)', undefined, 'Math.exp(-(x ** 2))'],
  ['sin²(x) + 2sin^2(3x)', undefined, 'Math.sin(x) ** 2 + 2 * Math.sin(3 * x) ** 2'],
  ['tanh^2(w x)', undefined, 'Math.tanh(w * x) ** 2'],
  [
    '1/(σ*sqrt(2π)) * exp(-(x-μ)^2/(2σ^2))',
    undefined,
    'Math.exp(-((x - μ) ** 2) / (2 * σ ** 2)) / (σ * Math.sqrt(2 * Math.PI))',
    POSITIVE,
  ],
  ['PI * r^2', undefined, 'Math.PI * r ** 2'],
  // Textbook and homework notation: functions without parentheses.
  ['e^x sin x + cos 2x', undefined, 'Math.exp(x) * Math.sin(x) + Math.cos(2 * x)'],
  ['ln x / x + sin^2 x', undefined, 'Math.log(x) / x + Math.sin(x) ** 2', POSITIVE],
  ['x sin x^2', undefined, 'x * Math.sin(x * x)'],
  // LaTeX from papers.
  ['\\frac{1}{1+e^{-x}}', undefined, '1 / (1 + Math.exp(-x))'],
  ['\\sigma(w^\\top x + b)', undefined, '1 / (1 + Math.exp(-(w * x + b)))'],
  ['\\frac{1}{2}(y - \\hat{y})^2', undefined, '(y - yhat) ** 2 / 2'],
  ['\\log\\left(1 + e^{-y f}\\right)', undefined, 'Math.log(1 + Math.exp(-y * f))'],
  [
    '-\\frac{1}{n}\\left[y\\log p + (1-y)\\log(1-p)\\right]',
    undefined,
    '-(y * Math.log(p) + (1 - y) * Math.log(1 - p)) / n',
    [0.37, 0.81, 0.55, 0.12, 0.66],
  ],
  [
    '\\frac{1}{\\sigma\\sqrt{2\\pi}} e^{-\\frac{(x-\\mu)^2}{2\\sigma^2}}',
    undefined,
    'Math.exp(-((x - mu) ** 2) / (2 * sigma ** 2)) / (sigma * Math.sqrt(2 * Math.PI))',
    POSITIVE,
  ],
  ['x_{1}^2 + \\theta_0 x', undefined, 'x_1 ** 2 + theta_0 * x'],
  ['\\max(0, 1 - y\\cdot f)', undefined, 'Math.max(0, 1 - y * f)', NONZERO],
  ['\\left|x\\right| + |y|', undefined, 'Math.abs(x) + Math.abs(y)', NONZERO],
  ['L(\\theta) = \\frac{1}{2}(\\theta x - y)^2', undefined, '(theta * x - y) ** 2 / 2'],
  ['\\log_2 x + \\sqrt[3]{x}', undefined, 'Math.log2(x) + Math.cbrt(x)', POSITIVE],
  ['\\tanh\\left(\\mathbf{w}^{T} \\mathbf{x}\\right)', undefined, 'Math.tanh(w * x)'],
  ['x\\Phi(x)', undefined, 'x * (1 + erf(x / Math.SQRT2)) / 2'],
  // x(x + 1) where x is a variable is a product, as the writer meant.
  ['x(x+1)', undefined, 'x * (x + 1)'],
  ['p(1-p)', undefined, 'p * (1 - p)'],
  [
    '0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))',
    undefined,
    '0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))',
  ],
];

for (const [text, syntax, reference, at] of CASES) {
  test(`hardening: ∇ ${text} agrees with central differences of ${reference}`, () => {
    const r = differentiate(text, syntax ? { syntax } : {});
    const f = js(reference, r.variables);
    // The expression itself is read as the reference says.
    for (const p of pointsFor(r.variables, at)) {
      const ours = r.expression.evaluate(p);
      const theirs = f(p);
      if (Number.isFinite(theirs))
        assert.ok(
          ours !== null && close(ours, theirs, 1e-12, 1e-14),
          `f = ${r.expression.expr} at ${JSON.stringify(p)}: ${ours}, expected ${theirs}`,
        );
    }
    checkCase({ text, ...(at ? { at } : {}), ...(syntax ? { options: { syntax } } : {}) }, f);
    for (const d of [r.expression, ...r.derivatives])
      assert.doesNotThrow(() => katex.renderToString(d.latex, { throwOnError: true }), d.latex);
    if (r.syntax === 'python') {
      // The Python code reads back (np.where, torch.clamp, … included) to the same numbers.
      for (const d of r.derivatives) {
        if (/heaviside|zeros_like|scipy/.test(d.code)) continue;
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
    }
  });
}

test("conditionals: the value on the boundary is the code's; the derivative there exists only where the branches meet smoothly", () => {
  const leaky = differentiate('x > 0 ? x : 0.01 * x');
  assert.equal(leaky.expression.evaluate({ x: 0 }), 0);
  assert.equal(leaky.derivatives[0]!.evaluate({ x: 0 }), null); // a kink, like relu′(0)
  assert.equal(leaky.derivatives[0]!.evaluate({ x: -2 }), 0.01);
  // Huber is C¹: at |x| = δ both branches have value δ²/2 and slope δ.
  const huber = differentiate('abs(x) <= d ? x^2/2 : d * (abs(x) - d/2)', { wrt: ['x'] });
  assert.equal(huber.derivatives[0]!.evaluate({ x: 1.5, d: 1.5 }), 1.5);
  assert.equal(huber.derivatives[0]!.evaluate({ x: -1.5, d: 1.5 }), -1.5);
  // …but not C²: the second derivative jumps from 1 to 0 there.
  const second = differentiate('abs(x) <= 1 ? x^2/2 : abs(x) - 1/2', { order: 2 }).derivatives[0]!;
  assert.equal(second.evaluate({ x: 1 }), null);
  assert.equal(second.evaluate({ x: 0.5 }), 1);
  assert.equal(second.evaluate({ x: 2 }), 0);
  // A jump: value defined on both sides, derivative 0 away from it (as sign′).
  const step = differentiate('x > 0 ? 1 : 0');
  assert.equal(step.expression.evaluate({ x: 0 }), 0);
  assert.equal(step.derivatives[0]!.expr, '0');
  // Printed forms: mathjs and JS ternaries, NumPy where, Python's own conditional, LaTeX cases.
  assert.equal(leaky.derivatives[0]!.expr, 'x > 0 ? 1 : 0.01');
  assert.equal(
    differentiate('np.where(x > 0, x**2, 0)').derivatives[0]!.code,
    'np.where(x > 0, 2 * x, 0)',
  );
  assert.equal(
    differentiate('math.exp(x) if x > 0 else -x').derivatives[0]!.code,
    'math.exp(x) if x > 0 else -1',
  );
  assert.equal(
    differentiate('torch.where(x > 0, x, 0.2 * x)').derivatives[0]!.code,
    'torch.where(x > 0, 1, 0.2)',
  );
  assert.equal(
    differentiate('x > 0 ? x ** 2 : 0', { syntax: 'javascript' }).derivatives[0]!.code,
    'x > 0 ? 2 * x : 0',
  );
  assert.match(leaky.derivatives[0]!.latex, /\\begin\{cases\} 1 & \\text\{if \} x > 0/);
  // A conditional inside a product or a power is parenthesised in every printed form.
  const inside = differentiate('3 * (x > 0 ? x : -x) ** 3').derivatives[0]!;
  assert.equal(inside.expr, '9 * (x > 0 ? 1 : -1) * (x > 0 ? x : -x) ^ 2');
  assert.deepEqual(
    [2, -2].map((x) => inside.evaluate({ x })),
    [36, -36],
  );
});

test('PyTorch code: max/min against a constant clamp with the right bound', () => {
  // max(x, 1) is clamp(x, min=1); it once printed max=1, which is min(x, 1).
  const r = differentiate('torch.maximum(x, 1.0) * torch.minimum(x, 3.0)');
  const d = r.derivatives[0]!;
  assert.match(d.code, /torch\.clamp\(x, min=1\)/);
  assert.match(d.code, /torch\.clamp\(x, max=3\)/);
  const back = parseExpression(r.expression.code, { syntax: 'python' });
  for (const x of [0.5, 2, 4]) assert.equal(back.evaluate({ x }), Math.max(x, 1) * Math.min(x, 3));
});

test('syntax detection reads statements and Python conditionals', () => {
  assert.equal(detectSyntax('const loss = (y - yhat) ** 2;'), 'javascript');
  assert.equal(detectSyntax('(x) => x * x'), 'javascript');
  assert.equal(detectSyntax('return w * x + b;'), 'javascript');
  assert.equal(detectSyntax('return x**2'), 'python');
  assert.equal(detectSyntax('x if x > 0 else 0.01 * x'), 'python');
  assert.equal(detectSyntax('lambda x: x * x'), 'python');
  // lambda as a variable (a regularisation weight) stays mathjs.
  assert.equal(detectSyntax('lambda*(w1^2 + w2^2)'), 'mathjs');
  assert.equal(detectSyntax('x^2 + 1;'), 'mathjs');
  assert.equal(detectSyntax('x > 0 ? x : 0.01x'), 'mathjs');
  assert.equal(detectSyntax('x > 0 ? x ** 2 : 0'), 'javascript');
});

test('constants: π and mathjs PI are pi; E stays a variable; non-finite numbers are refused', () => {
  assert.deepEqual(differentiate('2π r').variables, ['r']);
  assert.equal(differentiate('2π r').derivatives[0]!.evaluate({ r: 1 }), 2 * Math.PI);
  assert.deepEqual(parseExpression('PI * E').variables, ['E']);
  assert.deepEqual(parseExpression('π * x', { syntax: 'python' }).variables, ['x']);
  // A bare σ is a variable (a standard deviation); σ(…) is the sigmoid.
  assert.deepEqual(parseExpression('σ * σ(x)').variables, ['σ', 'x']);
});

/** [text, syntax, code, column, a word the message must contain]. */
const ERRORS: [string, SyntaxOption | undefined, ErrorCode, number, string][] = [
  ['-x ** 2', 'javascript', 'syntax', 1, '-(x ** 2)'],
  ['Math.exp(-x ** 2)', undefined, 'syntax', 10, '(-x) ** 2'],
  ['x == 1 ? a : b', 'javascript', 'unsupported', 3, '=='],
  ['x ? 1 : 2', undefined, 'unsupported', 3, 'condition'],
  ['0 < x < 1 ? x : 0', 'javascript', 'unsupported', 7, 'Chained'],
  ['x**2 if x else 0', undefined, 'unsupported', 6, 'condition'],
  ['np.where(x, 1, 0)', undefined, 'unsupported', 1, 'condition'],
  ['np.where(x > 0, 1)', undefined, 'bad-argument', 1, '3 arguments'],
  ['np.inf * x', undefined, 'unsupported', 1, 'finite'],
  ['x + Infinity', undefined, 'unsupported', 5, 'finite'],
  ['x * 1e400', undefined, 'unsupported', 5, 'finite'],
  ['x * 1e400', 'python', 'unsupported', 5, 'finite'],
  ['w(x + b)', undefined, 'unknown-function', 1, 'w * (…)'],
  ['x² + foo(x)', undefined, 'unknown-function', 6, 'foo'],
  ['√x + foo(x)', undefined, 'unknown-function', 6, 'foo'],
  ['sin^2(x) + foo(x)', undefined, 'unknown-function', 12, 'foo'],
  ['x × × y', undefined, 'syntax', 5, 'Value'],
  ['Math.exp(x) /* unterminated', undefined, 'syntax', 13, 'comment'],
  ['F.gelu(x, approximate="cubic")', undefined, 'unsupported', 23, 'approximate'],
  ['np.clip(x, None, None, None)', undefined, 'bad-argument', 1, '1 to 3 arguments'],
  ['x; y', undefined, 'unsupported', 2, 'statements'],
  ['\\sum_i x_i', undefined, 'unsupported', 1, '\\sum'],
  ['x + \\lambda \\|w\\|^2', undefined, 'unsupported', 13, '\\|'],
  ['\\frac{1}{x + foo(x)}', undefined, 'unknown-function', 14, 'foo'],
  ['\\frac{1}{x', undefined, 'syntax', 9, '}'],
  ['\\frac{1}{x} + \\', undefined, 'unsupported', 15, 'LaTeX command'],
  ['\\frac{1}{x}√x + \\foo', undefined, 'unsupported', 17, '\\foo'],
  ['sin(x).min = 2', undefined, 'syntax', 12, 'left-hand side'],
  ['((((x + foo(x)))))', undefined, 'unknown-function', 9, 'foo'],
  ['((x ** 2 + foo(x)))', undefined, 'unknown-function', 12, 'foo'],
];

for (const [text, syntax, code, column, word] of ERRORS) {
  test(`hardening error: ${JSON.stringify(text)} → ${code} at column ${column}`, () => {
    let error: unknown;
    try {
      differentiate(text, syntax ? { syntax } : {});
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof GradLabError, `${text}: ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.deepEqual(error.place, { kind: 'expression', column }, error.message);
    assert.ok(error.message.includes(word), `"${error.message}" should mention ${word}`);
  });
}

test('LaTeX: names with $ and conditionals render in KaTeX', () => {
  for (const text of [
    'x $ y',
    'a$b * x',
    'x > 0 ? x^2 : -x',
    '(x > 1 ? x : 1)^2',
    'np.where(x > 0, 1/x, x)',
  ]) {
    const r = differentiate(text);
    for (const f of [r.expression, ...r.derivatives])
      assert.doesNotThrow(() => katex.renderToString(f.latex, { throwOnError: true }), f.latex);
  }
});

test('a derivative of a conditional agrees with central differences on both sides, in every variable', () => {
  const r = differentiate('x > y ? x * y ** 2 : Math.sin(x) * y');
  const f = jsFunction('x > y ? x * y ** 2 : Math.sin(x) * y', r.variables);
  const points = pointsFor(r.variables, [0.37, -0.63, 1.42, -1.7, 2.3, 0.81]);
  for (const d of r.derivatives) assertMatchesDifferences(d, f, points, { minPoints: 4 });
});

/** Checks every order up to n against central differences of the order below it. */
function assertOrderChain(text: string, n: number, at: number[]): void {
  const r = differentiate(text, { order: n, simplifyBudgetMs: 20_000 });
  let d = r.derivatives[0]!;
  const chain = [d];
  while (d.parent !== r.expression) chain.unshift((d = d.parent as typeof d));
  const points = pointsFor(r.variables, at);
  for (const k of chain) {
    const parent = (p: Record<string, number>): number => k.parent.evaluate(p) ?? NaN;
    assertMatchesDifferences(k, parent, points, { minPoints: at.length, rtol: 1e-6 });
  }
}

test('high orders: quotient-rule powers cancel, so values stay finite where f is defined', () => {
  // d¹⁰/dx¹⁰ 1/(1+x²) once carried (x²+1)^1013 and overflowed to null at x = 3.
  const d = differentiate('1/(1+x^2)', { order: 10, simplifyBudgetMs: 20_000 }).derivatives[0]!;
  // Closed form: (−1)ⁿ n! sin((n+1)θ) / (1+x²)^((n+1)/2), θ = atan2(1, x).
  const exact = (n: number, x: number): number => {
    let fact = 1;
    for (let k = 2; k <= n; k++) fact *= k;
    return ((-1) ** n * fact * Math.sin((n + 1) * Math.atan2(1, x))) / (1 + x * x) ** ((n + 1) / 2);
  };
  for (const x of [3, -2.5, 0.5, 10])
    assert.ok(close(d.evaluate({ x })!, exact(10, x), 1e-9, 1e-12), `x = ${x}`);
  assert.equal(d.simplification, 'simplified');
  assert.ok(d.expr.length < 200, d.expr);
  assert.equal(
    differentiate('sqrt(1 + x^2)', { order: 2 }).derivatives[0]!.expr,
    '1 / (x ^ 2 + 1) ^ 1.5',
  );
  assert.equal(
    differentiate('1/(1+x^2)', { order: 3 }).derivatives[0]!.expr,
    '24 * (x - x ^ 3) / (x ^ 2 + 1) ^ 4',
  );
  // A negative coefficient and a negative leading term trade signs: 2·(3x² − 1), not −2·(1 − 3x²).
  assert.equal(
    differentiate('1/(1+x^2)', { order: 2 }).derivatives[0]!.expr,
    '2 * (3 * x ^ 2 - 1) / (x ^ 2 + 1) ^ 3',
  );
  assertOrderChain('sqrt(1 + x^2)', 12, [0.7, -1.3, 2.2]);
});

/**
 * Taylor-mode arithmetic: a truncated power series around a point, an independent reference for
 * high derivatives (f⁽ⁿ⁾(x₀) = n!·cₙ), numerically far better behaved than nested differences.
 */
type Jet = number[];
const N_TERMS = 21;
const variable = (x0: number): Jet => [x0, 1, ...Array<number>(N_TERMS - 2).fill(0)];
const constant = (c: number): Jet => [c, ...Array<number>(N_TERMS - 1).fill(0)];
const plus = (a: Jet, b: Jet): Jet => a.map((v, k) => v + b[k]!);
const scale = (a: Jet, c: number): Jet => a.map((v) => v * c);
const times = (a: Jet, b: Jet): Jet =>
  a.map((_, k) => {
    let s = 0;
    for (let j = 0; j <= k; j++) s += a[j]! * b[k - j]!;
    return s;
  });
function over(a: Jet, b: Jet): Jet {
  const q: Jet = [];
  for (let k = 0; k < N_TERMS; k++) {
    let s = a[k]!;
    for (let j = 1; j <= k; j++) s -= b[j]! * q[k - j]!;
    q.push(s / b[0]!);
  }
  return q;
}
function jetExp(a: Jet): Jet {
  // e′ = e·a′: k·eₖ = Σⱼ j·aⱼ·eₖ₋ⱼ
  const e: Jet = [Math.exp(a[0]!)];
  for (let k = 1; k < N_TERMS; k++) {
    let s = 0;
    for (let j = 1; j <= k; j++) s += j * a[j]! * e[k - j]!;
    e.push(s / k);
  }
  return e;
}
const jetSigmoid = (a: Jet): Jet => over(constant(1), plus(constant(1), jetExp(scale(a, -1))));
const jetTanh = (a: Jet): Jet => {
  const e2 = jetExp(scale(a, 2));
  return over(plus(e2, constant(-1)), plus(e2, constant(1)));
};
/** f⁽ⁿ⁾(x₀) from the series. */
function nthFromJet(jet: Jet, n: number): number {
  let fact = 1;
  for (let k = 2; k <= n; k++) fact *= k;
  return jet[n]! * fact;
}

test('high orders: sigmoid, tanh and GELU pieces agree with Taylor-series references', () => {
  // The expanded polynomial in σ loses digits at high orders; the unexpanded form is kept then.
  const cases: [string, (a: Jet) => Jet, number][] = [
    ['sigmoid(x)', jetSigmoid, 14],
    ['tanh(x)', jetTanh, 16],
    ['1/(1+exp(-x))', jetSigmoid, 20],
    ['x * sigmoid(x)', (a) => times(a, jetSigmoid(a)), 12],
    ['exp(-x^2)', (a) => jetExp(scale(times(a, a), -1)), 20],
  ];
  for (const [text, jet, n] of cases) {
    // A generous budget: what is checked is the form and the accuracy, not the speed.
    const d = differentiate(text, { order: n, simplifyBudgetMs: 20_000 }).derivatives[0]!;
    assert.equal(d.simplification, 'simplified', `${text} order ${n}`);
    for (const x of [0.7, -1.3, 2.2]) {
      const exact = nthFromJet(jet(variable(x)), n);
      assert.ok(
        close(d.evaluate({ x })!, exact, 1e-7, 1e-9),
        `${text} order ${n} at ${x}: ${d.evaluate({ x })} vs ${exact}`,
      );
    }
  }
});

test('redundant parentheses cost nothing: 3000 levels in every syntax', () => {
  for (const [inner, syntax] of [
    ['x^2', 'mathjs'],
    ['x ** 2', 'javascript'],
    ['x ** 2', 'python'],
  ] as const) {
    const text = '('.repeat(3000) + inner + ')'.repeat(3000);
    assert.equal(differentiate(text, { syntax }).derivatives[0]!.evaluate({ x: 1.5 }), 3);
  }
});

test('macros print without "1 *": F.elu(x) is x > 0 ? x : exp(x) - 1', () => {
  assert.equal(parseExpression('F.elu(x)').expr, 'x > 0 ? x : exp(x) - 1');
  assert.equal(parseExpression('elu(x, 2)').expr, 'x > 0 ? x : 2 * (exp(x) - 1)');
  assert.equal(parseExpression('F.celu(x, alpha=2)').expr, 'x > 0 ? x : 2 * (exp(x / 2) - 1)');
});

test('conditionals: a condition that does not move with the variable has no kink; NaN conditions take the else branch', () => {
  // ∂/∂x of y > 0 ? x : 2x is 1 or 2 even at y = 0: moving x never crosses the boundary.
  const r = differentiate('y > 0 ? x : 2*x');
  const dx = r.derivatives.find((d) => d.wrt[0] === 'x')!;
  assert.equal(dx.evaluate({ y: 0, x: 1 }), 2);
  assert.equal(dx.evaluate({ y: 1, x: 1 }), 1);
  // Constant conditions and identical sides fold to their branch.
  assert.equal(
    differentiate('abs(0.01) <= 0.01 ? -x : -y/2', { wrt: ['x'] }).derivatives[0]!.evaluate({
      x: 1,
      y: 1,
    }),
    -1,
  );
  assert.equal(differentiate('x <= x ? x^2 : 0').derivatives[0]!.expr, '2 * x');
  // As in JavaScript and NumPy, NaN > 0 is false: sqrt(y) > 1 ? … takes the else branch for y < 0.
  const nan = differentiate('Math.sqrt(y) > 1 ? x * y : x * x');
  const js = jsFunction('Math.sqrt(y) > 1 ? x * y : x * x', nan.variables);
  assert.equal(nan.expression.evaluate({ y: -1, x: 3 }), js({ y: -1, x: 3 }));
  assert.equal(nan.derivatives.find((d) => d.wrt[0] === 'x')!.evaluate({ y: -1, x: 3 }), 6);
});

test('max and min of equal arguments: the derivative is theirs, not a tie', () => {
  assert.equal(differentiate('min(x, x) * 3').derivatives[0]!.evaluate({ x: 2 }), 3);
  assert.equal(differentiate('Math.max(x * x, x * x)').derivatives[0]!.evaluate({ x: 2 }), 4);
});

test('JavaScript code never negates a bare power: sigmoid(y ** x) prints Math.exp(-(y ** x))', () => {
  const d = differentiate('sigmoid(y ** x)', { syntax: 'javascript', wrt: ['x'] }).derivatives[0]!;
  assert.match(d.code, /Math\.exp\(-\(y \*\* x\)\)/);
  const f = jsFunction(d.code, ['y', 'x']);
  for (const [y, x] of [
    [1.5, 0.7],
    [2, -1.2],
  ] as const)
    assert.ok(close(f({ y, x }), d.evaluate({ y, x })!, 1e-12, 1e-14));
});

test('|u| and even powers of u merge: x·|x| and softsign are differentiable at 0, ln|x| gives 1/x', () => {
  const xabs = differentiate('x * abs(x)').derivatives[0]!;
  assert.equal(xabs.expr, '2 * abs(x)');
  assert.equal(xabs.evaluate({ x: 0 }), 0);
  const softsign = differentiate('F.softsign(x)').derivatives[0]!;
  assert.equal(softsign.evaluate({ x: 0 }), 1);
  assert.equal(softsign.evaluate({ x: -3 }), 1 / 16);
  assert.equal(differentiate('log(abs(x))').derivatives[0]!.expr, '1 / x');
  assert.equal(differentiate('x^3 * abs(x)^2').derivatives[0]!.expr, '5 * x ^ 4');
  // |x|′ itself stays undefined at its kink.
  assert.equal(differentiate('abs(x)').derivatives[0]!.evaluate({ x: 0 }), null);
  const r = differentiate('hypot(softsign(relu(-y)), tanh(y))');
  const f = (p: Record<string, number>): number => r.expression.evaluate(p) ?? NaN;
  assertMatchesDifferences(r.derivatives[0]!, f, pointsFor(['y'], [0.81, -0.63, 1.42, -1.7]), {
    minPoints: 4,
  });
});

test('softmax cross-entropy: the gradient reads (e^z2 + e^z3) / Σ, not e^-z1·(e^(z1+z2) + …)', () => {
  const r = differentiate('-log(exp(z1)/(exp(z1)+exp(z2)+exp(z3)))');
  assert.equal(r.derivatives[0]!.expr, '-(exp(z2) + exp(z3)) / (exp(z1) + exp(z2) + exp(z3))');
  const f = jsFunction(
    '-Math.log(Math.exp(z1) / (Math.exp(z1) + Math.exp(z2) + Math.exp(z3)))',
    r.variables,
  );
  for (const d of r.derivatives)
    assertMatchesDifferences(d, f, pointsFor(r.variables), { minPoints: 6 });
});

test('LaTeX names: yhat and y_hat print as \\hat{y}, xbar as \\bar{x}, theta_0 as \\theta_{0}', () => {
  const r = differentiate('(y - yhat)^2 + y_hat * xbar + theta_0');
  assert.equal(r.derivatives.find((d) => d.wrt[0] === 'y')!.latex, '2 y - 2 \\hat{y}');
  assert.match(r.expression.latex, /\\hat\{y\} \\bar\{x\}/);
  assert.match(r.expression.latex, /\\theta_\{0\}/);
  assert.doesNotThrow(() => katex.renderToString(r.expression.latex, { throwOnError: true }));
});

test('fuzz: code lines, LaTeX and pasted notation parse or fail with a GradLabError placed inside the text', () => {
  const tokens = [
    'x',
    'y',
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
    'sin ',
    'Math.',
    'np.',
    'np.where(',
    'F.elu(',
    'exp',
    '=',
    '!',
    '?',
    ':',
    ' if ',
    ' else ',
    '>',
    '<=',
    '\\frac',
    '{',
    '}',
    '\\sigma',
    '\\left(',
    '\\right)',
    '|',
    '²',
    '√',
    '×',
    '−',
    'π',
    ';',
    '//',
    '#',
    'lambda ',
    'return ',
    'const ',
    '=>',
    '_',
    "'",
    'None',
    'min=',
    'as number',
    '/*',
    '\n',
    '\\',
  ];
  const syntaxes = [undefined, 'mathjs', 'javascript', 'python'] as const;
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...tokens), { maxLength: 12 }),
      fc.constantFrom(...syntaxes),
      (parts, syntax) => {
        const text = parts.join('');
        try {
          const r = differentiate(text, { ...(syntax ? { syntax } : {}), simplifyBudgetMs: 20 });
          for (const d of r.derivatives) assert.equal(typeof d.code, 'string');
        } catch (e) {
          assert.ok(e instanceof GradLabError, `${JSON.stringify(text)} threw ${String(e)}`);
          assert.notEqual(e.code, 'internal', `${JSON.stringify(text)}: ${e.message}`);
          if (e.place?.kind === 'expression')
            assert.ok(
              e.place.column >= 1 && e.place.column <= text.length + 1,
              `${JSON.stringify(text)}: column ${e.place.column}`,
            );
        }
      },
    ),
    { numRuns: 1500, seed: 11 },
  );
});

test('variables come in the order the text names them, even through a function that reorders its arguments', () => {
  assert.deepEqual(differentiate('F.binary_cross_entropy(torch.sigmoid(z), y)').variables, [
    'z',
    'y',
  ]);
  assert.deepEqual(differentiate('F.mse_loss(yhat, y)').variables, ['yhat', 'y']);
  assert.deepEqual(differentiate('\\frac{1}{2}(y - \\hat{y})^2').variables, ['y', 'yhat']);
});
