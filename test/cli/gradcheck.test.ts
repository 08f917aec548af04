/**
 * `gradlab gradcheck`: the issue-8 contract, run as users run it (node dist/cli.js), on the
 * fixture corpus: exit codes 0/1/2, the JSON keys exactly, errors with line and column.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = process.env['GRADLAB_ROOT'] ?? path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const fixture = (name: string) => path.join(root, 'test/fixtures/gradcheck', name);

before(() => {
  execFileSync(process.execPath, ['scripts/build.js', '--only=cli'], { cwd: root });
});

function gradcheck(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'gradcheck', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface PointJson {
  x: number[];
  analytic: number[];
  numeric: number[];
  maxAbsErr: number;
  ok: boolean;
  mismatches: number[];
}

function json(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1, `stdout is one JSON line: ${stdout}`);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

test('gradcheck --json: a correct gradient exits 0 with exactly the contract keys', () => {
  const r = gradcheck(fixture('mse.ts'), '--function', 'mse', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = json(r.stdout);
  assert.deepEqual(Object.keys(out), ['function', 'gradient', 'ok', 'points']);
  assert.equal(out['function'], 'mse');
  assert.equal(out['gradient'], 'mseGrad');
  assert.equal(out['ok'], true);
  const points = out['points'] as PointJson[];
  assert.equal(points.length, 2);
  for (const p of points) {
    assert.deepEqual(Object.keys(p), ['x', 'analytic', 'numeric', 'maxAbsErr', 'ok', 'mismatches']);
    assert.equal(p.x.length, 3);
    assert.ok(p.ok && p.mismatches.length === 0 && p.maxAbsErr < 1e-6);
  }
  assert.deepEqual(points[0]!.x, [0.1, -0.2, 0.3]);
});

test('gradcheck --json: one wrong component of ten exits 1 naming it; the numeric side is central differences', () => {
  const r = gradcheck(fixture('wrongOneComponent.ts'), '--function', 'weighted', '--json');
  assert.equal(r.code, 1);
  const out = json(r.stdout);
  assert.equal(out['ok'], false);
  const points = out['points'] as PointJson[];
  assert.deepEqual(
    points.map((p) => p.mismatches),
    [[7], [7]],
  );
  // Independent reference: the weighted sum's gradient is 2·w_i·x_i.
  const W = [1, 2, 0.5, 3, 1.5, 0.25, 2.5, 4, 0.75, 1.25];
  points[0]!.numeric.forEach((n, i) =>
    assert.ok(Math.abs(n - 2 * W[i]! * points[0]!.x[i]!) < 1e-7),
  );
});

test('gradcheck --json: no companion means "autodiff"; --point replaces the @point tags', () => {
  const r = gradcheck(
    fixture('autodiffSoftmax.ts'),
    '--function',
    'crossEntropy',
    '--point',
    '[1, 2, 3, 4]',
    '--point',
    '[0, 0, 0, 0]',
    '--json',
  );
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const out = json(r.stdout);
  assert.equal(out['gradient'], 'autodiff');
  const points = out['points'] as PointJson[];
  assert.deepEqual(
    points.map((p) => p.x),
    [
      [1, 2, 3, 4],
      [0, 0, 0, 0],
    ],
  );
  // At z = 0 the gradient is softmax − onehot(1) = [¼, −¾, ¼, ¼].
  points[1]!.analytic.forEach((a, i) => assert.ok(Math.abs(a - (i === 1 ? -0.75 : 0.25)) < 1e-12));
});

test('gradcheck: --eps, --atol, --rtol change the verdict (just over tolerance passes with rtol 2e-3)', () => {
  assert.equal(gradcheck(fixture('justOverTolerance.ts'), '--function', 'cubic', '--json').code, 1);
  assert.equal(
    gradcheck(fixture('justOverTolerance.ts'), '--function', 'cubic', '--rtol', '2e-3', '--json')
      .code,
    0,
  );
  assert.equal(gradcheck(fixture('roundOff.ts'), '--function', 'offsetLoss', '--json').code, 1);
  assert.equal(
    gradcheck(fixture('roundOff.ts'), '--function', 'offsetLoss', '--eps', '1e-4', '--json').code,
    0,
  );
  assert.equal(
    gradcheck(fixture('wrongRatio.ts'), '--function', 'softplusSum', '--atol', '10', '--json').code,
    0,
  );
});

test('gradcheck --json: errors exit 2 with message, line and column', () => {
  const cases: [string[], RegExp, number | undefined, number | undefined][] = [
    [[fixture('syntaxError.ts.txt'), '--function', 'broken'], /Syntax error/, 4, 25],
    [
      [fixture('throws.ts'), '--function', 'picky'],
      /picky threw Error: negative component -2/,
      9,
      13,
    ],
    [[fixture('nanValue.ts'), '--function', 'logs'], /is NaN/, 3, 17],
    [[fixture('wrongLength.ts'), '--function', 'total'], /returned 2 numbers; expected 3/, 7, 17],
    [
      [fixture('infiniteLoop.ts'), '--function', 'forever', '--timeout-ms', '300'],
      /did not finish/,
      3,
      17,
    ],
    [
      [fixture('gradientTagMissing.ts'), '--function', 'loss'],
      /tried: @gradient lossGradient/,
      3,
      4,
    ],
    [
      [fixture('mse.ts'), '--function', 'nope'],
      /No top-level function named "nope" .*functions: mse, mseGrad/,
      undefined,
      undefined,
    ],
    [[fixture('vectorNoPoint.ts'), '--function', 'sumExp'], /give a point \(--point/, 2, 17],
    [
      [fixture('mse.ts'), '--function', 'mse', '--point', 'not json'],
      /--point not json: not JSON/,
      undefined,
      undefined,
    ],
    [[fixture('doesNotExist.ts'), '--function', 'f'], /Cannot read/, undefined, undefined],
    [
      [fixture('mse.ts'), '--function', 'mse', '--point', '[[1, 2, 3]]'],
      /Point 1 for "mse": element 0 is an array \(a point is one flat list of numbers\)/,
      undefined,
      undefined,
    ],
    [
      [fixture('redeclared.ts'), '--function', 'shadow'],
      /Syntax error at line 5, column 7: Identifier 's' has already been declared/,
      5,
      7,
    ],
    [
      [fixture('throwsValues.ts'), '--function', 'throwsNumber'],
      /throwsNumber threw the number 42 at line 4, column 18/,
      4,
      18,
    ],
  ];
  for (const [args, message, line, column] of cases) {
    const r = gradcheck(...args, '--json');
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    const error = json(r.stdout)['error'] as { message: string; line?: number; column?: number };
    assert.match(error.message, message);
    assert.equal(error.line, line, error.message);
    assert.equal(error.column, column, error.message);
  }
});

test('gradcheck --json: user console output does not reach stdout', () => {
  const r = gradcheck(fixture('consoleNoise.ts'), '--function', 'noisy', '--json');
  assert.equal(r.code, 0);
  assert.equal(json(r.stdout)['ok'], true);
  // 30 MB of console.log, process.stdout.write and stderr writes: one JSON line, no user text.
  const flood = gradcheck(fixture('outputFlood.ts'), '--function', 'flood', '--json');
  assert.equal(flood.code, 0, flood.stderr.slice(0, 200));
  assert.equal(json(flood.stdout)['ok'], true);
  assert.doesNotMatch(flood.stdout + flood.stderr, /USER-OUTPUT/);
});

test('gradcheck --json: hostile user code ends in exit 2 with one JSON object, never a dead CLI', () => {
  // process.kill(process.pid) used to signal the CLI itself; now it throws where it is called.
  const kill = gradcheck(fixture('processKill.ts'), '--function', 'killer', '--json');
  assert.equal(kill.code, 2, kill.stderr);
  assert.deepEqual(json(kill.stdout)['error'], {
    message:
      'killer threw Error: process.kill() is not allowed in a gradient check at line 4, column 11 (evaluating killer at point 1).',
    line: 4,
    column: 11,
  });
  // A throwing microtask and an endless timer scheduled by f never run: exit 0, no hang.
  const late = gradcheck(fixture('lateCallbacks.ts'), '--function', 'late', '--json');
  assert.equal(late.code, 0, late.stderr);
  assert.equal(json(late.stdout)['ok'], true);
  assert.equal(late.stderr, '');
  const zero = gradcheck(fixture('mse.ts'), '--function', 'mse', '--timeout-ms', '0', '--json');
  assert.equal(zero.code, 2);
  assert.deepEqual(json(zero.stdout)['error'], {
    message: '--timeout-ms must be a positive number of milliseconds, got 0.',
    flag: 'timeout-ms',
  });
});

test('gradcheck without --json: a table of the failing components, worst first, and the diagnosis', () => {
  const r = gradcheck(fixture('wrongSign.ts'), '--function', 'sqError');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /gradcheck sqError against sqErrorGrad \(NAMEGrad\)/);
  assert.match(r.stdout, /FAIL 4 of 4 components/);
  const rows = r.stdout
    .split('\n')
    .filter((l) => /^\s+\d+\s/.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
  // The error is 2·|numeric| with numeric = 2(x − t), x − t = [−0.8, 2.4, −1.1, −2.2]: largest first.
  assert.deepEqual(rows, [1, 3, 2, 0]);
  assert.match(r.stdout, /Diagnosis:\n {2}- The whole gradient has the wrong sign/);
  const ok = gradcheck(fixture('rosenbrock.ts'), '--function', 'rosenbrock');
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /OK: the gradient agrees at all 2 points\./);
  const err = gradcheck(fixture('throws.ts'), '--function', 'picky');
  assert.equal(err.code, 2);
  assert.equal(err.stdout, '');
  assert.match(
    err.stderr,
    /gradlab: error: picky threw Error: negative component -2 at line 9, column 13.*\(line 9, column 13\)/,
  );
});
