import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradLabError } from '../../../src/engine/errors';
import {
  encodeFeatures, encodeRawRows, encodeTarget, fitPreprocessing, loadCsv, splitRows, summarizeCsv,
} from '../../../src/engine/data';

const CSV = 'x,color,ok,y\n1,red,true,10\n2,blue,false,20\n,red,true,30\n4,green,,40\n5,blue,false,\n';

test('missing policy "drop" removes rows with a missing used cell; "mean" keeps them and drops only a missing target', () => {
  const dropped = loadCsv(CSV, { target: 'y', missing: 'drop' });
  assert.equal(dropped.rowCount, 2);
  assert.equal(dropped.droppedRows, 3);
  assert.deepEqual(Array.from(dropped.rowLines), [2, 3]);
  const filled = loadCsv(CSV, { target: 'y', missing: 'mean' });
  assert.equal(filled.rowCount, 4);
  assert.deepEqual(Array.from(filled.rowLines), [2, 3, 4, 5]);
  // Dropping only for the used columns: without "ok" and "x" nothing but the target matters.
  assert.equal(loadCsv(CSV, { target: 'y', features: ['color'], missing: 'drop' }).rowCount, 4);
});

test('policy "error" names the earliest problem across the used columns', () => {
  assert.throws(
    () => loadCsv(CSV, { target: 'y' }),
    (e: unknown) => e instanceof GradLabError && e.place?.kind === 'csv' && e.place.row === 4 && e.place.column === 'x',
  );
});

test('a string or boolean target becomes classes (sorted; numbers numerically); a numeric one on request', () => {
  const d = loadCsv('x,label\n1,b\n2,a\n3,c\n4,a\n', { target: 'label' });
  assert.equal(d.target.type, 'classes');
  if (d.target.type === 'classes') {
    assert.deepEqual(d.target.classes, ['a', 'b', 'c']);
    assert.deepEqual(Array.from(d.target.codes), [1, 0, 2, 0]);
  }
  const n = loadCsv('x,k\n1,10\n2,9\n3,10\n', { target: 'k', task: 'classification' });
  assert.deepEqual(n.target.type === 'classes' ? n.target.classes : [], ['9', '10']);
  const b = loadCsv('x,spam\n1,TRUE\n2,false\n', { target: 'spam' });
  assert.deepEqual(b.target.type === 'classes' ? b.target.classes : [], ['false', 'true']);
});

test('the seeded split is reproducible, disjoint and complete', () => {
  const a = splitRows(50, 0.2, 7);
  const b = splitRows(50, 0.2, 7);
  assert.deepEqual(a, b);
  assert.equal(a.val.length, 10);
  assert.deepEqual([...a.train, ...a.val].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
  assert.notDeepEqual(splitRows(50, 0.2, 8).val, a.val);
  assert.equal(splitRows(5, 0, 1).val.length, 0);
  assert.throws(() => splitRows(2, 0.5, 1), GradLabError);
});

test('preprocessing is fitted on the training rows only: mean, population std, mode, sorted levels', () => {
  const d = loadCsv('x,c,y\n1,b,0\n2,a,1\n3,b,2\n100,c,3\n', { target: 'y' });
  const train = Int32Array.from([0, 1, 2]); // row 3 (x = 100, level "c") is validation
  const p = fitPreprocessing(d, train, 'error');
  const x = p.features[0]!;
  assert.equal(x.type, 'numeric');
  if (x.type === 'numeric') {
    assert.equal(x.mean, 2);
    assert.ok(Math.abs(x.std - Math.sqrt(2 / 3)) < 1e-15);
  }
  const c = p.features[1]!;
  assert.deepEqual(c.type === 'numeric' ? null : { levels: c.levels, mode: c.mode }, { levels: ['a', 'b', 'c'], mode: 'b' });
  assert.deepEqual(p.inputs, ['x', 'c=b', 'c=c']);
  const t = p.target;
  assert.deepEqual(t.type === 'numeric' ? [t.mean, t.std] : [], [1, Math.sqrt(2 / 3)]);
  // Encoding: standardized numbers, drop-first one-hot, standardized target.
  const all = Int32Array.from([0, 1, 2, 3]);
  const X = encodeFeatures(p, d, all);
  const s = Math.sqrt(2 / 3);
  const expected = [(1 - 2) / s, 1, 0, 0, 0, 0, (3 - 2) / s, 1, 0, 98 / s, 0, 1];
  expected.forEach((v, i) => assert.ok(Math.abs(X[i]! - v) < 1e-12, `X[${i}] = ${X[i]} vs ${v}`));
  assert.deepEqual(Array.from(encodeTarget(p, d, Int32Array.from([1]))), [0]);
});

test('policy "mean" fills a missing feature with the training mean (0 after scaling) and the mode', () => {
  const d = loadCsv('x,c,y\n1,u,1\n,,2\n3,u,3\n5,v,4\n', { target: 'y', missing: 'mean' });
  const rows = Int32Array.from([0, 1, 2, 3]);
  const p = fitPreprocessing(d, rows, 'mean');
  const X = encodeFeatures(p, d, rows);
  assert.deepEqual(Array.from(X.subarray(2, 4)), [0, 0]); // mean → 0; mode "u" is the reference level
});

test('encodeRawRows encodes typed-in rows like the CSV, refuses unknown levels and (without "mean") missing values', () => {
  const d = loadCsv('x,c,y\n1,a,1\n2,b,2\n3,a,3\n', { target: 'y' });
  const rows = Int32Array.from([0, 1, 2]);
  const p = fitPreprocessing(d, rows, 'error');
  assert.deepEqual(Array.from(encodeRawRows(p, [{ x: '2', c: 'b' }, { x: 1, c: 'a' }])), Array.from(encodeFeatures(p, d, Int32Array.from([1, 0]))));
  assert.throws(() => encodeRawRows(p, [{ x: 1, c: 'zzz' }]), /not a level the model knows/);
  assert.throws(() => encodeRawRows(p, [{ x: null, c: 'a' }]), /missing/);
  assert.throws(() => encodeRawRows(p, [{ x: 'abc', c: 'a' }]), /not a number/);
});

test('summarizeCsv: preview, types, missing and invalid counts, ranges', () => {
  const s = summarizeCsv('a,b,c\n1,x,true\n,y,false\n3,x,\nfoo,z,true\n5,x,true\n', { previewRows: 2 });
  assert.equal(s.rowCount, 5);
  assert.deepEqual(s.preview, [['1', 'x', 'true'], ['', 'y', 'false']]);
  assert.deepEqual(s.previewLines, [2, 3]);
  const [a, b, c] = s.columns;
  assert.deepEqual(a, { name: 'a', type: 'numeric', missing: 1, min: 1, max: 5, mean: 3, invalid: { row: 5, text: 'foo', count: 1 } });
  assert.deepEqual(b, { name: 'b', type: 'categorical', missing: 0, distinct: 3, levels: ['x', 'y', 'z'] });
  assert.equal(c!.type, 'boolean');
  assert.equal(c!.missing, 1);
});
