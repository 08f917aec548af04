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

const good = (f: string) => path.join(root, 'test/fixtures/csv/good', f);

test('real-world quirks: titanic (quoted names, empty ages), iris (quoted CRLF), adult (", " and "?"), UTF-16', () => {
  const titanic = train([good('titanic_mini.csv'), '--target', 'Survived', '--model', 'logistic', '--features', 'Pclass,Sex,Age,Fare,Embarked', '--missing', 'mean', '--json']);
  assert.equal(titanic.code, 0, titanic.stdout);
  assert.deepEqual(titanic.json.classes, ['0', '1']);
  assert.deepEqual(Object.keys(titanic.json.coefficients!.weights), ['Pclass', 'Sex=male', 'Age', 'Fare', 'Embarked=Q', 'Embarked=S']);
  // Survival follows Sex in the fixture (but for every ninth passenger): being male must count against it.
  assert.ok(titanic.json.coefficients!.weights['Sex=male']! < -0.5, JSON.stringify(titanic.json.coefficients));
  // Without --model, a 0/1 column is a binary label; other numbers are regressed.
  const survived = train([good('titanic_mini.csv'), '--target', 'Survived', '--features', 'Pclass,Sex,Fare', '--json']);
  assert.deepEqual([survived.json.model, survived.json.classes], ['logistic', ['0', '1']]);
  assert.equal(train([good('titanic_mini.csv'), '--target', 'Fare', '--features', 'Pclass,Sex', '--json']).json.model, 'linear');
  const iris = train([good('iris_quoted_crlf.csv'), '--target', 'variety', '--epochs', '50', '--json']);
  assert.equal(iris.json.model, 'softmax');
  assert.deepEqual(iris.json.classes, ['Setosa', 'Versicolor', 'Virginica']);
  assert.deepEqual(iris.json.features, ['sepal.length', 'sepal.width', 'petal.length', 'petal.width']);
  const adult = train([good('adult_spaces_question_marks.csv'), '--target', 'income', '--missing', 'drop', '--json']);
  assert.equal(adult.code, 0, adult.stdout);
  assert.deepEqual([adult.json.model, adult.json.rows], ['logistic', 26]);
  assert.deepEqual(adult.json.classes, ['<=50K', '>50K']);
  const utf16 = train([good('exact_utf16le.csv'), '--target', 'y', '--solver', 'closed-form', '--val-split', '0', '--json']);
  assert.ok(Math.abs(utf16.json.coefficients!.weights['x1']! - 2) < 1e-9, JSON.stringify(utf16.json.coefficients));
  const yesNo = train([good('bool_and_yesno.csv'), '--target', 'claim', '--json']);
  assert.deepEqual([yesNo.json.model, yesNo.json.classes], ['logistic', ['no', 'yes']]);
  const unicode = train([good('unicode_headers.csv'), '--target', '目标 y', '--solver', 'closed-form', '--val-split', '0', '--json']);
  assert.deepEqual(unicode.json.features, ['price ($)', '特征']);
  assert.ok(Math.abs(unicode.json.coefficients!.weights['price ($)']! - 2) < 1e-9);
});

