import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradLabError } from '../../../src/engine/errors';
import { createTrainingRun, prepareRun } from '../../../src/engine/train';

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

test('inputs that are 0 in every training row start (and stay) at weight 0: constant columns, levels seen only in validation', () => {
  // c is constant (1e20, where rounding is large); "Rare" appears in one row, which seed 3 puts in validation.
  const rows = ['x,c,city,y'];
  for (let i = 0; i < 40; i++) rows.push(`${i},1e20,${i === 17 ? 'Rare' : ['Lyon', 'Nice'][i % 2]},${2 * i + (i % 2) + 1}`);
  const csv = rows.join('\n');
  for (const model of ['linear', 'mlp'] as const) {
    const p = prepareRun(csv, { target: 'y', model, valSplit: 0.5, seed: 3, ...(model === 'mlp' ? { hidden: [5] } : {}) });
    const d = p.train.x.length / p.train.rows;
    const w = p.model.network.layers[0]!.weight.data;
    const units = w.length / d;
    const dead = p.model.preprocessing.inputs.filter((_, j) => p.train.x.every((v, i) => i % d !== j || v === 0));
    assert.deepEqual(dead, ['c', 'city=Rare'], `${model}: the test needs both dead inputs`);
    p.model.preprocessing.inputs.forEach((name, j) => {
      const row = Array.from(w.subarray(j * units, (j + 1) * units));
      if (dead.includes(name)) assert.ok(row.every((v) => v === 0), `${model} ${name}: ${row}`);
      else assert.ok(row.some((v) => v !== 0), `${model} ${name} keeps its initialisation`);
    });
  }
  // Trained, the constant column's coefficient is 0 and the intercept is not shifted by 1e20 × noise.
  const r = createTrainingRun(csv, { target: 'y', valSplit: 0.5, seed: 3, epochs: 200 }).runSync();
  assert.equal(r.coefficients!.weights['c'], 0);
  assert.equal(r.coefficients!.weights['city=Rare'], 0);
  assert.ok(Math.abs(r.coefficients!.intercept) < 10, String(r.coefficients!.intercept));
});
