/**
 * Evaluation: undefined values are null (the kinks of relu, |x|, max; log of a negative; 1/0),
 * points must name every variable, compiled evaluators for plots, and the spot check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradLabError } from '../../../src/engine/errors';
import {
  Derivative,
  differentiate,
  parseExpression,
  parsePoint,
  spotCheck,
  suggestPoint,
} from '../../../src/engine/symbolic';
import { mathjsDialect } from '../../../src/engine/symbolic/print/mathjs';
import { spotCheckDerivative } from '../../../src/engine/symbolic/spotCheck';

const d1 = (text: string) => differentiate(text).derivatives[0]!;

test('relu′ is undefined exactly at the kink: null at 0, 1 above, 0 below', () => {
  const d = d1('relu(x)');
  assert.equal(d.evaluate({ x: 0 }), null);
  assert.equal(d.evaluate({ x: 1e-9 }), 1);
  assert.equal(d.evaluate({ x: -1e-9 }), 0);
  assert.equal(parseExpression('relu(x)').evaluate({ x: 0 }), 0); // relu itself is defined there
});

test('the kinks of |x|, max, min and leaky_relu give null; smooth points do not', () => {
  assert.equal(d1('abs(x)').evaluate({ x: 0 }), null);
  assert.equal(d1('abs(x)').evaluate({ x: -2 }), -1);
  const max = differentiate('max(x, y)').derivatives;
  assert.equal(max[0]!.evaluate({ x: 1, y: 1 }), null);
  assert.equal(max[0]!.evaluate({ x: 2, y: 1 }), 1);
  assert.equal(max[1]!.evaluate({ x: 2, y: 1 }), 0);
  assert.equal(differentiate('min(x, 3)').derivatives[0]!.evaluate({ x: 3 }), null);
  assert.equal(d1('leaky_relu(x, 0.1)').evaluate({ x: 0 }), null);
  assert.equal(d1('leaky_relu(x, 0.1)').evaluate({ x: -5 }), 0.1);
  assert.equal(d1('relu(x - 2)').evaluate({ x: 2 }), null);
});

test('log of a negative, division by zero and overflow are null, not NaN or Infinity', () => {
  assert.equal(d1('log(x)').evaluate({ x: 0 }), null);
  assert.equal(parseExpression('log(x)').evaluate({ x: -1 }), null);
  assert.equal(d1('sqrt(x)').evaluate({ x: -4 }), null);
  assert.equal(parseExpression('1 / x').evaluate({ x: 0 }), null);
  assert.equal(parseExpression('exp(x)').evaluate({ x: 1000 }), null);
  assert.equal(d1('asin(x)').evaluate({ x: 1 }), null);
  assert.equal(parseExpression('x^0.5').evaluate({ x: -1 }), null);
  assert.equal(parseExpression('cbrt(x)').evaluate({ x: -8 }), -2); // cbrt is real for negatives
});

test('activations stay finite for large arguments (stable sigmoid, softplus, logsumexp)', () => {
  assert.equal(parseExpression('sigmoid(x)').evaluate({ x: -800 }), 0);
  assert.equal(parseExpression('softplus(x)').evaluate({ x: 800 }), 800);
  assert.equal(
    parseExpression('logsumexp(x, y)').evaluate({ x: 1000, y: 1000 }),
    1000 + Math.log(2),
  );
  assert.equal(d1('softplus(x)').evaluate({ x: 800 }), 1);
});

test('a point must name every variable with a number', () => {
  const f = parseExpression('x * y');
  assert.throws(
    () => f.evaluate({ x: 1 }),
    (e: GradLabError) => e.code === 'bad-point' && /Missing value for y/.test(e.message),
  );
  assert.equal(f.evaluate({ x: 2, y: 3, z: 9 }), 6); // extra names are ignored
});

test('compile() gives a positional evaluator for plots, null where undefined', () => {
  const d = d1('x * log(x)');
  const g = d.compile(['x']);
  assert.equal(g([1]), 1);
  assert.equal(g([-1]), null);
  const h = differentiate('x^2 * y').derivatives[0]!.compile(['y', 'x']);
  assert.equal(h([3, 2]), 12);
  assert.throws(() => differentiate('x^2 * y').derivatives[0]!.compile(['x']), /missing y/);
});

test('parsePoint: x=1.5,y=-2; unknown, missing, repeated and non-numeric values are errors', () => {
  assert.deepEqual(parsePoint('x=1.5, y=-2', ['x', 'y']), { x: 1.5, y: -2 });
  assert.deepEqual(parsePoint('y=1e-3,x=0', ['x', 'y']), { x: 0, y: 0.001 });
  assert.deepEqual(parsePoint('', []), {});
  const bad = (spec: string, re: RegExp): void =>
    assert.throws(
      () => parsePoint(spec, ['x', 'y']),
      (e: GradLabError) => e.code === 'bad-point' && re.test(e.message),
    );
  bad('x=1,z=2', /Unknown variable z/);
  bad('x=1', /no value for y/);
  bad('x=1,x=2,y=0', /given twice/);
  bad('x=abc,y=1', /not a finite number/);
  bad('x=,y=1', /not a finite number/);
  bad('x=Infinity,y=1', /not a finite number/);
  bad('x 1, y=1', /Expected name=value/);
});

test('spotCheck: symbolic against Richardson central differences, ok when they agree', () => {
  const r = differentiate('x^2 * sin(y) + exp(x * y)');
  const checks = spotCheck(r, { x: 0.7, y: -1.3 });
  assert.equal(checks.length, 2);
  for (const c of checks) {
    assert.ok(c.ok, JSON.stringify(c));
    assert.ok(Math.abs(c.symbolic! - c.numeric!) < 1e-8);
  }
  assert.deepEqual(
    checks.map((c) => c.wrt),
    [['x'], ['y']],
  );
});

test('spotCheck: the relu kink is reported as undefined (not ok), a smooth point as ok', () => {
  const r = differentiate('relu(x)');
  const [kink] = spotCheck(r, { x: 0 });
  assert.equal(kink!.symbolic, null);
  assert.equal(kink!.ok, false);
  assert.ok(Math.abs(kink!.numeric! - 0.5) < 1e-9); // the symmetric difference straddles the kink
  assert.equal(spotCheck(r, { x: 0.5 })[0]!.ok, true);
});

test('spotCheck: higher orders are checked against the order below; a wrong derivative is caught', () => {
  const r = differentiate('sin(x) * x^3', { order: 3 });
  assert.ok(spotCheck(r, { x: 1.1 })[0]!.ok);
  // A derivative off by a factor of 2 (the classic bug) must not pass.
  const f = parseExpression('sin(x)');
  const wrong = new Derivative(
    parseExpression('2 * cos(x)').node,
    f,
    ['x'],
    'simplified',
    mathjsDialect,
  );
  const check = spotCheckDerivative(wrong, { x: 0.4 });
  assert.equal(check.ok, false);
  assert.ok(Math.abs(check.numeric! - Math.cos(0.4)) < 1e-9);
  assert.ok(Math.abs(check.symbolic! - 2 * Math.cos(0.4)) < 1e-12);
});

test('suggestPoint finds a point where f and every derivative are defined', () => {
  const r = differentiate('log(x - 2) + sqrt(y)');
  const p = suggestPoint(r);
  assert.ok(p['x']! > 2 && p['y']! > 0, JSON.stringify(p));
  assert.ok(spotCheck(r).every((c) => c.ok));
});

test('pathological input fails with a GradLabError, never a foreign error', () => {
  // Redundant parentheses are dropped before parsing, so 20000 levels are fine…
  const deep = '('.repeat(20000) + 'x' + ')'.repeat(20000);
  assert.equal(differentiate(deep).derivatives[0]!.evaluate({ x: 2 }), 1);
  // …but 5000 nested calls overflow the parser's stack: a GradLabError, not a RangeError.
  const calls = 'sin('.repeat(5000) + 'x' + ')'.repeat(5000);
  assert.throws(
    () => differentiate(calls),
    (e: GradLabError) => e instanceof GradLabError && e.code === 'unsupported',
  );
  assert.throws(
    () => differentiate('exp(sin(x)) * x^x', { order: 8, simplifyBudgetMs: 0 }),
    (e: GradLabError) => e instanceof GradLabError && /too large/.test(e.message),
  );
});
