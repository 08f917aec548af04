import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFeatures, fitPreprocessing, loadCsv } from '../../../src/engine/data';

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

test('input names are unique: a one-hot name that is also a column name gets " #2", the column keeps its name', () => {
  const d = loadCsv('city,city=Paris,y\nLyon,1,3\nNice,0,4\nParis,1,5\nNice,1,6\n', { target: 'y' });
  const p = fitPreprocessing(d, all(4), 'error');
  assert.deepEqual(p.inputs, ['city=Nice', 'city=Paris #2', 'city=Paris']);
  // The numeric column is the third input, the one-hot Paris the second.
  const x = encodeFeatures(p, d, all(4));
  assert.deepEqual(Array.from(x.subarray(6, 8)), [0, 1]);
  assert.ok(Math.abs(x[8]! - (1 - 0.75) / Math.sqrt(0.1875)) < 1e-12, String(x[8]));
  // Levels that collide once joined ("a=b" of "k" and "b" of "k=a") are kept apart too.
  const q = fitPreprocessing(loadCsv('k,k=a,y\nx,b,1\na=b,c,2\nz,b,3\n', { target: 'y' }), all(3), 'error');
  assert.equal(new Set(q.inputs).size, q.inputs.length, q.inputs.join(' | '));
});

test('standardization: the true spread of tiny values (1e-300), std 1 only for a constant column', () => {
  const d = loadCsv('tiny,flat,noisy,y\n1e-300,5,1,1\n2e-300,5,1.0000000000000002,2\n3e-300,5,1,4\n', { target: 'y' });
  const p = fitPreprocessing(d, all(3), 'error');
  const [tiny, flat, noisy] = p.features;
  assert.ok(tiny?.type === 'numeric' && Math.abs(tiny.std / (Math.sqrt(2 / 3) * 1e-300) - 1) < 1e-12, JSON.stringify(tiny));
  assert.ok(flat?.type === 'numeric' && flat.std === 5);
  assert.ok(noisy?.type === 'numeric' && noisy.std === 1, 'rounding noise is not spread');
  const x = encodeFeatures(p, d, all(3));
  assert.ok(Math.abs(x[0]! + Math.sqrt(1.5)) < 1e-12, `tiny row 1 scaled to ${x[0]}`);
  assert.deepEqual([x[1], x[4], x[7]], [0, 0, 0]);
  // Rounding in a constant column stays at about 0, even at 1e20 where one ulp is 16384.
  const big = loadCsv('c,y\n1e20,1\n100000000000000016384,2\n1e20,4\n', { target: 'y' });
  const pb = fitPreprocessing(big, all(3), 'error');
  for (const v of encodeFeatures(pb, big, all(3))) assert.ok(Math.abs(v) <= 1e-12, String(v));
});
