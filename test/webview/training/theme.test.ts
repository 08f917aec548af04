import { test } from 'node:test';
import assert from 'node:assert/strict';
import { opaque } from '../../../webview/training/theme';

test('chart colours drop the alpha some themes give them', () => {
  assert.equal(opaque('rgba(234, 92, 0, 0.33)'), 'rgb(234, 92, 0)');
  assert.equal(opaque('#59a4f9'), '#59a4f9');
  assert.equal(opaque('#59a4f955'), '#59a4f9');
  assert.equal(opaque('#abcd'), '#abc');
  assert.equal(opaque('rgb(1, 2, 3)'), 'rgb(1, 2, 3)');
  assert.equal(opaque('CanvasText'), 'CanvasText');
});
