/**
 * `gradlab diff`: the issue-4 contract, run as users run it (node dist/cli.js): exactly the JSON
 * keys, one entry per variable, --order, --at values (null at a kink), exit 2 with the error's
 * 1-based column in EXPR, and the readable output without --json.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = process.env['GRADLAB_ROOT'] ?? path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');

before(() => {
  execFileSync(process.execPath, ['scripts/build.js', '--only=cli'], { cwd: root });
});

function diff(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'diff', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Entry {
  wrt: string[];
  order: number;
  expr: string;
  latex: string;
  values: (number | null)[];
}
interface Success {
  expression: string;
  variables: string[];
  derivatives: Entry[];
}

function json<T>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1, `stdout is one JSON line: ${stdout}`);
  return JSON.parse(lines[0]!) as T;
}

function success(...args: string[]): Success {
  const r = diff(...args, '--json');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const out = json<Success>(r.stdout);
  assert.deepEqual(Object.keys(out), ['expression', 'variables', 'derivatives']);
  for (const d of out.derivatives)
    assert.deepEqual(Object.keys(d), ['wrt', 'order', 'expr', 'latex', 'values']);
  return out;
}

function failure(...args: string[]): { message: string; column?: number } {
  const r = diff(...args, '--json');
  assert.equal(r.code, 2, r.stdout + r.stderr);
  const out = json<{ error: { message: string; column?: number } }>(r.stdout);
  assert.deepEqual(Object.keys(out), ['error']);
  assert.equal(typeof out.error.message, 'string');
  return out.error;
}

test('diff --json: without --wrt, the gradient (one entry per variable) with values at each --at', () => {
  const out = success('w*x + b - y', '--at', 'w=2,x=3,b=1,y=0', '--at', 'w=-1,x=0.5,b=0,y=2');
  assert.equal(out.expression, 'w * x + b - y');
  assert.deepEqual(out.variables, ['w', 'x', 'b', 'y']);
  assert.deepEqual(
    out.derivatives.map((d) => [d.wrt, d.order, d.expr, d.values]),
    [
      [['w'], 1, 'x', [3, 0.5]],
      [['x'], 1, 'w', [2, -1]],
      [['b'], 1, '1', [1, 1]],
      [['y'], 1, '-1', [-1, -1]],
    ],
  );
});

test('diff --json --wrt x,y: one entry per listed variable, in the listed order, values checked', () => {
  const out = success('x^2 * sin(y) + exp(x*y)', '--wrt', 'y,x', '--at', 'x=0.5,y=-1.2');
  assert.deepEqual(
    out.derivatives.map((d) => d.wrt),
    [['y'], ['x']],
  );
  const [x, y] = [0.5, -1.2];
  const dy = x * x * Math.cos(y) + x * Math.exp(x * y);
  const dx = 2 * x * Math.sin(y) + y * Math.exp(x * y);
  assert.ok(Math.abs(out.derivatives[0]!.values[0]! - dy) < 1e-12);
  assert.ok(Math.abs(out.derivatives[1]!.values[0]! - dx) < 1e-12);
  assert.equal(out.derivatives[1]!.latex, '2 x \\sin\\left(y\\right) + y e^{x y}');
});

test('diff --order N: the Nth derivative of one variable; of each variable when there are several', () => {
  const one = success('sin(x) * x', '--order', '3', '--at', 'x=1');
  assert.equal(one.derivatives.length, 1);
  assert.deepEqual(one.derivatives[0]!.wrt, ['x']);
  assert.equal(one.derivatives[0]!.order, 3);
  // (x sin x)‴ = −3 sin x − x cos x
  assert.ok(Math.abs(one.derivatives[0]!.values[0]! - (-3 * Math.sin(1) - Math.cos(1))) < 1e-12);
  const two = success('x^3 * y^2', '--order', '2');
  assert.deepEqual(
    two.derivatives.map((d) => [d.wrt, d.order, d.expr]),
    [
      [['x'], 2, '6 * x * y ^ 2'],
      [['y'], 2, '2 * x ^ 3'],
    ],
  );
});

test('diff: EXPR may begin with "-", JavaScript and Python input come back as mathjs text', () => {
  assert.equal(success('-x^2').derivatives[0]!.expr, '-2 * x');
  const js = success('Math.exp(-x * x) / (1 + Math.exp(-x))', '--at', 'x=0.3');
  assert.equal(js.expression, 'exp(-x * x) / (1 + exp(-x))');
  const f = (x: number) => Math.exp(-x * x) / (1 + Math.exp(-x));
  const h = 1e-5;
  assert.ok(Math.abs(js.derivatives[0]!.values[0]! - (f(0.3 + h) - f(0.3 - h)) / (2 * h)) < 1e-8);
  const py = success('np.tanh(w * x)**2', '--wrt', 'w');
  assert.equal(py.derivatives[0]!.expr, '2 * x * tanh(w * x) * (1 - tanh(w * x) ^ 2)');
  assert.equal(success('x ** 3', '--syntax', 'javascript').derivatives[0]!.expr, '3 * x ^ 2');
});

test('diff: values are null where the derivative is undefined (relu kink, log of a negative)', () => {
  const out = success('relu(x) + log(x + 2)', '--at', 'x=0', '--at', 'x=1', '--at', 'x=-3');
  assert.deepEqual(out.derivatives[0]!.values, [null, 1 + 1 / 3, null]);
});

test('diff errors: syntax and unknown function exit 2 with the 1-based column in EXPR', () => {
  assert.deepEqual(failure('sin(x'), { message: 'Parenthesis ) expected', column: 6 });
  const unknown = failure('x^2 + foo(x)');
  assert.equal(unknown.column, 7);
  assert.match(unknown.message, /foo/);
  assert.equal(failure('Math.sin(x) + Math.floor(x)').column, 15);
  assert.equal(failure('np.exp(x**2) ^ 2', '--syntax', 'python').column, 14);
});

test('diff errors: a bad --at (unknown or missing variable, not a number) exits 2 with a message', () => {
  assert.match(failure('x*y', '--at', 'x=1,z=2,y=0').message, /Unknown variable z/);
  assert.match(failure('x*y', '--at', 'x=1').message, /no value for y/);
  assert.match(failure('x*y', '--at', 'x=1,y=abc').message, /not a finite number/);
  assert.match(
    failure('x*y', '--at', 'x=1,y=2', '--at', 'x=oops,y=1').message,
    /not a finite number/,
  );
  assert.equal(failure('x*y', '--at', 'x=1').column, undefined);
});

test('diff errors: bad --wrt, --order and --syntax exit 2', () => {
  assert.match(failure('x^2', '--wrt', 'z').message, /z does not appear/);
  assert.match(failure('x^2', '--order', '0').message, /order must be an integer/);
  assert.match(failure('x^2', '--order', '1.5').message, /integer/);
  assert.match(failure('x^2', '--syntax', 'ruby').message, /--syntax/);
  assert.match(failure('x^2', '--wrt', 'x,,y').message, /--wrt/);
});

test('diff without --json: readable lines on stdout; errors on stderr with the column', () => {
  const ok = diff('Math.sin(x) ** 2', '--at', 'x=0.5');
  assert.equal(ok.code, 0);
  assert.equal(
    ok.stdout,
    [
      'f(x) = sin(x) ^ 2',
      'df/dx = 2 * cos(x) * sin(x)',
      '    JavaScript: 2 * Math.cos(x) * Math.sin(x)',
      `    at x=0.5: ${2 * Math.cos(0.5) * Math.sin(0.5)}`,
      '',
    ].join('\n'),
  );
  assert.match(diff('x*y^2', '--order', '2').stdout, /∂²f\/∂y² = 2 \* x/);
  const bad = diff('x + foo(x)');
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /Unknown function foo\. \(column 5\)/);
});

test('diff: a line of code, a conditional and pasted notation (values checked, null on the kink)', () => {
  const code = success('const loss = (y - yhat) ** 2;', '--at', 'y=1,yhat=0.25');
  assert.equal(code.expression, '(y - yhat) ^ 2');
  assert.deepEqual(
    code.derivatives.map((d) => d.values),
    [[1.5], [-1.5]],
  );
  const leaky = success('x > 0 ? x : 0.01 * x', '--at', 'x=-2', '--at', 'x=0', '--at', 'x=3');
  assert.equal(leaky.derivatives[0]!.expr, 'x > 0 ? 1 : 0.01');
  assert.deepEqual(leaky.derivatives[0]!.values, [0.01, null, 1]);
  const pasted = success('x × y − y²', '--at', 'x=2,y=3');
  assert.equal(pasted.expression, 'x * y - y ^ 2');
  assert.deepEqual(
    pasted.derivatives.map((d) => d.values),
    [[3], [2 - 6]],
  );
  // The column points into EXPR as typed, before √ became sqrt(…).
  assert.deepEqual(failure('√x + foo(x)'), { message: 'Unknown function foo.', column: 6 });
});
