import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationMetrics, confusionMatrix, perClassReport, regressionMetrics } from '../../../src/engine/train';

test('regression metrics by hand: R², MSE, RMSE, MAE', () => {
  // Residuals 0.5, −1, 0, 2 on y = [1, 2, 3, 4] (mean 2.5, SStot = 5).
  const m = regressionMetrics([1, 2, 3, 4], [1.5, 1, 3, 6]);
  assert.equal(m.mse, (0.25 + 1 + 0 + 4) / 4);
  assert.equal(m.rmse, Math.sqrt(5.25 / 4));
  assert.equal(m.mae, 3.5 / 4);
  assert.equal(m.r2, 1 - 5.25 / 5);
  assert.equal(regressionMetrics([2, 2], [2, 2]).r2, 1);
  assert.equal(regressionMetrics([2, 2], [1, 3]).r2, 0);
});

test('classification metrics by hand: accuracy, log-loss, confusion, precision/recall/F1', () => {
  const labels = [0, 1, 2, 1];
  const probs = Float64Array.from([0.7, 0.2, 0.1, /**/ 0.1, 0.6, 0.3, /**/ 0.2, 0.5, 0.3, /**/ 0.3, 0.3, 0.4]);
  const m = classificationMetrics(labels, probs, 3);
  assert.equal(m.accuracy, 0.5);
  assert.ok(Math.abs(m.logLoss - -(Math.log(0.7) + Math.log(0.6) + Math.log(0.3) + Math.log(0.3)) / 4) < 1e-15);
  const c = confusionMatrix(labels, probs, 3);
  assert.deepEqual(c, [[1, 0, 0], [0, 1, 1], [0, 1, 0]]);
  const report = perClassReport(c, ['a', 'b', 'c']);
  assert.deepEqual(report[0], { label: 'a', precision: 1, recall: 1, f1: 1, support: 1 });
  assert.deepEqual(report[1], { label: 'b', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
  assert.deepEqual(report[2], { label: 'c', precision: 0, recall: 0, f1: 0, support: 1 });
  // A probability of 0 for the true class is clipped, not Infinity.
  assert.ok(Number.isFinite(classificationMetrics([0], Float64Array.from([0, 1]), 2).logLoss));
});
