import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseNumber } from '../../../src/engine/data';

const enc = new TextEncoder();
const parse = (s: string, point = 46) => {
  const b = enc.encode(s);
  return parseNumber(b, 0, b.length, point);
};

test('parseNumber equals Number() on every string of its grammar (fast path and fallback)', () => {
  const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
  const mantissa = fc.oneof(
    fc.tuple(digits(1, 20), fc.option(digits(0, 20), { nil: undefined })).map(([i, f]) => (f === undefined ? i : `${i}.${f}`)),
    digits(1, 20).map((f) => `.${f}`),
  );
  const exponent = fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 3)).map((p) => p.join('')), { nil: '' });
  const text = fc.tuple(fc.constantFrom('', '+', '-'), mantissa, exponent, fc.constantFrom('', ' ', '\t ')).map(([s, m, e, ws]) => `${ws}${s}${m}${e}${ws}`);
  fc.assert(
    fc.property(text, (s) => {
      assert.ok(Object.is(parse(s), Number(s)), `${JSON.stringify(s)}: ${parse(s)} vs ${Number(s)}`);
    }),
    { numRuns: 3000, seed: 7 },
  );
});

test('parseNumber matches Number() on the shortest text of random doubles', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
      assert.ok(Object.is(parse(String(v)), Number(String(v))), String(v)); // String(-0) is "0"
      assert.ok(Object.is(parse(v.toExponential()), Number(v.toExponential())));
    }),
    { numRuns: 2000, seed: 11 },
  );
});

test('not numbers: empty, lone sign or point, hex, Infinity, thousands separators, trailing junk', () => {
  for (const s of ['', ' ', '-', '+', '.', 'e5', '1e', '1e+', '0x10', 'Infinity', 'inf', '1,000', '1.2.3', '12a', '--1', '1 2', 'NaN']) {
    assert.ok(Number.isNaN(parse(s)), JSON.stringify(s));
  }
});

test('a decimal comma when asked for one', () => {
  assert.equal(parse('3,25', 44), 3.25);
  assert.equal(parse('-0,5e1', 44), -5);
  assert.ok(Number.isNaN(parse('3.25', 44)));
  assert.equal(parse('12345678901234567,5', 44), Number('12345678901234567.5'));
});
