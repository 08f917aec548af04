/**
 * Autodiff-derived gradients: the tape's rules against central differences, derived gradients
 * against closed forms, the inserted text against TypeScript's strict type checker, and the limits
 * (async, classes, side-effecting compound targets, imported helpers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { GradLabError } from '../../../src/engine/errors';
import { deriveGradientSource } from '../../../src/engine/gradcheck';
import { tapeRuntimeSource } from '../../../src/engine/gradcheck/tapeRuntime';
import { Rng } from '../../../src/engine/numeric/rng';

/** Runs TypeScript module text and returns its top-level `names` (exported or not). */
function run(source: string, names: string[]): Record<string, (...a: never[]) => unknown> {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const body = `${js}\nreturn { ${names.map((n) => `${n}: typeof ${n} !== 'undefined' ? ${n} : exports.${n}`).join(', ')} };`;
  return new Function('exports', 'require', body)({}, () => ({})) as Record<
    string,
    (...a: never[]) => unknown
  >;
}

const central = (f: (v: number) => number, v: number, h = 1e-6) => (f(v + h) - f(v - h)) / (2 * h);
const close = (a: number, b: number, what: string, rtol = 1e-6) =>
  assert.ok(Math.abs(a - b) <= 1e-8 + rtol * Math.abs(b), `${what}: ${a} vs ${b}`);

interface Tape {
  derivative(f: (x: unknown) => unknown, x: number): number;
  gradientArgs(f: (...a: unknown[]) => unknown, a: number[]): number[];
  math: Record<string, (...a: unknown[]) => unknown>;
  [op: string]: unknown;
}
const tape = (
  run(tapeRuntimeSource('gradlabTape'), ['gradlabTape'])['gradlabTape'] as () => Tape
)();

test('tape: every Math rule agrees with central differences inside its domain', () => {
  const domains: Record<string, [number, number]> = {
    log: [0.1, 5],
    log1p: [-0.5, 5],
    log2: [0.1, 5],
    log10: [0.1, 5],
    sqrt: [0.1, 5],
    cbrt: [0.1, 5],
    asin: [-0.9, 0.9],
    acos: [-0.9, 0.9],
    acosh: [1.1, 5],
    atanh: [-0.9, 0.9],
    tan: [-1.2, 1.2],
  };
  const rng = new Rng(3);
  const unary = [
    'exp',
    'expm1',
    'log',
    'log1p',
    'log2',
    'log10',
    'sqrt',
    'cbrt',
    'sin',
    'cos',
    'tan',
    'asin',
    'acos',
    'atan',
    'sinh',
    'cosh',
    'tanh',
    'asinh',
    'acosh',
    'atanh',
    'abs',
    'fround',
  ];
  for (const name of unary) {
    const [lo, hi] = domains[name] ?? [-2, 2];
    const native = (Math as unknown as Record<string, (v: number) => number>)[name]!;
    for (let k = 0; k < 5; k++) {
      const v = rng.uniform(lo, hi);
      const reference = name === 'fround' ? 1 : central(native, v);
      close(
        tape.derivative((x) => tape.math[name]!(x), v),
        reference,
        `${name}'(${v})`,
        name === 'fround' ? 0 : 1e-6,
      );
    }
  }
});

test('tape: binary operators and n-ary Math functions, each partial against central differences', () => {
  const rng = new Rng(5);
  const cases: [string, (a: number, b: number) => number, (a: unknown, b: unknown) => unknown][] = [
    ['add', (a, b) => a + b, (a, b) => (tape['add'] as (x: unknown, y: unknown) => unknown)(a, b)],
    ['sub', (a, b) => a - b, (a, b) => (tape['sub'] as (x: unknown, y: unknown) => unknown)(a, b)],
    ['mul', (a, b) => a * b, (a, b) => (tape['mul'] as (x: unknown, y: unknown) => unknown)(a, b)],
    ['div', (a, b) => a / b, (a, b) => (tape['div'] as (x: unknown, y: unknown) => unknown)(a, b)],
    ['mod', (a, b) => a % b, (a, b) => (tape['mod'] as (x: unknown, y: unknown) => unknown)(a, b)],
    ['pow', (a, b) => a ** b, (a, b) => tape.math['pow']!(a, b)],
    ['atan2', Math.atan2, (a, b) => tape.math['atan2']!(a, b)],
    ['hypot', Math.hypot, (a, b) => tape.math['hypot']!(a, b)],
    ['max', Math.max, (a, b) => tape.math['max']!(a, b)],
    ['min', Math.min, (a, b) => tape.math['min']!(a, b)],
  ];
  for (const [name, native, onTape] of cases) {
    for (let k = 0; k < 5; k++) {
      const a = rng.uniform(0.5, 2.5);
      const b = rng.uniform(-2, 2) + (name === 'mod' ? 3.3 : 0);
      const [da, db] = tape.gradientArgs((x, y) => onTape(x, y), [a, b]);
      close(
        da!,
        central((v) => native(v, b), a),
        `∂${name}/∂a at (${a}, ${b})`,
      );
      close(
        db!,
        central((v) => native(a, v), b),
        `∂${name}/∂b at (${a}, ${b})`,
      );
    }
  }
});

