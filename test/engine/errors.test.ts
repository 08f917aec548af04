import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradLabError, asGradLabError, isGradLabError } from '../../src/engine/errors';

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

test('isGradLabError recognises a GradLabError from another copy of the module (another bundle); instanceof does not', async () => {
  // The extension loads the symbolic engine as its own bundle (dist/lazy/symbolic.js), which has its
  // own GradLabError class: build such a copy of errors.ts and load it beside this one.
  const esbuild = await import('esbuild');
  const root = process.env['GRADLAB_ROOT'] ?? process.cwd();
  const out = esbuild.buildSync({
    entryPoints: [`${root}/src/engine/errors.ts`],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    write: false,
  });
  const mod: { exports: Record<string, unknown> } = { exports: {} };
  new Function('module', 'exports', out.outputFiles[0]!.text)(mod, mod.exports);
  const Other = mod.exports['GradLabError'] as typeof GradLabError;
  assert.notEqual(Other, GradLabError, 'a second copy of the class');
  const theirs = new Other('syntax', 'Unexpected "^"', { kind: 'expression', column: 3 });
  assert.equal(theirs instanceof GradLabError, false, 'instanceof fails across copies');
  assert.equal(isGradLabError(theirs), true);
  assert.equal(asGradLabError(theirs), theirs, 'kept as is, not wrapped as internal');
  assert.equal(asGradLabError(theirs).code, 'syntax');
  const otherIs = mod.exports['isGradLabError'] as typeof isGradLabError;
  assert.equal(otherIs(new GradLabError('timeout', 't')), true, 'and the other way round');
});

test('isGradLabError: only GradLabErrors, not look-alikes', () => {
  assert.equal(isGradLabError(new GradLabError('internal', 'x')), true);
  const lookAlike = Object.assign(new Error('x'), { name: 'GradLabError', code: 'syntax' });
  assert.equal(isGradLabError(lookAlike), false, 'a plain Error named GradLabError is not one');
  assert.equal(isGradLabError({ name: 'GradLabError', code: 'syntax', message: 'x' }), false);
  assert.equal(isGradLabError(undefined), false);
  assert.equal(isGradLabError('GradLabError'), false);
  assert.equal(asGradLabError(lookAlike).code, 'internal', 'a look-alike is wrapped');
});
