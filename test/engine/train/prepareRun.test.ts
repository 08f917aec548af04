import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradLabError } from '../../../src/engine/errors';
import { prepareRun } from '../../../src/engine/train';

test('an encoding too large for memory (rows × one-hot inputs) is refused up front, naming the widest column', () => {
  // 100,200 rows × (999 one-hot + 1) inputs = 1.002e8 doubles, just over the 800 MB budget.
  const lines = ['zip,x,y'];
  for (let i = 0; i < 100_200; i++) lines.push(`z${i % 1000},${i % 13},${i % 7}`);
  const csv = lines.join('\n');
  assert.throws(
    () => prepareRun(csv, { target: 'y', epochs: 1 }),
    (e: unknown) =>
      e instanceof GradLabError && /802 MB/.test(e.message) && /"zip" alone adds 999 one-hot inputs/.test(e.message) &&
      e.place?.kind === 'csv' && e.place.row === 1 && e.place.column === 'zip',
  );
  // Without the wide column the same rows are fine.
  assert.equal(prepareRun(csv, { target: 'y', features: ['x'], epochs: 1 }).train.rows, 80_160);
});
