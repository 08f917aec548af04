import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GradLabError } from '../../../src/engine/errors';
import { parseCsv, summarizeTable } from '../../../src/engine/data';
import { createTrainingRun, type ModelKind } from '../../../src/engine/train';

/**
 * Load `bytes` the whole way: parse, summarize, then train one short run on the first and the last
 * column. Any error must be a GradLabError; anything else (a TypeError, a RangeError) is a bug.
 */
let trained = 0;
function loadEverything(input: Uint8Array | string, model: ModelKind = 'mlp'): void {
  try {
    const table = parseCsv(input);
    summarizeTable(table, 5);
    const names = table.columns.map((c) => c.name);
    for (const target of new Set([names[0]!, names[names.length - 1]!])) {
      try {
        createTrainingRun(table, { target, model, hidden: [3], epochs: 2, batchSize: 4, missing: 'mean' }).runSync();
        trained++;
      } catch (e) {
        if (!(e instanceof GradLabError)) throw e;
      }
    }
  } catch (e) {
    if (!(e instanceof GradLabError)) throw e;
    assert.ok(e.message.length > 0);
    if (e.place?.kind === 'csv') assert.ok(Number.isInteger(e.place.row) && e.place.row >= 1, `row ${e.place.row}`);
  }
}

test('fuzz: random bytes never crash the loader (only GradLabError)', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => loadEverything(bytes)), { numRuns: 1500, seed: 1 });
});

test('fuzz: random CSV-shaped text never crashes the loader', () => {
  const cell = fc.oneof(
    fc.double({ noNaN: false }).map(String),
    fc.integer({ min: -1000, max: 1000 }).map(String),
    fc.constantFrom('', 'NA', 'null', '?', 'true', 'FALSE', 'red', 'blue', '特征', ' 3.5 ', '1e999', '-', '.', '"', '""', '"a,b"', '"x""y"', '"multi\nline"', '"unterminated'),
    fc.string({ maxLength: 6 }),
  );
  const shape = fc.record({
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    width: fc.integer({ min: 1, max: 5 }),
    rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 6 }), { maxLength: 12 }),
    bom: fc.boolean(),
  });
  fc.assert(
    fc.property(shape, (s) => {
      const header = Array.from({ length: s.width }, (_, i) => `c${i}`).join(s.delimiter);
      // Most rows are the header's width; some are ragged on purpose.
      const rows = s.rows.map((r, k) => (k % 5 === 4 ? r : Array.from({ length: s.width }, (_, i) => r[i] ?? '')).join(s.delimiter));
      loadEverything((s.bom ? '\uFEFF' : '') + [header, ...rows].join(s.eol));
    }),
    { numRuns: 1500, seed: 2 },
  );
});

test('fuzz: single-byte mutations of a valid CSV never crash the loader', () => {
  const base = new TextEncoder().encode('x,y,c,t\n1.5,2,red,a\n-3,4e2,"blue, dark",b\n5,NA,red,a\n7,8,"say ""hi""",b\n9,10,green,a\n');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: base.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.constantFrom('replace', 'insert', 'delete'), (at, byte, op) => {
      const b = Array.from(base);
      if (op === 'replace') b[at] = byte;
      else if (op === 'insert') b.splice(at, 0, byte);
      else b.splice(at, 1);
      loadEverything(Uint8Array.from(b));
    }),
    { numRuns: 1500, seed: 3 },
  );
});

test('fuzz: random typed tables train or fail with a GradLabError, whatever the model', () => {
  const numberCell = fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('', 'NA', '1e308', '-1e308', '5e-324', '0') },
  );
  const wordCell = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('a', 'b', 'c', '特') }, { weight: 1, arbitrary: fc.constant('') });
  const boolCell = fc.constantFrom('true', 'false', 'TRUE', '');
  const column = fc.constantFrom('number', 'number', 'word', 'bool').chain((kind) =>
    fc.array(kind === 'number' ? numberCell : kind === 'word' ? wordCell : boolCell, { minLength: 30, maxLength: 30 }),
  );
  const table = fc.record({
    columns: fc.array(column, { minLength: 2, maxLength: 4 }),
    rows: fc.integer({ min: 3, max: 30 }),
    model: fc.constantFrom<ModelKind>('linear', 'logistic', 'softmax', 'mlp'),
  });
  trained = 0;
  fc.assert(
    fc.property(table, (t) => {
      const header = t.columns.map((_, i) => `c${i}`).join(',');
      const rows = Array.from({ length: t.rows }, (_, r) => t.columns.map((c) => c[r]!).join(','));
      loadEverything([header, ...rows].join('\n'), t.model);
    }),
    { numRuns: 400, seed: 4 },
  );
  // The property must reach training, not only the loader's errors.
  assert.ok(trained > 100, `only ${trained} runs trained`);
});
