/**
 * The CodeLens's token scan against the full TypeScript parse: same functions, companions, shapes
 * and ranges on every fixture, and on text built to trip a token scanner (regexes, templates,
 * braces in strings and comments, nested functions, overloads).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { listCheckableFunctions } from '../../../src/engine/gradcheck';
import { checkableFrom } from '../../../src/engine/gradcheck/functionSite';
import { parseModule } from '../../../src/engine/gradcheck/findTarget';

const root = process.env['GRADLAB_ROOT'] ?? path.resolve(__dirname, '../../..');
const dir = path.join(root, 'test/fixtures/gradcheck');

/** The reference: the same rules applied to the parser's functions. */
function byParser(source: string) {
  return checkableFrom(source, [...parseModule('/x.ts', source).functions.values()]);
}

test('listCheckableFunctions: the token scan agrees with the full parse on every fixture', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 40, `${files.length} fixtures`);
  let listed = 0;
  for (const f of files) {
    const source = readFileSync(path.join(dir, f), 'utf8');
    const scanned = listCheckableFunctions(source);
    assert.deepEqual(scanned, byParser(source), f);
    listed += scanned.length;
  }
  assert.ok(listed >= 45, `${listed} functions listed`);
});

test('listCheckableFunctions: companions by each rule, companions not listed themselves', () => {
  const source = [
    'export function a(x: number[]): number { return 0; }',
    'export function aGrad(x: number[]): number[] { return x; }',
    'function b(x: number): number { return x; }',
    'function gradB(x: number): number { return 1; }',
    'const c = (p: number, q: number): number => p * q;',
    'const c_grad = (p: number, q: number): number[] => [q, p];',
    '/** @gradient dd */',
    'export const d = function (x: number[]) { return 1; };',
    'function dd(x: number[]) { return [0]; }',
    'function lonely(x: number[]): number { return 1; }',
  ].join('\n');
  const list = listCheckableFunctions(source);
  assert.deepEqual(
    list.map((f) => [f.name, f.companion, f.companionRule, f.shape]),
    [
      ['a', 'aGrad', 'NAMEGrad', 'vector'],
      ['b', 'gradB', 'gradNAME', 'scalar'],
      ['c', 'c_grad', 'NAME_grad', 'args'],
      ['d', 'dd', 'jsdoc', 'vector'],
      ['lonely', null, null, 'vector'],
    ],
  );
  assert.deepEqual(list, byParser(source));
});

test('listCheckableFunctions: ranges, 1-based name positions and @point counts', () => {
  const source =
    'const k = 1;\n/**\n * @point [1, 2]\n * @point [3, 4]\n */\nexport function loss(x: number[]): number {\n  return x[0]!;\n}\n';
  const [f] = listCheckableFunctions(source);
  assert.ok(f);
  assert.equal(
    source.slice(f.range.start, f.range.end),
    'export function loss(x: number[]): number {\n  return x[0]!;\n}',
  );
  assert.equal(source.slice(f.nameRange.start, f.nameRange.end), 'loss');
  assert.deepEqual([f.line, f.column], [6, 17]);
  assert.equal(f.pointTags, 2);
});

test('listCheckableFunctions: regexes, templates, strings and comments do not confuse the scan', () => {
  const source = [
    'const re = /[{(]+/g; const re2 = /}/;',
    'const s = "function fake(x: number): number {";',
    'const t = `${ { a: 1 }.a } function alsoFake(x: number): number { ${ `${"}"}` }`;',
    '// function commented(x: number): number { return 1; }',
    '/* function blocked(x: number): number { */',
    'const ratio = 4 / 2 / 1; const div = (re.lastIndex) / 2;',
    'function real(x: number): number {',
    '  const inner = (y: number): number => y / 2;',
    '  function nested(z: number): number { return z; }',
    '  return inner(x) + nested(x) + (x! / 2);',
    '}',
    'function realGrad(x: number): number { return 1; }',
    'class K { method(x: number): number { return x; } }',
    'function over(x: number): number;',
    'function over(x: number): number { return x; }',
    'export default function (x: number): number { return x; }',
    'const arrow = (x: number[]): number => x.reduce((s, v) => s + v, 0)',
    'let after = (a: number, b: number) => a / b;',
  ].join('\n');
  const list = listCheckableFunctions(source);
  assert.deepEqual(
    list.map((f) => f.name),
    ['real', 'over', 'arrow', 'after'],
  );
  assert.deepEqual(list, byParser(source));
  const arrow = list.find((f) => f.name === 'arrow')!;
  assert.equal(
    source.slice(arrow.range.start, arrow.range.end),
    'const arrow = (x: number[]): number => x.reduce((s, v) => s + v, 0)',
  );
});

