import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseNumber } from '../../../src/engine/data';
import { parseGroupedNumber } from '../../../src/engine/data/parseNumber';

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

test('parseGroupedNumber: thousands separators by the decimal mark, nothing else', () => {
  const grouped = (s: string, point = 46) => {
    const b = enc.encode(s);
    return parseGroupedNumber(b, 0, b.length, point);
  };
  assert.equal(grouped('1,234'), 1234);
  assert.equal(grouped(' -12,345,678.25 '), -12345678.25);
  assert.equal(grouped('+9,999.'), 9999);
  assert.equal(grouped('1.234.567,5', 44), 1234567.5);
  for (const s of ['1234', '1,23', '1,2345', '0,123', '1234,567', ',123', '1,234e3', '1,234.5.6', '1.234', '']) {
    assert.ok(Number.isNaN(grouped(s)), s);
  }
  assert.ok(Number.isNaN(grouped('1,234', 44)));
  // Every grouped spelling of an integer reads back as that integer.
  fc.assert(
    fc.property(fc.integer({ min: 1000, max: Number.MAX_SAFE_INTEGER }), (n) => {
      assert.equal(grouped(n.toLocaleString('en-US')), n);
      assert.equal(grouped(n.toLocaleString('de-DE'), 44), n);
    }),
    { numRuns: 500, seed: 11 },
  );
});
