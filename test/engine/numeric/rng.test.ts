import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, seededRandom } from '../../../src/engine/numeric/rng';
import { gatherRows } from '../../../src/engine/numeric/reduce';

test('the same seed replays the same sequence bit for bit; another seed differs', () => {
  const a = new Rng(123),
    b = new Rng(123),
    c = new Rng(124);
  const xa = Array.from({ length: 1000 }, () => a.normal());
  const xb = Array.from({ length: 1000 }, () => b.normal());
  const xc = Array.from({ length: 1000 }, () => c.normal());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
});

test('mulberry32 reference values for seed 0 (pins the algorithm)', () => {
  // Computed by hand from the published mulberry32 steps (t += 0x6D2B79F5; …) for state 0.
  let s = 0;
  const ref = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = seededRandom(0);
  for (let i = 0; i < 5; i++) assert.equal(r(), ref());
});

test('uniform and normal have the right first two moments (n = 200k)', () => {
  const rng = new Rng(7);
  const n = 200_000;
  let su = 0,
    su2 = 0,
    sn = 0,
    sn2 = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.next(),
      z = rng.normal(1, 2);
    assert.ok(u >= 0 && u < 1);
    su += u;
    su2 += u * u;
    sn += z;
    sn2 += z * z;
  }
  // Tolerances ≈ 5 standard errors.
  assert.ok(Math.abs(su / n - 0.5) < 5 * Math.sqrt(1 / 12 / n));
  assert.ok(Math.abs(su2 / n - (su / n) ** 2 - 1 / 12) < 0.002);
  assert.ok(Math.abs(sn / n - 1) < (5 * 2) / Math.sqrt(n));
  assert.ok(Math.abs(sn2 / n - (sn / n) ** 2 - 4) < 0.05);
});

test('shuffle is a seeded permutation', () => {
  const p = new Rng(3).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
  const q = new Rng(3).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
  assert.deepEqual(p, q);
  assert.deepEqual(
    [...p].sort((a, b) => a - b),
    Array.from({ length: 50 }, (_, i) => i),
  );
  assert.notDeepEqual(
    Array.from(p),
    Array.from({ length: 50 }, (_, i) => i),
  );
});

test('gatherRows copies the indexed rows of a shuffled order into a batch buffer', () => {
  const src = Float64Array.of(0, 1, 10, 11, 20, 21, 30, 31);
  const order = new Rng(5).shuffle(Int32Array.of(0, 1, 2, 3));
  const dst = new Float64Array(4);
  gatherRows(src, 2, order, 1, 2, dst);
  assert.deepEqual(Array.from(dst), [
    order[1]! * 10,
    order[1]! * 10 + 1,
    order[2]! * 10,
    order[2]! * 10 + 1,
  ]);
});
