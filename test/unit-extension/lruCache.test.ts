import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache } from '../../src/extension/hover/lruCache';

test('LruCache evicts the least recently used entry, and a get refreshes an entry', () => {
  const c = new LruCache<string, number>(2);
  c.set('a', 1);
  c.set('b', 2);
  assert.equal(c.get('a'), 1); // a is now newer than b
  c.set('c', 3);
  assert.equal(c.has('b'), false, 'b was the least recently used');
  assert.equal(c.get('a'), 1);
  assert.equal(c.get('c'), 3);
  assert.equal(c.size, 2);
});

test('LruCache: overwriting a key keeps one entry and refreshes it; undefined values are cached', () => {
  const c = new LruCache<string, number | undefined>(2);
  c.set('a', 1);
  c.set('b', undefined);
  c.set('a', 10);
  assert.equal(c.size, 2);
  c.set('c', 3);
  assert.equal(c.has('b'), false);
  assert.equal(c.get('a'), 10);
  c.set('d', undefined);
  assert.equal(c.has('d'), true, 'a cached "nothing to show" is still a hit');
  c.clear();
  assert.equal(c.size, 0);
});

test('LruCache rejects a capacity below 1', () => {
  assert.throws(() => new LruCache(0), RangeError);
  assert.throws(() => new LruCache(1.5), RangeError);
});
