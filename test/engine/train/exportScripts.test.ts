import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeFeatures, loadCsv } from '../../../src/engine/data';
import { createTrainingRun, exportPytorchScript, exportSklearnScript, TrainedModel, type RunOptions } from '../../../src/engine/train';

// A CSV with the dialect features the scripts must reproduce: BOM, ';', decimal commas, quoted
// text, a boolean, a missing value (policy "mean"), a text class and a 0/1 class column.
const CSV =
  '\uFEFFsize;city;garden;age;price;kind;sold\n' +
  Array.from({ length: 40 }, (_, i) => {
    const size = (30 + ((i * 37) % 90) + 0.25 * (i % 4)).toFixed(2).replace('.', ',');
    const city = ['"Lyon"', 'Oslo', '"Rome, IT"'][i % 3];
    const age = i === 5 ? '' : String((i * 13) % 50);
    const price = (100 + 2.5 * (30 + ((i * 37) % 90)) + (i % 3) * 20 + (i % 2 ? 15 : 0) - ((i * 13) % 50)).toFixed(1).replace('.', ',');
    return `${size};${city};${i % 2 ? 'True' : 'false'};${age};${price};${['small', 'large', 'medium'][i % 3]};${i % 2}`;
  }).join('\n') + '\n';

const PYTHON_CHECK = String.raw`
import ast, json, runpy, sys
script = sys.argv[2]
ast.parse(open(script, encoding="utf-8").read(), filename=script)
m = runpy.run_path(script, run_name="gradlab_check")
data, y, present = m["clean"](m["read_columns"](m["CSV_PATH"]))
rows = m["keep_rows"](data, present)
x = m["encode"](data, m["PREPROCESSING"], rows)
print(json.dumps({"x": x.tolist(), "p": m["gradlab_predict"](x).tolist(), "y": y[rows].tolist(), "spec": m["fit_preprocessing"](data, y, rows)}))
`;

/** A Python 3 with NumPy: the one on PATH, else Debian's (apt install python3-numpy; .ci/run does). */
function pythonWithNumpy(): string {
  for (const exe of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(exe, ['-c', 'import numpy'], { stdio: 'ignore' });
      return exe;
    } catch {
      // try the next one
    }
  }
  throw new Error('These tests run the exported scripts\' NumPy part: install NumPy (apt-get install python3-numpy, or pip install numpy).');
}

const CASES: Array<RunOptions & { name: string }> = [
  { name: 'linear', target: 'price', features: ['size', 'city', 'garden', 'age'], l2: 0.01 },
  { name: 'mlp-regressor', target: 'price', model: 'mlp', hidden: [5, 3], activation: 'tanh', features: ['size', 'city', 'garden', 'age'], epochs: 5 },
  { name: 'softmax', target: 'kind', model: 'softmax', features: ['size', 'city', 'garden', 'age'], epochs: 5 },
  { name: 'logistic-numeric-classes', target: 'sold', model: 'logistic', features: ['size', 'age'], epochs: 5 },
  { name: 'mlp-classifier', target: 'kind', model: 'mlp', hidden: [4], activation: 'sigmoid', features: ['size', 'garden'], epochs: 5, optimizer: 'rmsprop', clip: 1 },
];