test('tape: plain numbers pass through, strings concatenate, a constant output has a zero gradient', () => {
  const add = tape['add'] as (a: unknown, b: unknown) => unknown;
  assert.equal(add(2, 3), 5);
  assert.equal(
    tape.derivative((x) => add('x = ', x), 2),
    0,
  );
  assert.deepEqual(
    tape.gradientArgs(() => 7, [1, 2]),
    [0, 0],
  );
  // x·x: both branches land on x (accumulation).
  assert.equal(
    tape.derivative((x) => (tape['mul'] as (a: unknown, b: unknown) => unknown)(x, x), 3),
    6,
  );
});

/** Derives `name`'s gradient, appends it to the file and returns it as a function. */
function derived(
  source: string,
  name: string,
): { text: string; grad: (...a: never[]) => unknown; gradName: string } {
  const d = deriveGradientSource('/p/f.ts', source, name);
  return { text: d.text, grad: run(source + d.text, [d.name])[d.name]!, gradName: d.name };
}

const SOFTMAX = `export function crossEntropy(z: number[]): number {
  const m = Math.max(...z);
  let s = 0;
  for (const v of z) s += Math.exp(v - m);
  return m + Math.log(s) - z[2]!;
}`;

const ROSENBROCK = `const sq = (v: number): number => v * v;
function term(a: number, b: number): number {
  return 100 * sq(b - sq(a)) + sq(1 - a);
}
export function rosen(x: number[]): number {
  let total = 0;
  for (let i = 0; i + 1 < x.length; i++) total += term(x[i]!, x[i + 1]!);
  return total;
}`;

const ARGS = `export const field = (x: number, y: number): number => x ** 3 * y - Math.atan2(y, x) + -x / y;`;

const SCALAR = `/** @point 0.4 */
export function bump(t: number): number {
  if (t === 0) return 1;
  const buf = new Float64Array(2);
  buf[0] = Math.sin(t);
  buf[1]! *= 3;
  buf[1]! += t * t;
  return buf[0]! / t + buf[1]!;
}`;

test('derived gradients equal the closed forms (softmax, Rosenbrock through helpers, two args, a scalar)', () => {
  const rng = new Rng(11);
  const ce = derived(SOFTMAX, 'crossEntropy');
  assert.equal(ce.gradName, 'crossEntropyGrad');
  for (let k = 0; k < 3; k++) {
    const z = Array.from({ length: 5 }, () => rng.uniform(-3, 3));
    const e = z.map((v) => Math.exp(v));
    const sum = e.reduce((a, b) => a + b, 0);
    const g = ce.grad(z as never) as number[];
    z.forEach((_, i) => close(g[i]!, e[i]! / sum - (i === 2 ? 1 : 0), `softmax[${i}]`, 1e-12));
  }
  const rb = derived(ROSENBROCK, 'rosen');
  assert.match(rb.text, /function sq\(v: any\): any/); // helpers are copied onto the tape too
  const x = [-1.2, 1, 0.5, 2];
  const g = rb.grad(x as never) as number[];
  const expected = x.map((_, i) => {
    let d = 0;
    if (i + 1 < x.length) d += -400 * x[i]! * (x[i + 1]! - x[i]! ** 2) - 2 * (1 - x[i]!);
    if (i > 0) d += 200 * (x[i]! - x[i - 1]! ** 2);
    return d;
  });
  expected.forEach((v, i) => close(g[i]!, v, `rosen[${i}]`, 1e-12));
  const fd = derived(ARGS, 'field');
  const [gx, gy] = fd.grad(1.3 as never, -0.7 as never) as number[];
  const [X, Y] = [1.3, -0.7];
  close(gx!, 3 * X ** 2 * Y + Y / (X * X + Y * Y) - 1 / Y, '∂field/∂x', 1e-12);
  close(gy!, X ** 3 - X / (X * X + Y * Y) + X / (Y * Y), '∂field/∂y', 1e-12);
  const bump = derived(SCALAR, 'bump');
  for (const t of [0.4, -1.7])
    close(
      bump.grad(t as never) as number,
      (t * Math.cos(t) - Math.sin(t)) / (t * t) + 2 * t,
      `bump'(${t})`,
      1e-12,
    );
});

test('derived gradient: a callback parameter named like a loop counter is still differentiated', () => {
  const source = `export function f(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * i;
  return s + x.reduce((acc, i) => acc + i * i, 0);
}`;
  const { grad } = derived(source, 'f');
  const x = [0.5, -1, 2];
  // ∂/∂x_k of Σ k·x_k + Σ x_k² is k + 2·x_k.
  assert.deepEqual(
    grad(x as never),
    x.map((v, k) => k + 2 * v),
  );
});

