import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = process.env['GRADLAB_ROOT'] ?? process.cwd();
const cli = path.join(root, 'dist/cli.js');
const housing = path.join(root, 'examples/housing.csv');
const flowers = path.join(root, 'examples/flowers.csv');

before(() => {
  execFileSync(process.execPath, ['scripts/build.js', '--only=cli'], { cwd: root });
});

/** The issue-6 contract (success or error), as the CLI prints it. */
interface TrainJson {
  model: string;
  rows: number;
  features: string[];
  history: Array<{ epoch: number; trainLoss: number | null; valLoss: number | null }>;
  metrics: { train: Record<string, number>; val: Record<string, number> | null };
  stopped: string;
  coefficients?: { intercept: number; weights: Record<string, number> };
  classes?: string[];
  valRows?: number;
  error: { message: string; row?: number; column?: string; flag?: string };
}

function train(args: string[]): { code: number; json: TrainJson; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'train', ...args], { cwd: root, encoding: 'utf8' });
  let json = {} as TrainJson;
  try {
    json = JSON.parse(r.stdout) as TrainJson;
  } catch {
    // Not JSON (a run without --json): the caller checks stdout itself.
  }
  return { code: r.status ?? -1, json, stdout: r.stdout, stderr: r.stderr };
}

const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

test('regression: the success contract, exactly one JSON object, coefficients in CSV units', () => {
  const r = train([housing, '--target', 'price_k', '--epochs', '30', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  const j = r.json;
  assert.equal(j['model'], 'linear');
  assert.equal(j['rows'], 200);
  assert.deepEqual(j['features'], ['area_m2', 'rooms', 'age_years', 'distance_km', 'neighborhood', 'has_garden']);
  assert.equal(j['history'].length, 30);
  for (const [i, h] of j.history.entries()) {
    assert.deepEqual(Object.keys(h), ['epoch', 'trainLoss', 'valLoss']);
    assert.equal(h.epoch, i + 1);
    assert.ok(isNum(h.trainLoss) && isNum(h.valLoss));
  }
  for (const m of [j.metrics.train, j.metrics.val!]) {
    assert.deepEqual(Object.keys(m).sort(), ['mae', 'mse', 'r2', 'rmse']);
    assert.ok(Object.values(m).every(isNum));
  }
  assert.equal(j['stopped'], 'completed');
  assert.ok(isNum(j.coefficients!.intercept));
  assert.deepEqual(Object.keys(j.coefficients!.weights), [
    'area_m2', 'rooms', 'age_years', 'distance_km', 'neighborhood=Hills', 'neighborhood=Riverside', 'neighborhood=Suburb', 'has_garden',
  ]);
  // The generator's price rises 2.4 k€ per m² (scripts/gen-examples.js).
  assert.ok(Math.abs(j.coefficients!.weights['area_m2']! - 2.4) < 0.3, String(j.coefficients!.weights['area_m2']));
});

test('--solver closed-form: one history entry; it matches long gradient descent', () => {
  const exact = train([housing, '--target', 'price_k', '--solver', 'closed-form', '--json']).json;
  assert.equal(exact['history'].length, 1);
  const gd = train([housing, '--target', 'price_k', '--batch-size', '1000', '--lr', '0.3', '--epochs', '3000', '--json']).json;
  for (const [k, v] of Object.entries(exact.coefficients!.weights)) {
    const w = gd.coefficients!.weights[k]!;
    assert.ok(Math.abs(w - v) < 1e-4 * Math.max(1, Math.abs(v)), `${k}: ${w} vs ${v}`);
  }
});

test('classification: accuracy and logLoss; no coefficients for softmax; --val-split 0 gives val null', () => {
  const r = train([flowers, '--target', 'species', '--val-split', '0', '--epochs', '20', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json['model'], 'softmax');
  assert.deepEqual(Object.keys(r.json.metrics.train).sort(), ['accuracy', 'logLoss']);
  assert.equal(r.json.metrics.val, null);
  assert.ok(r.json.history.every((h) => h.valLoss === null));
  assert.equal('coefficients' in r.json, false);
  assert.deepEqual(r.json['classes'], ['setosa', 'versicolor', 'virginica']);
});

test('MLP with every flag of the contract', () => {
  const r = train([
    flowers, '--target', 'species', '--features', 'petal_length,petal_width', '--model', 'mlp', '--hidden', '6,4', '--activation', 'tanh',
    '--optimizer', 'momentum', '--lr', '0.05', '--epochs', '15', '--batch-size', '16', '--l1', '0.001', '--l2', '0.001', '--clip', '5',
    '--val-split', '0.3', '--seed', '3', '--solver', 'gd', '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json['model'], 'mlp');
  assert.deepEqual(r.json['features'], ['petal_length', 'petal_width']);
  assert.equal(r.json['history'].length, 15);
  assert.equal(r.json['valRows'], 45);
  // The same seed gives the same run.
  const again = train([
    flowers, '--target', 'species', '--features', 'petal_length,petal_width', '--model', 'mlp', '--hidden', '6,4', '--activation', 'tanh',
    '--optimizer', 'momentum', '--lr', '0.05', '--epochs', '15', '--batch-size', '16', '--l1', '0.001', '--l2', '0.001', '--clip', '5',
    '--val-split', '0.3', '--seed', '3', '--solver', 'gd', '--json',
  ]);
  assert.deepEqual(again.json, r.json);
});

test('errors exit 2 with {"error": {message, row, column}}', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradlab-cli-'));
  try {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'x,y\n1,2\n3,abc\n5,6\n7,8\n');
    const r = train([bad, '--target', 'y', '--json']);
    assert.equal(r.code, 2);
    assert.deepEqual(Object.keys(r.json), ['error']);
    assert.equal(r.json.error.row, 3);
    assert.equal(r.json.error.column, 'y');
    assert.match(r.json.error.message, /"abc" is not a number/);
    const unknown = train([housing, '--target', 'nope', '--json']);
    assert.equal(unknown.code, 2);
    assert.deepEqual([unknown.json.error.row, unknown.json.error.column], [1, 'nope']);
    const missingFile = train([path.join(dir, 'none.csv'), '--target', 'y', '--json']);
    assert.equal(missingFile.code, 2);
    assert.match(missingFile.json.error.message, /no such file/);
    // Usage errors name the flag.
    const badModel = train([housing, '--target', 'price_k', '--model', 'forest', '--json']);
    assert.equal(badModel.code, 2);
    assert.equal(badModel.json.error.flag, 'model');
    const badLr = train([housing, '--target', 'price_k', '--lr', '0', '--json']);
    assert.deepEqual([badLr.code, badLr.json.error.flag], [2, 'lr']);
    assert.equal(train([housing, '--json']).json.error.flag, 'target');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without --json: progress on stderr, a readable summary on stdout', () => {
  const r = train([housing, '--target', 'price_k', '--epochs', '50']);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /\[#+-*\] epoch \d+\/50 {2}loss/);
  assert.match(r.stderr, /epoch 50\/50/);
  assert.match(r.stdout, /Trained linear regression/);
  assert.match(r.stdout, /Coefficients in the CSV's units/);
  assert.match(r.stdout, /area_m2/);
});

test('--save writes a model that loads; --export-pytorch and --export-sklearn write scripts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradlab-cli-'));
  try {
    const model = path.join(dir, 'm.json');
    const py = path.join(dir, 'm_torch.py');
    const sk = path.join(dir, 'm_sklearn.py');
    const r = train([housing, '--target', 'price_k', '--epochs', '5', '--save', model, '--export-pytorch', py, '--export-sklearn', sk, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const saved = JSON.parse(fs.readFileSync(model, 'utf8'));
    assert.equal(saved.format, 'gradlab-model');
    assert.equal(saved.preprocessing.target.name, 'price_k');
    for (const f of [py, sk]) execFileSync('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', f]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
