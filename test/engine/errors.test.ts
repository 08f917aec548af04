import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradLabError, asGradLabError } from '../../src/engine/errors';

test('GradLabError.toJSON carries the message and the place fields, not the kind', () => {
  const e = new GradLabError('csv', 'Row 3: not a number', { kind: 'csv', row: 3, column: 'age' });
  assert.deepEqual(e.toJSON(), { message: 'Row 3: not a number', row: 3, column: 'age' });
  assert.deepEqual(new GradLabError('syntax', 'bad').toJSON(), { message: 'bad' });
});

test('asGradLabError wraps foreign errors with their cause and keeps ours', () => {
  const ours = new GradLabError('timeout', 't');
  assert.equal(asGradLabError(ours), ours);
  const foreign = new TypeError('boom');
  const wrapped = asGradLabError(foreign);
  assert.equal(wrapped.code, 'internal');
  assert.equal(wrapped.message, 'boom');
  assert.equal(wrapped.cause, foreign);
});
