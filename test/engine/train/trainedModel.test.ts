import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradLabError } from '../../../src/engine/errors';
import { TrainedModel, createTrainingRun } from '../../../src/engine/train';

const CSV = 'rooms,city,garden,price\n3,Lyon,true,300\n2,Oslo,false,210\n4,Lyon,false,380\n1,Oslo,true,150\n5,Rome,true,460\n2,Rome,false,220\n3,Oslo,true,290\n4,Rome,false,400\n';
const ROWS = [{ rooms: 3, city: 'Rome', garden: 'TRUE' }, { rooms: '2.5', city: 'Lyon', garden: false }];

test('a model saved as JSON loads back and predicts the same raw rows, bit for bit', () => {
  for (const model of ['linear', 'mlp'] as const) {
    const run = createTrainingRun(CSV, { target: 'price', model, hidden: [4], epochs: 20, valSplit: 0 });
    run.runSync();
    const text = JSON.stringify(run.model.toJSON());
    const loaded = TrainedModel.fromJSON(text);
    assert.deepEqual(loaded.predict(ROWS), run.model.predict(ROWS));
    assert.deepEqual(loaded.coefficients(), run.model.coefficients());
    const json = JSON.parse(text);
    assert.equal(json.format, 'gradlab-model');
    assert.deepEqual(json.preprocessing.inputs, ['rooms', 'city=Oslo', 'city=Rome', 'garden']);
    assert.equal(json.provenance.config.model, model);
    assert.deepEqual(json.provenance.csv, { delimiter: ',', decimal: '.' });
  }
});

test('a classifier predicts a label and probabilities that sum to 1 on raw rows', () => {
  const run = createTrainingRun(CSV, { target: 'city', model: 'softmax', epochs: 30, valSplit: 0 });
  run.runSync();
  const loaded = TrainedModel.fromJSON(run.model.toJSON());
  const [p] = loaded.predict([{ rooms: 4, garden: 'false', price: 390 }]);
  assert.ok(p && 'label' in p);
  assert.ok(['Lyon', 'Oslo', 'Rome'].includes(p.label));
  assert.ok(Math.abs(Object.values(p.probabilities).reduce((a, b) => a + b, 0) - 1) < 1e-12);
});

test('loading refuses what is not a GradLab model, or one from a newer GradLab', () => {
  assert.throws(() => TrainedModel.fromJSON('{oops'), (e: unknown) => e instanceof GradLabError && /not valid JSON/.test(e.message));
  assert.throws(() => TrainedModel.fromJSON('{"format":"other"}'), /not a GradLab model/);
  const run = createTrainingRun(CSV, { target: 'price', epochs: 1, valSplit: 0 });
  const json = { ...run.model.toJSON(), version: 99 };
  assert.throws(() => TrainedModel.fromJSON(json), /version 99/);
  const broken = run.model.toJSON();
  broken.preprocessing = { ...broken.preprocessing, inputs: ['only-one'] };
  assert.throws(() => TrainedModel.fromJSON(broken), /takes 4 inputs/);
});
