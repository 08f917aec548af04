import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/numeric';
import { createTrainingRun } from '../../../src/engine/train';

test('an MLP fits y = sin(3x) far better than a line', () => {
  const rng = new Rng(12);
  let csv = 'x,y\n';
  for (let i = 0; i < 300; i++) {
    const x = rng.uniform(-1.5, 1.5);
    csv += `${x},${Math.sin(3 * x) + 0.05 * rng.normal()}\n`;
  }
  const line = createTrainingRun(csv, { target: 'y', solver: 'closed-form' }).runSync();
  const mlp = createTrainingRun(csv, { target: 'y', model: 'mlp', hidden: [32, 32], activation: 'tanh', optimizer: 'adam', learningRate: 0.01, epochs: 150 }).runSync();
  const lineMse = line.metrics.val!['mse']!;
  const mlpMse = mlp.metrics.val!['mse']!;
  // sin(3x) on [−1.5, 1.5] leaves a line with most of the variance; the noise floor is 0.0025.
  assert.ok(line.metrics.val!['r2']! < 0.3, `line r2 ${line.metrics.val!['r2']}`);
  assert.ok(mlpMse < lineMse / 20, `MLP val MSE ${mlpMse} vs line ${lineMse}`);
  assert.ok(mlp.metrics.val!['r2']! > 0.97, `MLP r2 ${mlp.metrics.val!['r2']}`);
  assert.equal(mlp.coefficients, null);
});