test('--features splits at commas, except inside a column name that has commas', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradlab-cli-'));
  try {
    const file = path.join(dir, 'commas.csv');
    fs.writeFileSync(file, 'a,"price, usd",b,y\n' + Array.from({ length: 12 }, (_, i) => `${i},${(i * 3) % 7},${i % 2},${2 * i + 1}`).join('\n') + '\n');
    const r = train([file, '--target', 'y', '--features', 'price, usd,a', '--val-split', '0', '--json']);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(r.json.features, ['price, usd', 'a']);
    const unknown = train([file, '--target', 'y', '--features', 'a,price', '--json']);
    assert.deepEqual([unknown.code, unknown.json.error.column], [2, 'price']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('one-hot names never collide with a column: every input keeps its own coefficient', () => {
  const r = train([good('onehot_name_collision.csv'), '--target', 'y', '--solver', 'closed-form', '--val-split', '0', '--json']);
  const w = r.json.coefficients!.weights;
  assert.deepEqual(Object.keys(w), ['city=Nice', 'city=Paris #2', 'city=Paris']);
  // y = 5 + (Nice 1.5, Paris −2) + 4·[city=Paris column]
  assert.ok(Math.abs(w['city=Nice']! - 1.5) < 1e-9 && Math.abs(w['city=Paris #2']! + 2) < 1e-9 && Math.abs(w['city=Paris']! - 4) < 1e-9, JSON.stringify(w));
});

test('--lr 1e9 diverges (exit 0): numbers only in the history, advice with the default rate', () => {
  const r = train([housing, '--target', 'price_k', '--lr', '1e9', '--json']);
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.json.stopped, 'diverged');
  assert.ok(r.json.history.length < 100);
  assert.ok(r.json.history.every((h) => isNum(h.trainLoss) && isNum(h.valLoss)));
  assert.ok(Object.values(r.json.metrics.train).every(isNum));
  assert.match((r.json as unknown as { message: string }).message, /smaller learning rate \(e\.g\. 0\.05 instead of 1000000000\)/);
});

test('--hidden chooses the MLP when --model is absent and is refused with another model; --solver closed-form needs linear', () => {
  const mlp = train([flowers, '--target', 'species', '--hidden', '4', '--epochs', '3', '--json']);
  assert.deepEqual([mlp.code, mlp.json.model], [0, 'mlp']);
  for (const extra of [['--hidden', '5', '--model', 'linear'], ['--activation', 'tanh', '--model', 'softmax']]) {
    const r = train([flowers, '--target', extra[3] === 'linear' ? 'petal_width' : 'species', ...extra, '--json']);
    assert.equal(r.code, 2);
    assert.equal(r.json.error.flag, extra[0]!.slice(2));
  }
  const cf = train([housing, '--target', 'price_k', '--model', 'mlp', '--solver', 'closed-form', '--json']);
  assert.deepEqual([cf.code, cf.json.error.flag], [2, 'solver']);
  for (const [flag, value] of [['--batch-size', '0'], ['--val-split', '1'], ['--epochs', '0'], ['--seed', '-1'], ['--hidden', '0']]) {
    const r = train([housing, '--target', 'price_k', flag!, value!, '--json']);
    assert.deepEqual([r.code, r.json.error.flag], [2, flag!.slice(2)], `${flag} ${value}`);
  }
});

test('the same command twice prints byte-identical JSON', () => {
  const args = [good('titanic_mini.csv'), '--target', 'Sex', '--features', 'Pclass,Fare,Survived', '--model', 'mlp', '--hidden', '5', '--epochs', '20', '--json'];
  const a = train(args);
  assert.equal(a.code, 0, a.stdout);
  assert.equal(train(args).stdout, a.stdout);
});

test('malformed files through the CLI: exit 2 and the row and column of the corpus', () => {
  const dir = path.join(root, 'test/fixtures/csv/bad');
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<string, { options: { target: string; features?: string[]; model?: string }; row: number; column?: string }>;
  for (const file of ['ragged_after_multiline.csv', 'utf16_bad_cell.csv', 'ragged_after_sep_line.csv', 'no_header.csv', 'unterminated_multiline.csv', 'invalid_utf8_latin1.csv', 'empty.csv']) {
    const { options, row, column } = expected[file]!;
    const args = [path.join(dir, file), '--target', options.target, '--json'];
    if (options.features) args.push('--features', options.features.join(','));
    if (options.model) args.push('--model', options.model);
    const r = train(args);
    assert.equal(r.code, 2, file);
    assert.deepEqual(Object.keys(r.json), ['error'], file);
    assert.deepEqual([r.json.error.row, r.json.error.column], [row, column], `${file}: ${r.json.error.message}`);
  }
});
