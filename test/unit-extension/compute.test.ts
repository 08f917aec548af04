/**
 * The VS Code side's use of the engine: the panel's view, plot samples, the hover's content and
 * the Insert Below line. Values are checked numerically (central differences of f itself, closed
 * forms), not by string.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../src/engine/symbolic';
import {
  computeDerivatives,
  computeView,
  hoverContent,
  lhsLatex,
  makeRequest,
  primeLabel,
  replot,
} from '../../src/extension/differentiate/compute';
import { derivativeName, insertionText } from '../../src/extension/differentiate/insertionText';

const BUDGET = 200;
const js = (code: string) => new Function('x', `return ${code};`) as (x: number) => number;
const cd = (f: (x: number) => number, x: number, h = 1e-5) => (f(x + h) - f(x - h)) / (2 * h);
const close = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol * (1 + Math.abs(b));

test('one variable: the view has the derivative as runnable code in the input syntax, LaTeX and a plot', () => {
  const view = computeView(
    engine,
    makeRequest('Math.sin(x) ** 2', 'javascript', 'derivative', ['x']),
    { budgetMs: BUDGET },
  );
  const f = (x: number) => Math.sin(x) ** 2;
  for (const x of [-2, -0.3, 0.9, 3])
    assert.ok(close(js(view.code)(x), cd(f, x)), `code ${view.code} at ${x}`);
  assert.equal(view.entries.length, 1);
  assert.equal(view.entries[0]!.lhsLatex, '\\frac{d f}{d x}');
  assert.match(view.fLatex, /^f\(x\) = /);
  assert.equal(view.latex, view.entries[0]!.latex);
  const plot = view.plot!;
  assert.equal(plot.xs.length, 241);
  assert.equal(plot.xs[0], -5);
  assert.equal(plot.xs.at(-1), 5);
  assert.equal(plot.dfLabel, 'f′');
  for (const i of [0, 37, 120, 240]) {
    assert.ok(close(plot.f[i]!, f(plot.xs[i]!), 1e-12));
    assert.ok(close(plot.df[i]!, cd(f, plot.xs[i]!)), `df at ${plot.xs[i]}`);
  }
});

test('plot: undefined values are null (gaps), never NaN; a new range is resampled', () => {
  const request = makeRequest('log(x)', 'mathjs', 'derivative', ['x']);
  const plot = computeView(engine, request, { budgetMs: BUDGET }).plot!;
  plot.xs.forEach((x, i) => {
    if (x < 0) assert.equal(plot.f[i], null, `log(${x}) is a gap`);
    if (x > 0) assert.ok(close(plot.df[i]!, 1 / x, 1e-12));
  });
  assert.ok(plot.f.every((v) => v === null || Number.isFinite(v)));
  const zoom = replot(engine, request, BUDGET, 0.5, 2)!;
  assert.equal(zoom.xmin, 0.5);
  assert.ok(close(zoom.df[0]!, 2, 1e-12));
  assert.ok(zoom.df.every((v) => v !== null));
});

test('the Nth derivative: order, label and values', () => {
  const view = computeView(engine, makeRequest('x^4 - x^2', 'mathjs', 'nth', ['x'], 'x', 3), {
    budgetMs: BUDGET,
  });
  assert.equal(view.entries[0]!.lhsLatex, '\\frac{d^{3} f}{d x^{3}}');
  assert.equal(view.plot!.dfLabel, 'f‴');
  view.plot!.xs.forEach((x, i) => assert.ok(close(view.plot!.df[i]!, 24 * x, 1e-9)));
  assert.equal(primeLabel(2), 'f″');
  assert.equal(primeLabel(12), 'f⁽¹²⁾');
});

test('gradient: one partial per variable in order, as a list of code; no plot', () => {
  const text = '(w*x + b - y)^2';
  const f = engine.parseExpression(text);
  const request = makeRequest(text, f.syntax, 'gradient', f.variables);
  const c = computeDerivatives(engine, request, BUDGET);
  const point = { w: 0.7, x: -1.2, b: 0.3, y: 2.1 };
  c.entries.forEach((e, i) => {
    const v = request.wrt[i]!;
    assert.deepEqual(e.wrt, [v]);
    assert.equal(e.lhsLatex, `\\frac{\\partial f}{\\partial ${v}}`);
    const g = (t: number) => f.evaluate({ ...point, [v]: t })!;
    assert.ok(
      close(c.derivatives[i]!.evaluate(point)!, cd(g, point[v as keyof typeof point])),
      `∂f/∂${v}`,
    );
  });
  assert.equal(c.code, `[${c.entries.map((e) => e.code).join(', ')}]`);
  assert.match(c.latex, /^\\begin\{bmatrix\}/);
  assert.equal(computeView(engine, request, { budgetMs: BUDGET }).plot, undefined);
});

test('Hessian: symmetric matrix of code, the upper triangle as entries, closed-form values', () => {
  const c = computeDerivatives(
    engine,
    makeRequest('x^2 * y^3', 'mathjs', 'hessian', ['x', 'y']),
    BUDGET,
  );
  assert.equal(c.entries.length, 3);
  assert.match(c.matrixLatex!, /^H_f = \\begin\{bmatrix\}/);
  const p = { x: 1.3, y: -0.7 };
  const [fxx, fxy, fyy] = c.derivatives.map((d) => d.evaluate(p)!);
  assert.ok(close(fxx!, 2 * p.y ** 3));
  assert.ok(close(fxy!, 6 * p.x * p.y ** 2));
  assert.ok(close(fyy!, 6 * p.x ** 2 * p.y));
  assert.equal(c.entries[1]!.lhsLatex, '\\frac{\\partial^{2} f}{\\partial y \\, \\partial x}');
  assert.equal(c.entries[0]!.lhsLatex, '\\frac{\\partial^{2} f}{\\partial x^{2}}');
  assert.match(c.code, /^\[\[.*\], \[.*\]\]$/);
});

test('lhsLatex names variables the way the engine prints them', () => {
  assert.equal(lhsLatex(engine, 2, ['theta'], 1), '\\frac{\\partial f}{\\partial \\theta}');
  assert.equal(lhsLatex(engine, 1, ['w1'], 1), '\\frac{d f}{d w_{1}}');
});

test('hover content: derivative, LaTeX block and a passing spot check; constants and bad syntax give nothing', () => {
  const h = hoverContent(engine, 'x^2 * sin(x)', 'auto', BUDGET)!;
  assert.equal(h.syntax, 'mathjs');
  assert.equal(h.entries.length, 1);
  assert.match(h.latex, /^\\frac\{d f\}\{d x\} = /);
  assert.equal(h.spot.length, 1);
  assert.ok(h.spot[0]!.ok);
  const x = h.point['x']!;
  assert.ok(close(h.spot[0]!.symbolic!, 2 * x * Math.sin(x) + x * x * Math.cos(x)));
  const multi = hoverContent(engine, 'torch.sigmoid(w * x + b)', 'auto', BUDGET)!;
  assert.equal(multi.syntax, 'python');
  assert.match(multi.latex, /^\\begin\{aligned\}/);
  assert.equal(multi.entries.length, 3);
  assert.ok(multi.spot.every((s) => s.ok));
  assert.equal(hoverContent(engine, '2 + 3', 'auto', BUDGET), undefined);
  assert.throws(() => hoverContent(engine, 'x +* 2', 'auto', BUDGET), { name: 'GradLabError' });
});

test('hover content: a relu kink is reported, not hidden', () => {
  const h = hoverContent(engine, 'relu(x) + 0.5 * x^3', 'auto', BUDGET)!;
  assert.ok(
    h.spot.every((s) => s.ok),
    'the suggested point avoids the kink',
  );
  assert.notEqual(h.point['x'], 0);
});

test('Insert Below: an assignment in the file language when the line was one, else the bare code', () => {
  const d = { mode: 'derivative' as const, wrt: ['x'], order: 1 };
  assert.equal(
    insertionText('2 * x', d, { assignedTo: 'y', languageId: 'typescript', indent: '  ' }),
    '  const dy_dx = 2 * x;',
  );
  assert.equal(
    insertionText('2 * x', d, { assignedTo: 'self.loss', languageId: 'python', indent: '    ' }),
    '    dloss_dx = 2 * x',
  );
  assert.equal(insertionText('2 * x', d, { languageId: 'markdown', indent: '' }), '2 * x');
  assert.equal(derivativeName('y', { mode: 'nth', wrt: ['x'], order: 3 }), 'd3y_dx3');
  assert.equal(
    derivativeName('loss', { mode: 'gradient', wrt: ['w', 'b'], order: 1 }),
    'grad_loss',
  );
  assert.equal(derivativeName('loss', { mode: 'hessian', wrt: ['w', 'b'], order: 2 }), 'hess_loss');
});