test('exported PyTorch and scikit-learn scripts parse, and their NumPy part reproduces GradLab exactly', () => {
  const python = pythonWithNumpy();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradlab-export-'));
  try {
    const csvPath = path.join(dir, 'data.csv');
    fs.writeFileSync(csvPath, CSV);
    for (const { name, ...options } of CASES) {
      const run = createTrainingRun(CSV, { ...options, missing: 'mean', valSplit: 0 });
      run.runSync();
      // Scripts also come from a saved model (the provenance travels in the JSON).
      const model = TrainedModel.fromJSON(JSON.stringify(run.model.toJSON()));
      for (const [flavor, text] of [['pytorch', exportPytorchScript(model, { csvPath: 'data.csv' })], ['sklearn', exportSklearnScript(model, { csvPath: 'data.csv' })]] as const) {
        assert.match(text, flavor === 'pytorch' ? /import torch/ : /from sklearn/);
        const script = path.join(dir, `${name}-${flavor}.py`);
        fs.writeFileSync(script, text);
        const out = JSON.parse(execFileSync(python, ['-c', PYTHON_CHECK, csvPath, script], { encoding: 'utf8' })) as {
          x: number[][]; p: number[] | number[][]; y: number[]; spec: { features: Array<{ mean?: number; std?: number }> };
        };
        const data = loadCsv(CSV, { target: options.target, features: options.features, missing: 'mean', task: run.info.task });
        const all = Int32Array.from({ length: data.rowCount }, (_, i) => i);
        const x = encodeFeatures(model.preprocessing, data, all);
        const d = model.preprocessing.inputs.length;
        assert.equal(out.x.length, data.rowCount, `${name}: rows`);
        out.x.forEach((row, r) => row.forEach((v, j) => assert.ok(Math.abs(v - x[r * d + j]!) < 1e-12, `${name} ${flavor}: x[${r}][${j}] ${v} vs ${x[r * d + j]}`)));
        const ours = model.predictEncoded(x);
        out.p.flat().forEach((v, i) => assert.ok(Math.abs(v - ours[i]!) < 1e-9 * Math.max(1, Math.abs(ours[i]!)), `${name} ${flavor}: prediction ${i} ${v} vs ${ours[i]}`));
        const t = data.target;
        assert.deepEqual(out.y, t.type === 'numeric' ? Array.from(t.values) : Array.from(t.codes), `${name}: targets`);
        // Refitting on all rows gives GradLab's scaling (all rows are GradLab's training rows here).
        model.preprocessing.features.forEach((f, k) => {
          if (f.type === 'numeric') assert.ok(Math.abs(out.spec.features[k]!.std! - f.std) < 1e-12 * f.std, `${name}: std of ${f.name}`);
        });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a model without provenance cannot be exported (nothing says how it was trained)', () => {
  const run = createTrainingRun('x,y\n1,2\n2,4\n3,7\n4,8\n', { target: 'y', epochs: 1 });
  const json = run.model.toJSON();
  delete json.provenance;
  assert.throws(() => exportPytorchScript(TrainedModel.fromJSON(json), { csvPath: 'd.csv' }), /does not record how it was trained/);
});

test("exported scripts read what GradLab reads: UTF-16, Excel's sep= line, thousands separators, a trailing delimiter, a constant column", () => {
  const python = pythonWithNumpy();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradlab-export-'));
  try {
    const body = Array.from({ length: 24 }, (_, i) => {
      const size = (1000 + 137.25 * i).toLocaleString('de-DE');
      const tiny = `${(i % 5) + 1}e-300`;
      return `${size};${tiny};7;${['Lyon', 'Oslo'][i % 2]};${(2 * (1000 + 137.25 * i) + (i % 2) * 30).toLocaleString('de-DE')};`;
    });
    const text = `sep=;\r\nsize;tiny;const;city;price;\r\n${body.join('\r\n')}\r\n`;
    const bytes = Buffer.from('\uFEFF' + text, 'utf16le');
    const csvPath = path.join(dir, 'data.csv');
    fs.writeFileSync(csvPath, bytes);
    const run = createTrainingRun(bytes, { target: 'price', valSplit: 0, epochs: 3 });
    run.runSync();
    assert.deepEqual(run.info.features, ['size', 'tiny', 'const', 'city']);
    const script = path.join(dir, 'model.py');
    fs.writeFileSync(script, exportSklearnScript(run.model, { csvPath: 'data.csv' }));
    const out = JSON.parse(execFileSync(python, ['-c', PYTHON_CHECK, csvPath, script], { encoding: 'utf8' })) as {
      x: number[][]; p: number[]; spec: { features: Array<{ mean?: number; std?: number }> };
    };
    const data = loadCsv(bytes, { target: 'price' });
    const all = Int32Array.from({ length: data.rowCount }, (_, i) => i);
    const x = encodeFeatures(run.model.preprocessing, data, all);
    const d = run.model.preprocessing.inputs.length;
    out.x.forEach((row, r) => row.forEach((v, j) => assert.ok(Math.abs(v - x[r * d + j]!) < 1e-12, `x[${r}][${j}] ${v} vs ${x[r * d + j]}`)));
    const ours = run.model.predictEncoded(x);
    out.p.forEach((v, i) => assert.ok(Math.abs(v - ours[i]!) < 1e-9 * Math.max(1, Math.abs(ours[i]!)), `prediction ${i}`));
    run.model.preprocessing.features.forEach((f, k) => {
      if (f.type === 'numeric') assert.ok(Math.abs(out.spec.features[k]!.std! - f.std) <= 1e-12 * f.std, `std of ${f.name}: ${out.spec.features[k]!.std} vs ${f.std}`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