test('listCheckableFunctions: shapes from annotations; what cannot be checked is left out', () => {
  const source = [
    'function v1(x: readonly number[]): number { return 0; }',
    'function v2(x: Array<number>) { return 0; }',
    'function v3(x: Float64Array): number { return 0; }',
    'function untyped(x) { return x; }',
    'function str(s: string): number { return 0; }',
    'function none(): number { return 0; }',
    'function many(...xs: number[]): number { return 0; }',
    'function arr(x: number[]): number[] { return x; }',
    'function mixed(a: number, b: number[]): number { return a; }',
    'async function later(x: number): Promise<number> { return x; }',
    'function generic<T extends { n: number }>(x: number[], t?: T): number { return x.length + (t ? t.n : 0); }',
    'function typed<T>(x: number): number { return x; }',
    'function withThis(this: unknown, x: number): number { return x; }',
    'function defaults(w: number[], lambda = 0.1, data?: string): number { return lambda; }',
    'const asyncArrow = async (x: number) => x;',
    'function parens(x: (number)[]): number { return 0; }',
    'function optionalArgs(a: number, b?: number): number { return a; }',
  ].join('\n');
  const list = listCheckableFunctions(source);
  assert.deepEqual(
    list.map((f) => [f.name, f.shape, f.arity]),
    [
      ['v1', 'vector', 1],
      ['v2', 'vector', 1],
      ['v3', 'vector', 1],
      ['untyped', null, 1],
      // Trailing optional parameters keep their defaults: the check passes x alone.
      ['generic', 'vector', 1],
      ['typed', 'scalar', 1],
      ['withThis', 'scalar', 1], // `this: T` is not an argument
      ['defaults', 'vector', 1],
      ['parens', 'vector', 1],
      ['optionalArgs', 'args', 2], // all numbers: both are passed
    ],
  );
  assert.deepEqual(list, byParser(source));
});

test('listCheckableFunctions: a file being typed (unbalanced, half a declaration) does not throw', () => {
  const partial = [
    'function ok(x: number): number { return x; }',
    'function half(x: number[]',
    'const y = (a: number) =>',
    'function open(x: number): number {',
    '  if (x > 0) {',
  ];
  for (let cut = 1; cut <= partial.length; cut++) {
    const text = partial.slice(0, cut).join('\n');
    const list = listCheckableFunctions(text);
    assert.equal(list[0]?.name, 'ok');
  }
});

test('listCheckableFunctions: token-dense text (more tokens than the first guess) is read to the end', () => {
  const dense =
    'let q=1+2+3+4+5+6+7+8+9;'.repeat(300) +
    '\nfunction last(x: number[]): number { return x[0]!; }\n';
  const list = listCheckableFunctions(dense);
  assert.deepEqual(
    list.map((f) => f.name),
    ['last'],
  );
  assert.deepEqual(list, byParser(dense));
});

test('listCheckableFunctions: an overloaded function reads the JSDoc of its first overload', () => {
  const source = [
    '/** @point [1, 2] */',
    'export function over(x: number[]): number;',
    'export function over(x: number[], scale?: number): number;',
    'export function over(x: number[], scale = 1): number { return scale * x[0]!; }',
    '/** @point [3] */',
    'declare function ambient(x: number[]): number;',
    'function after(x: number[]): number { return 1; }',
  ].join('\n');
  const list = listCheckableFunctions(source);
  assert.deepEqual(
    list.map((f) => [f.name, f.shape, f.pointTags]),
    [
      ['over', 'vector', 1],
      ['after', 'vector', 0],
    ],
  );
  assert.deepEqual(list, byParser(source));
});
