import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCsv } from '../../../src/engine/data';
import { createTrainingRun } from '../../../src/engine/train';

// The well-formed corpus: one exact table, y = 3 + 2·x1 − 0.5·x2 + (Nice: 1.5, Paris: −2), written in
// every dialect GradLab reads. Each file must parse to the same table, so the closed form recovers
// the generating coefficients in every one (the independent reference is the formula itself).
const dir = path.join(process.env['GRADLAB_ROOT'] ?? process.cwd(), 'test/fixtures/csv/good');
const EXACT = { intercept: 3, weights: { x1: 2, x2: -0.5, 'city=Nice': 1.5, 'city=Paris': -2 } };

/** delimiter, decimal mark, header line, file lines of the first three rows, features when not all. */
const DIALECTS: Record<string, [string, string, number, number[], string[]?]> = {
  'exact_comma.csv': [',', '.', 1, [2, 3, 4]],
  'exact_crlf_bom.csv': [',', '.', 1, [2, 3, 4]],
  'exact_cr_only.csv': [',', '.', 1, [2, 3, 4]],
  'exact_semicolon_decimal_comma.csv': [';', ',', 1, [2, 3, 4]],
  'exact_semicolon_thousands.csv': [';', ',', 1, [2, 3, 4]],
  'exact_quoted_thousands.csv': [',', '.', 1, [2, 3, 4]],
  'exact_tab.tsv': ['\t', '.', 1, [2, 3, 4]],
  'exact_pipe.csv': ['|', '.', 1, [2, 3, 4]],
  'exact_utf16le.csv': ['\t', '.', 1, [2, 3, 4]],
  'exact_utf16be.csv': [',', '.', 1, [2, 3, 4]],
  'exact_excel_sep.csv': [';', ',', 2, [3, 4, 5]],
  'exact_trailing_delimiter.csv': [',', '.', 1, [2, 3, 4]],
  'exact_blank_lines_spaces.csv': [',', '.', 2, [4, 5, 7]],
  'exact_all_quoted.csv': [',', '.', 1, [2, 3, 4]],
  'exact_pandas_index.csv': [',', '.', 1, [2, 3, 4], ['x1', 'x2', 'city']],
  'exact_multiline_quoted.csv': [',', '.', 1, [2, 4, 5], ['x1', 'x2', 'city']],
};

test('the dialect corpus lists every exact_* file', () => {
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('exact_'));
  assert.deepEqual(files.sort(), Object.keys(DIALECTS).sort());
});

for (const [file, [delimiter, decimal, headerLine, firstLines, features]] of Object.entries(DIALECTS)) {
  test(`dialect ${file}: read as the same table; the closed form recovers y = 3 + 2·x1 − 0.5·x2 + city`, () => {
    const bytes = fs.readFileSync(path.join(dir, file));
    const table = parseCsv(bytes);
    assert.deepEqual([table.delimiter, table.decimal, table.headerLine, table.rowCount], [delimiter, decimal, headerLine, 12]);
    assert.deepEqual(Array.from(table.rowLines.subarray(0, 3)), firstLines);
    const x1 = table.columns.find((c) => c.name === 'x1');
    assert.ok(x1?.type === 'numeric' && x1.values[1] === 1137.25, 'x1 row 2 is 1137.25');
    const run = createTrainingRun(bytes, { target: 'y', solver: 'closed-form', valSplit: 0, ...(features ? { features } : {}) });
    const result = run.runSync();
    assert.equal(result.stopped, 'completed');
    const c = result.coefficients!;
    assert.deepEqual(Object.keys(c.weights), Object.keys(EXACT.weights));
    assert.ok(Math.abs(c.intercept - EXACT.intercept) < 1e-6, `intercept ${c.intercept}`);
    for (const [k, v] of Object.entries(EXACT.weights)) assert.ok(Math.abs(c.weights[k]! - v) < 1e-9, `${k}: ${c.weights[k]}`);
    assert.ok(result.metrics.train['r2']! > 1 - 1e-12);
  });
}