test('derived gradient text typechecks under strict, noUncheckedIndexedAccess, and runs standalone', () => {
  const files = new Map<string, string>();
  for (const [i, [source, name]] of (
    [
      [SOFTMAX, 'crossEntropy'],
      [ROSENBROCK, 'rosen'],
      [ARGS, 'field'],
      [SCALAR, 'bump'],
    ] as const
  ).entries()) {
    files.set(
      `/virtual/f${i}.ts`,
      source + deriveGradientSource(`/virtual/f${i}.ts`, source, name).text,
    );
  }
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    lib: ['lib.es2022.d.ts'],
    noEmit: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) =>
    files.has(name) ? ts.createSourceFile(name, files.get(name)!, lang) : getSourceFile(name, lang);
  host.fileExists = (
    (exists) => (name: string) =>
      files.has(name) || exists(name)
  )(host.fileExists.bind(host));
  host.readFile = (
    (read) => (name: string) =>
      files.get(name) ?? read(name)
  )(host.readFile.bind(host));
  const program = ts.createProgram([...files.keys()], options, host);
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  assert.deepEqual(diagnostics, []);
});

test('derived gradient: names, export, the tape helper included once, insertion point', () => {
  const d = deriveGradientSource('/p/f.ts', SOFTMAX, 'crossEntropy');
  assert.equal(d.insertAt, SOFTMAX.length);
  assert.match(
    d.text,
    /^\n\n\/\*\*[\s\S]*\nexport function crossEntropyGrad\(z: number\[\]\): number\[\] \{\n {2}const ad = gradlabTape\(\);/,
  );
  assert.match(d.text, /\nfunction gradlabTape\(\) \{/);
  const again = deriveGradientSource('/p/f.ts', SOFTMAX + d.text, 'crossEntropy', {});
  assert.equal(again.name, 'crossEntropyGradDerived');
  assert.doesNotMatch(again.text, /function gradlabTape/);
  const local = deriveGradientSource(
    '/p/f.ts',
    'function f(ad: number): number { return ad * 2; }',
    'f',
  );
  assert.match(local.text, /const gradlabAd = gradlabTape\(\);/); // `ad` is taken by the user
  assert.match(local.text, /^function fGrad/m);
});

test('derived gradient: constructs autodiff cannot follow are unsupported errors with their line', () => {
  const cases: [string, RegExp, number][] = [
    [
      'function f(x: number): number {\n  return x;\n}\nasync function g(x: number) { return x; }\nfunction h(x: number): number { return f(x) + (g as unknown as number); }',
      /async function/,
      4,
    ],
    [
      'function f(x: number[]): number {\n  class K { v = 1 }\n  return x[0]! * new K().v;\n}',
      /a class/,
      2,
    ],
    [
      'let k = 0;\nconst next = () => k++;\nfunction f(x: number[]): number {\n  const a = [0, 0];\n  a[next()] += x[0]!;\n  return a[0]!;\n}',
      /compound assignment/,
      5,
    ],
  ];
  for (const [source, message, line] of cases) {
    const name = source.includes('function h') ? 'h' : 'f';
    assert.throws(
      () => deriveGradientSource('/p/f.ts', source, name),
      (e: unknown) => {
        assert.ok(e instanceof GradLabError);
        assert.equal(e.code, 'unsupported');
        assert.match(e.message, message);
        assert.equal(e.place?.kind === 'source' ? e.place.line : -1, line);
        return true;
      },
    );
  }
});

test('derived gradient: a helper imported from another file is named in a warning', () => {
  const d = deriveGradientSource(
    '/p/f.ts',
    "import { g } from './g';\nexport function f(x: number): number { return g(x) * x; }",
    'f',
  );
  assert.deepEqual(d.warnings.length, 1);
  assert.match(d.warnings[0]!, /calls g, which is imported/);
});

test('a derived gradient for a JavaScript file is JavaScript: no annotations, and it runs', () => {
  const source = [
    '/** @point [0.5, -1] */',
    'export function loss(w) {',
    '  let s = 0;',
    '  for (let i = 0; i < w.length; i++) s += Math.exp(w[i]) * (i + 1);',
    '  return s;',
    '}',
    '',
  ].join('\n');
  const derived = deriveGradientSource('/tmp/loss.js', source, 'loss');
  // Parsed as JavaScript, TypeScript-only syntax (annotations, `!`) is a syntax error.
  const sf = ts.createSourceFile(
    'x.js',
    source + derived.text,
    ts.ScriptTarget.ES2022,
    true,
    ts.ScriptKind.JS,
  );
  const diagnostics = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  assert.deepEqual(
    diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    [],
  );
  const code = derived.text.split('\n').filter((l) => !/^\s*(\/\*\*|\*|\/\/)/.test(l));
  assert.deepEqual(
    code.filter((l) => /:\s*number|\]!|\)!/.test(l)),
    [],
    'no TypeScript-only syntax outside comments',
  );
  const fns = run(source + derived.text, ['loss', derived.name]);
  const grad = fns[derived.name] as unknown as (w: number[]) => number[];
  const w = [0.5, -1];
  grad(w).forEach((g, i) => close(g, Math.exp(w[i]!) * (i + 1), `d/dw${i}`));
  // The same request on a .ts file keeps TypeScript's types.
  assert.match(deriveGradientSource('/tmp/loss.ts', source, 'loss').text, /: number\[\]/);
});
