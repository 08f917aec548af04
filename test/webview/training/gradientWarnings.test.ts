import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPLODING, VANISHING, gradientWarnings } from '../../../webview/training/gradientWarnings';

test('gradient warnings: below 1e-7 vanishes, above 1e3 or not finite explodes, the thresholds themselves are healthy', () => {
  const layers = ['hidden 1', 'hidden 2', 'hidden 3', 'output'];
  assert.deepEqual(gradientWarnings(layers, [1e-8, 5e3, null, 0.5]), [
    { layer: 'hidden 1', kind: 'vanishing', norm: 1e-8 },
    { layer: 'hidden 2', kind: 'exploding', norm: 5e3 },
    { layer: 'hidden 3', kind: 'exploding', norm: null },
  ]);
  assert.deepEqual(gradientWarnings(layers, [VANISHING, EXPLODING, 1, 0]), [
    { layer: 'output', kind: 'vanishing', norm: 0 },
  ]);
  assert.deepEqual(gradientWarnings(layers, undefined), [], 'no epoch yet');
  assert.deepEqual(gradientWarnings(layers, [1]), [], 'layers without a reported norm are skipped');
});
