import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GradLabError } from '../../../src/engine/errors';
import { prepareRun, type RunOptions } from '../../../src/engine/train';

// The malformed-CSV corpus: each file in test/fixtures/csv/bad with the line (header = 1) and
// column its error must name, and a phrase of its message (expected.json).
const dir = path.join(process.env['GRADLAB_ROOT'] ?? process.cwd(), 'test/fixtures/csv/bad');
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<
  string,
  { options: RunOptions; row: number; column?: string; message: string }
>;

test('the corpus has at least 25 malformed files, each with an expectation', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.csv'));
  assert.ok(files.length >= 25, `${files.length} files`);
  assert.deepEqual(files.sort(), Object.keys(expected).sort());
});

for (const [file, want] of Object.entries(expected)) {
  test(`bad CSV ${file}: line ${want.row}${want.column ? `, column "${want.column}"` : ''}`, () => {
    const bytes = fs.readFileSync(path.join(dir, file));
    let error: unknown;
    try {
      prepareRun(bytes, { epochs: 1, ...want.options });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof GradLabError, `expected a GradLabError, got ${String(error)}`);
    assert.ok(error.message.includes(want.message), `message "${error.message}" lacks "${want.message}"`);
    assert.equal(error.place?.kind, 'csv', error.message);
    if (error.place?.kind !== 'csv') return;
    assert.equal(error.place.row, want.row, error.message);
    assert.equal(error.place.column, want.column, error.message);
    // The CLI prints exactly these fields.
    assert.deepEqual(error.toJSON(), { message: error.message, row: want.row, ...(want.column ? { column: want.column } : {}) });
  });
}
