/**
 * The gradcheck corpus: every fixture in test/fixtures/gradcheck is checked by the engine (a real
 * worker each time) and its outcome asserted: pass, the mismatched indices and the diagnoses, or
 * the error code with its line and column in the fixture.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GradLabError } from '../../../src/engine/errors';
import { runGradcheck } from '../../../src/engine/gradcheck';
import type {
  DiagnosisKind,
  GradcheckOptions,
  GradcheckResult,
} from '../../../src/engine/gradcheck';

const root = process.env['GRADLAB_ROOT'] ?? path.resolve(__dirname, '../../..');
const dir = path.join(root, 'test/fixtures/gradcheck');

const readModule = (p: string) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

function check(
  file: string,
  functionName: string,
  options: GradcheckOptions = {},
): Promise<GradcheckResult> {
  const p = path.join(dir, file);
  return runGradcheck(
    { path: p, source: readFileSync(p, 'utf8'), functionName, readModule },
    options,
  );
}

async function checkError(
  file: string,
  functionName: string,
  options: GradcheckOptions = {},
): Promise<GradLabError> {
  try {
    await check(file, functionName, options);
  } catch (e) {
    assert.ok(e instanceof GradLabError, `expected a GradLabError, got ${String(e)}`);
    return e;
  }
  assert.fail(`${file}: ${functionName} was expected to fail`);
}

interface Passes {
  file: string;
  fn: string;
  gradient: string;
  rule: GradcheckResult['companionRule'];
  points: number;
}

const passing: Passes[] = [
  { file: 'mse.ts', fn: 'mse', gradient: 'mseGrad', rule: 'NAMEGrad', points: 2 },
  {
    file: 'logisticLoss.ts',
    fn: 'logisticLoss',
    gradient: 'gradLogisticLoss',
    rule: 'gradNAME',
    points: 1,
  },
  {
    file: 'softmaxCrossEntropy.ts',
    fn: 'softmaxCrossEntropy',
    gradient: 'softmaxCrossEntropy_grad',
    rule: 'NAME_grad',
    points: 2,
  },
  {
    file: 'rosenbrock.ts',
    fn: 'rosenbrock',
    gradient: 'rosenbrockGrad',
    rule: 'NAMEGrad',
    points: 2,
  },
  { file: 'mlpLoss.ts', fn: 'mlpLoss', gradient: 'mlpBackprop', rule: 'jsdoc', points: 1 },
  { file: 'scalarSquare.ts', fn: 'cube', gradient: 'cubeGrad', rule: 'NAMEGrad', points: 2 },
  { file: 'scalarSigmoid.ts', fn: 'sigmoid', gradient: 'gradSigmoid', rule: 'gradNAME', points: 3 },
  { file: 'argsFunction.ts', fn: 'energy', gradient: 'energyGrad', rule: 'NAMEGrad', points: 1 },
  { file: 'arrowConst.ts', fn: 'huber', gradient: 'huberGrad', rule: 'NAMEGrad', points: 1 },
  { file: 'jsdocGradient.ts', fn: 'quad', gradient: 'dQuad', rule: 'jsdoc', points: 2 },
  {
    file: 'float64Typed.ts',
    fn: 'logSumExp',
    gradient: 'logSumExpGrad',
    rule: 'NAMEGrad',
    points: 1,
  },
  {
    file: 'importsLocal.ts',
    fn: 'sumSquares',
    gradient: 'sumSquaresGrad',
    rule: 'NAMEGrad',
    points: 1,
  },
  { file: 'randomPoints.ts', fn: 'bowl', gradient: 'bowlGrad', rule: 'NAMEGrad', points: 3 },
  {
    file: 'justUnderTolerance.ts',
    fn: 'cubic',
    gradient: 'cubicGrad',
    rule: 'NAMEGrad',
    points: 1,
  },
  { file: 'l1AtZero.ts', fn: 'l1', gradient: 'l1Grad', rule: 'NAMEGrad', points: 1 },
  { file: 'consoleNoise.ts', fn: 'noisy', gradient: 'noisyGrad', rule: 'NAMEGrad', points: 1 },
  { file: 'autodiffMlp.ts', fn: 'mlpLoss', gradient: 'autodiff', rule: 'autodiff', points: 1 },
  {
    file: 'autodiffSoftmax.ts',
    fn: 'crossEntropy',
    gradient: 'autodiff',
    rule: 'autodiff',
    points: 1,
  },
  { file: 'autodiffScalar.ts', fn: 'wave', gradient: 'autodiff', rule: 'autodiff', points: 2 },
  { file: 'autodiffArgs.ts', fn: 'polar', gradient: 'autodiff', rule: 'autodiff', points: 1 },
  {
    file: 'autodiffTyped.ts',
    fn: 'entropyLike',
    gradient: 'autodiff',
    rule: 'autodiff',
    points: 1,
  },
  // Hostile but correct: callbacks scheduled for after the check, patched built-ins.
  { file: 'lateCallbacks.ts', fn: 'late', gradient: 'lateGrad', rule: 'NAMEGrad', points: 1 },
  {
    file: 'patchesBuiltins.ts',
    fn: 'patched',
    gradient: 'patchedGrad',
    rule: 'NAMEGrad',
    points: 1,
  },
  { file: 'largeX.ts', fn: 'wave', gradient: 'waveGrad', rule: 'NAMEGrad', points: 1 },
  // Signatures: an overload's JSDoc, `this: T`, defaults not passed, a destructured parameter.
  { file: 'signatures.ts', fn: 'scaled', gradient: 'scaledGrad', rule: 'NAMEGrad', points: 1 },
  {
    file: 'signatures.ts',
    fn: 'withThis',
    gradient: 'withThisGrad',
    rule: 'NAMEGrad',
    points: 1,
  },
  { file: 'signatures.ts', fn: 'ridge', gradient: 'autodiff', rule: 'autodiff', points: 1 },
  { file: 'signatures.ts', fn: 'pair', gradient: 'pairGrad', rule: 'NAMEGrad', points: 1 },
  {
    file: 'pointTags.ts',
    fn: 'twoOnALine',
    gradient: 'twoOnALineGrad',
    rule: 'NAMEGrad',
    points: 2,
  },
  {
    file: 'pointTags.ts',
    fn: 'described',
    gradient: 'describedGrad',
    rule: 'NAMEGrad',
    points: 2,
  },
  { file: 'oddNames.ts', fn: '__proto__', gradient: 'autodiff', rule: 'autodiff', points: 1 },
  { file: 'autodiffIdioms.ts', fn: 'idioms', gradient: 'autodiff', rule: 'autodiff', points: 1 },
  {
    file: 'importsJson.ts',
    fn: 'weightedSquares',
    gradient: 'weightedSquaresGrad',
    rule: 'NAMEGrad',
    points: 1,
  },
  {
    file: 'oddNames.ts',
    fn: 'constructor',
    gradient: 'constructorGrad',
    rule: 'NAMEGrad',
    points: 1,
  },
  { file: 'oddNames.ts', fn: '损失', gradient: '损失Grad', rule: 'NAMEGrad', points: 1 },
  // Types the full parse resolves (not the CodeLens's token scan: hence their own folder).
  {
    file: 'fullParse/typeResolution.ts',
    fn: 'generic',
    gradient: 'genericGrad',
    rule: 'NAMEGrad',
    points: 1,
  },
  {
    file: 'fullParse/typeResolution.ts',
    fn: 'aliased',
    gradient: 'aliasedGrad',
    rule: 'NAMEGrad',
    points: 1,
  },
  {
    file: 'fullParse/typeResolution.ts',
    fn: 'typedConst',
    gradient: 'typedConstGrad',
    rule: 'NAMEGrad',
    points: 1,
  },
  {
    file: 'fullParse/typeResolution.ts',
    fn: 'second',
    gradient: 'autodiff',
    rule: 'autodiff',
    points: 1,
  },
];

for (const c of passing) {
  test(`corpus: ${c.file} ${c.fn} passes against ${c.gradient}`, async () => {
    const r = await check(c.file, c.fn);
    assert.equal(r.ok, true, JSON.stringify(r.points.map((p) => p.mismatches)));
    assert.equal(r.gradient, c.gradient);
    assert.equal(r.companionRule, c.rule);
    assert.equal(r.points.length, c.points);
    assert.deepEqual(r.diagnoses, []);
    for (const p of r.points) {
      assert.equal(p.analytic.length, p.numeric.length);
      assert.ok(p.maxAbsErr <= 1e-5 + 1e-3 * Math.max(...p.numeric.map(Math.abs)));
    }
    assert.equal(r.derived !== undefined, c.gradient === 'autodiff');
  });
}

test('corpus: @point tags are the points checked, in order', async () => {
  const r = await check('mse.ts', 'mse');
  assert.deepEqual(
    r.points.map((p) => p.x),
    [
      [0.1, -0.2, 0.3],
      [1, 1, 1],
    ],
  );
  assert.ok(r.points.every((p) => !p.random));
});

test('corpus: random points are seeded (same seed, same points) and marked random', async () => {
  const a = await check('randomPoints.ts', 'bowl', { seed: 7 });
  const b = await check('randomPoints.ts', 'bowl', { seed: 7 });
  const c = await check('randomPoints.ts', 'bowl', { seed: 8 });
  assert.deepEqual(
    a.points.map((p) => p.x),
    b.points.map((p) => p.x),
  );
  assert.notDeepEqual(
    a.points.map((p) => p.x),
    c.points.map((p) => p.x),
  );
  assert.ok(
    a.points.every((p) => p.random && p.x.length === 2 && p.x.every((v) => v >= -1 && v < 1)),
  );
});

interface Fails {
  file: string;
  fn: string;
  mismatches: number[][];
  diagnoses: DiagnosisKind[];
  notABug: boolean;
  factor?: number;
  /** Relative tolerance of the factor (default 1e-6). */
  factorTol?: number;
}

const failing: Fails[] = [
  {
    file: 'wrongOneComponent.ts',
    fn: 'weighted',
    mismatches: [[7], [7]],
    diagnoses: ['factor', 'one-component'],
    notABug: false,
    factor: 0.5,
  },
  {
    file: 'wrongSign.ts',
    fn: 'sqError',
    mismatches: [[0, 1, 2, 3]],
    diagnoses: ['sign'],
    notABug: false,
    factor: -1,
  },
  {
    file: 'wrongFactor.ts',
    fn: 'halfNorm',
    mismatches: [[0, 1, 2, 3]],
    diagnoses: ['factor'],
    notABug: false,
    factor: 2,
  },
  {
    file: 'wrongHalf.ts',
    fn: 'norm2',
    mismatches: [[0, 1, 2]],
    diagnoses: ['factor'],
    notABug: false,
    factor: 0.5,
  },
  {
    file: 'wrongRatio.ts',
    fn: 'softplusSum',
    mismatches: [[0, 1, 2]],
    diagnoses: ['ratio'],
    notABug: false,
    factor: 1.7,
  },
  {
    file: 'wrongMeanVsSum.ts',
    fn: 'meanSquare',
    mismatches: [[0, 1, 2, 3, 4]],
    diagnoses: ['factor'],
    notABug: false,
    factor: 5,
  },
  {
    file: 'offByOne.ts',
    fn: 'quadratic',
    mismatches: [[0, 1, 2, 3, 4, 5]],
    diagnoses: ['off-by-one'],
    notABug: false,
  },
  {
    file: 'justOverTolerance.ts',
    fn: 'cubic',
    mismatches: [[0, 1, 2]],
    diagnoses: ['ratio'],
    notABug: false,
    factor: 1.0011,
  },
  {
    file: 'wrongSomeComponents.ts',
    fn: 'sines',
    mismatches: [[2, 5]],
    diagnoses: ['some-components'],
    notABug: false,
  },
  {
    file: 'scalarWrongDerivative.ts',
    fn: 'gauss',
    mismatches: [[0], [0], [0]],
    diagnoses: ['factor'],
    notABug: false,
    factor: 0.5,
  },
  {
    file: 'argsWrongSign.ts',
    fn: 'product',
    mismatches: [[1]],
    diagnoses: ['sign', 'one-component'],
    notABug: false,
    factor: -1,
  },
  { file: 'kink.ts', fn: 'hinge', mismatches: [[0]], diagnoses: ['kink'], notABug: true },
  { file: 'nearKink.ts', fn: 'reluSum', mismatches: [[0]], diagnoses: ['kink'], notABug: true },
  {
    file: 'float32Loss.ts',
    fn: 'loss32',
    mismatches: [[0, 1, 2]],
    diagnoses: ['float32'],
    notABug: true,
  },
  {
    file: 'float32Gradient.ts',
    fn: 'offsetSquares',
    mismatches: [[1, 2]],
    diagnoses: ['float32'],
    notABug: true,
  },
  {
    file: 'roundOff.ts',
    fn: 'offsetLoss',
    mismatches: [[0, 1, 2]],
    diagnoses: ['round-off'],
    notABug: true,
  },
  {
    file: 'wrongSignEven.ts',
    fn: 'halfSquares',
    mismatches: [[0, 2, 4]],
    diagnoses: ['sign', 'some-components'],
    notABug: false,
    factor: -1,
  },
  {
    file: 'bigOffsetBug.ts',
    fn: 'offsetBowl',
    mismatches: [[0, 1, 2]],
    diagnoses: ['ratio'],
    notABug: false,
    factor: 1.01,
    factorTol: 1e-4, // the probes' slopes at f ≈ 1e10 carry round-off of ~1e-5 relative
  },
  {
    file: 'hugeOffset.ts',
    fn: 'expPlus',
    mismatches: [[1]],
    diagnoses: ['round-off'],
    notABug: true,
  },
  {
    file: 'notDeterministic.ts',
    fn: 'jittery',
    mismatches: [[0, 1]],
    diagnoses: ['unexplained'],
    notABug: false,
  },
];

for (const c of failing) {
  test(`corpus: ${c.file} ${c.fn} fails at ${JSON.stringify(c.mismatches)}, diagnosed ${c.diagnoses.join(' + ')}`, async () => {
    const r = await check(c.file, c.fn);
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.points.map((p) => p.mismatches),
      c.mismatches,
    );
    assert.deepEqual(
      r.diagnoses.map((d) => d.kind),
      c.diagnoses,
    );
    assert.equal(
      r.diagnoses.every((d) => d.notABug),
      c.notABug,
    );
    const all = [...new Set(c.mismatches.flat())].sort((a, b) => a - b);
    for (const d of r.diagnoses) assert.deepEqual(d.indices, all, d.message);
    if (c.factor !== undefined) {
      const f = r.diagnoses.find((d) => d.factor !== undefined);
      assert.ok(
        f && Math.abs(f.factor! - c.factor) <= (c.factorTol ?? 1e-6) * Math.abs(c.factor),
        `factor ${f?.factor}`,
      );
    }
    for (const p of r.points) {
      const expected = p.analytic
        .map((a, i) =>
          Math.abs(a - p.numeric[i]!) <= 1e-5 + 1e-3 * Math.abs(p.numeric[i]!) ? -1 : i,
        )
        .filter((i) => i >= 0);
      assert.deepEqual(p.mismatches, expected); // torch's rule, recomputed here
    }
  });
}

test('corpus: the kink diagnosis reports the one-sided slopes, the near-kink one the step that agrees', async () => {
  const at = await check('kink.ts', 'hinge');
  assert.match(at.diagnoses[0]!.message, /left is -1 and on the right 0/);
  const near = await check('nearKink.ts', 'reluSum');
  // x0 = 2e-7 is a kink-distance away: every eps < 2e-7 agrees, the largest such is 1e-7.
  assert.equal(near.diagnoses[0]!.agreeingEps, 1e-7);
  const roundOff = await check('roundOff.ts', 'offsetLoss');
  assert.equal(roundOff.diagnoses[0]!.agreeingEps, 1e-5);
});

interface Errs {
  file: string;
  fn: string;
  code: GradLabError['code'];
  line?: number;
  column?: number;
  message: RegExp;
  options?: GradcheckOptions;
}

const erroring: Errs[] = [
  {
    file: 'throws.ts',
    fn: 'picky',
    code: 'user-code',
    line: 9,
    column: 13,
    message: /picky threw Error: negative component -2 at line 9/,
  },
  {
    file: 'throwsInGradient.ts',
    fn: 'dot',
    code: 'user-code',
    line: 13,
    column: 17,
    message: /dotGrad threw TypeError/,
  },
  {
    file: 'throwsInImport.ts',
    fn: 'rootSum',
    code: 'user-code',
    line: 7,
    column: 38,
    message: /in throwing\.ts at line 4, column 11, called from line 7/,
  },
  {
    file: 'stackOverflow.ts',
    fn: 'deep',
    code: 'user-code',
    line: 4,
    column: 3,
    message: /RangeError: Maximum call stack/,
  },
  {
    file: 'processExit.ts',
    fn: 'quitter',
    code: 'user-code',
    line: 5,
    column: 13,
    message: /process\.exit\(3\) is not allowed/,
  },
  {
    file: 'nanValue.ts',
    fn: 'logs',
    code: 'non-finite',
    line: 3,
    column: 17,
    message: /logs\(x\) is NaN \(point 1\)/,
  },
  {
    file: 'nanGradient.ts',
    fn: 'squares',
    code: 'non-finite',
    line: 7,
    column: 17,
    message: /squaresGrad\(x\)\[2\] is NaN/,
  },
  {
    file: 'wrongLength.ts',
    fn: 'total',
    code: 'shape',
    line: 7,
    column: 17,
    message: /returned 2 numbers; expected 3/,
  },
  {
    file: 'returnsString.ts',
    fn: 'label',
    code: 'shape',
    line: 3,
    column: 17,
    message: /label returned a string \("1"\), not a number/,
  },
  {
    file: 'infiniteLoop.ts',
    fn: 'forever',
    code: 'timeout',
    line: 3,
    column: 17,
    message: /forever.*within the time limit/,
    options: { timeoutMs: 300 },
  },
  {
    file: 'memoryHog.ts',
    fn: 'hog',
    code: 'user-code',
    line: 3,
    column: 17,
    message: /ran out of memory/,
    options: { memoryMb: 32, timeoutMs: 10_000 },
  },
  {
    file: 'requireFs.ts',
    fn: 'sneaky',
    code: 'unsupported',
    line: 4,
    column: 22,
    message: /imports "fs"/,
  },
  {
    file: 'importsFs.ts',
    fn: 'config',
    code: 'unsupported',
    line: 1,
    column: 30,
    message: /imports "node:fs"/,
  },
  {
    file: 'missingImport.ts',
    fn: 'usesHelper',
    code: 'not-found',
    line: 3,
    column: 24,
    message: /doesNotExist.*not found \(tried .*doesNotExist\.ts/,
  },
  {
    file: 'gradientTagMissing.ts',
    fn: 'loss',
    code: 'not-found',
    line: 3,
    column: 4,
    message: /names "lossGradient".*tried: @gradient lossGradient/,
  },
  {
    file: 'vectorNoPoint.ts',
    fn: 'sumExp',
    code: 'bad-point',
    line: 2,
    column: 17,
    message: /give a point/,
  },
  {
    file: 'autodiffUnsupported.ts',
    fn: 'boxed',
    code: 'unsupported',
    line: 5,
    column: 3,
    message:
      /"boxed" has no gradient \(tried boxedGrad, gradBoxed, boxed_grad\), and autodiff cannot follow a class/,
  },
  {
    file: 'syntaxError.ts.txt',
    fn: 'broken',
    code: 'syntax',
    line: 4,
    column: 25,
    message: /'\)' expected/,
  },
  {
    file: 'mse.ts',
    fn: 'nope',
    code: 'not-found',
    message: /No top-level function named "nope".*functions: mse, mseGrad/,
  },
  {
    // Killed the whole process (V8's fatal out-of-memory) when checks ran in a worker thread.
    file: 'memoryPush.ts',
    fn: 'pushForever',
    code: 'user-code',
    line: 4,
    column: 17,
    message: /ran out of memory.*heap limit 32 MB/,
    options: { memoryMb: 32, timeoutMs: 20_000 },
  },
  {
    file: 'processKill.ts',
    fn: 'killer',
    code: 'user-code',
    line: 4,
    column: 11,
    message: /killer threw Error: process\.kill\(\) is not allowed in a gradient check at line 4/,
  },
  {
    file: 'throwsValues.ts',
    fn: 'throwsNumber',
    code: 'user-code',
    line: 4,
    column: 18,
    message: /throwsNumber threw the number 42 at line 4, column 18/,
  },
  {
    file: 'throwsValues.ts',
    fn: 'throwsString',
    code: 'user-code',
    line: 21,
    column: 5,
    message: /throwsString threw the string "y is too large" at line 21/,
  },
  {
    file: 'throwsValues.ts',
    fn: 'throwsNull',
    code: 'user-code',
    line: 32,
    column: 3,
    message: /throwsNull threw null at line 32/,
  },
  {
    file: 'forgedResult.ts',
    fn: 'forger',
    code: 'user-code',
    line: 6,
    column: 63,
    message: /process\.getBuiltinModule\(\) is not allowed/,
  },
  {
    file: 'redeclared.ts',
    fn: 'shadow',
    code: 'syntax',
    line: 5,
    column: 7,
    message: /Syntax error at line 5, column 7: Identifier 's' has already been declared/,
  },
  {
    file: 'byteOrderMark.ts',
    fn: 'bom',
    code: 'user-code',
    line: 1,
    column: 65,
    message: /bom threw Error: positive at line 1, column 65/,
    options: { points: [[1]] },
  },
  {
    file: 'crlfLines.ts',
    fn: 'crlf',
    code: 'user-code',
    line: 5,
    column: 20,
    message: /crlf threw RangeError: positive at line 5/,
  },
  {
    file: 'signatures.ts',
    fn: 'later',
    code: 'unsupported',
    line: 38,
    column: 23,
    message: /"later" is async: it returns a Promise/,
  },
  {
    file: 'signatures.ts',
    fn: 'variadic',
    code: 'unsupported',
    line: 43,
    column: 17,
    message: /takes a rest parameter \(\.\.\.xs: number\[\]\); give it one array parameter instead/,
  },
  {
    file: 'signatures.ts',
    fn: 'labelled',
    code: 'unsupported',
    line: 48,
    column: 17,
    message: /"labelled" takes mode: 'sum' \| 'mean': not a number or an array of numbers/,
  },
  {
    file: 'notTopLevel.ts',
    fn: 'loss',
    code: 'not-found',
    line: 3,
    column: 3,
    message:
      /"loss" is a method of class Model \(line 3\)\. GradLab checks top-level functions.*functions: factory/,
  },
  {
    file: 'notTopLevel.ts',
    fn: 'l2',
    code: 'not-found',
    line: 9,
    column: 3,
    message: /"l2" is a method of the object `losses`/,
  },
  {
    file: 'notTopLevel.ts',
    fn: 'inner',
    code: 'not-found',
    line: 15,
    column: 12,
    message: /"inner" is declared inside function factory/,
  },
  {
    file: 'notTopLevel.ts',
    fn: 'steps',
    code: 'not-found',
    line: 21,
    column: 18,
    message: /"steps" is a generator function/,
  },
  {
    file: 'notTopLevel.ts',
    fn: 'made',
    code: 'not-found',
    line: 25,
    column: 14,
    message: /"made" is a variable whose value is computed by a call/,
  },
  {
    file: 'notTopLevel.ts',
    fn: 'default',
    code: 'not-found',
    line: 27,
    column: 1,
    message: /the default export at line 27 has no name/,
  },
  {
    file: 'duplicateFunction.ts',
    fn: 'twice',
    code: 'syntax',
    line: 11,
    column: 17,
    message: /"twice" is declared twice \(line 3 and line 11\): JavaScript keeps the last one/,
  },
  {
    file: 'pointTags.ts',
    fn: 'nestedPoint',
    code: 'bad-point',
    line: 24,
    column: 5,
    message:
      /@point \[1, \[2, 3\]\]: element 1 is an array \(a point is one flat list of numbers\)/,
  },
  {
    file: 'autodiffUnfollowed.ts',
    fn: 'formatted',
    code: 'user-code',
    line: 11,
    column: 17,
    message:
      /toFixed is not a function inside the derived gradient.*Autodiff runs a copy of formatted whose numbers are tape values.*Write formattedGrad by hand/,
  },
  {
    file: 'domainEdge.ts',
    fn: 'rootPlus',
    code: 'non-finite',
    line: 3,
    column: 17,
    message:
      /rootPlus\(x - 0\.000001·e_0\) is NaN\. x\[0\] = 1e-9 lies within eps = 0\.000001 of where rootPlus is not finite/,
  },
  {
    file: 'slowLarge.ts',
    fn: 'slowSum',
    code: 'timeout',
    line: 3,
    column: 17,
    message:
      /x has 2000 components, so each point takes 4001 evaluations of slowSum\) did not finish within the time limit/,
    options: { points: [Array.from({ length: 2000 }, () => 0.5)], timeoutMs: 600 },
  },
  {
    // A point shorter than the @point tags: x[2] is undefined, f is NaN, and the error says why.
    file: 'mse.ts',
    fn: 'mse',
    code: 'non-finite',
    line: 15,
    column: 17,
    message: /mse\(x\) is NaN.*this point has 2 components but the @point tags of "mse" have 3/,
    options: { points: [[1, 2]] },
  },
];

for (const c of erroring) {
  test(`corpus: ${c.file} ${c.fn} is a ${c.code} error${c.line ? ` at line ${c.line}` : ''}`, async () => {
    const e = await checkError(c.file, c.fn, c.options);
    assert.equal(e.code, c.code, e.message);
    assert.match(e.message, c.message);
    if (c.line === undefined) assert.equal(e.place, undefined);
    else assert.deepEqual(e.place, { kind: 'source', line: c.line, column: c.column });
  });
}

test('corpus: points given by the caller override @point tags and are checked as given', async () => {
  const r = await check('wrongSign.ts', 'sqError', { points: [[1, -2, 0.5, 3]] });
  // At the target itself the gradient is zero, so even the flipped sign passes.
  assert.equal(r.ok, true);
  assert.deepEqual(r.points[0]!.x, [1, -2, 0.5, 3]);
  const e = await checkError('wrongSign.ts', 'sqError', { points: [[1, NaN]] });
  assert.equal(e.code, 'bad-point');
  const arity = await checkError('argsFunction.ts', 'energy', { points: [[1, 2]] });
  assert.equal(arity.code, 'bad-point');
  assert.match(arity.message, /expected 3 arguments, got 2/);
});

test('corpus: a vector function without @point runs at random points of a given dimension', async () => {
  const r = await check('vectorNoPoint.ts', 'sumExp', { dimension: 5, randomPoints: 2 });
  assert.equal(r.ok, true);
  assert.deepEqual(
    r.points.map((p) => p.x.length),
    [5, 5],
  );
});

test('corpus: gradient "autodiff" ignores the companion; a named gradient replaces it', async () => {
  const derived = await check('wrongSign.ts', 'sqError', { gradient: 'autodiff' });
  assert.equal(derived.ok, true);
  assert.equal(derived.gradient, 'autodiff');
  const named = await check('jsdocGradient.ts', 'quad', { gradient: 'quadGrad' });
  assert.equal(named.ok, false);
  assert.equal(named.companionRule, 'option');
});

test('corpus: the eps sweep shows truncation error at large eps and round-off at tiny eps', async () => {
  const r = await check('rosenbrock.ts', 'rosenbrock', { sweep: true });
  const s = r.sweep!;
  assert.equal(s.eps.length, 12);
  const at = (eps: number) => s.maxAbsErr[s.eps.indexOf(eps)]!;
  // Truncation: error ∝ eps² (1e-1 → 1e-3 shrinks it ~1e4×); round-off: error ∝ 1/eps at the small end.
  assert.ok(at(1e-1) > 100 * at(1e-3), `${at(1e-1)} vs ${at(1e-3)}`);
  assert.ok(at(1e-12) > 100 * at(1e-6), `${at(1e-12)} vs ${at(1e-6)}`);
  assert.ok(Math.min(...s.maxAbsErr) < 1e-6);
  assert.deepEqual(s.components, [0, 1, 2, 3]);
  // In 50 dimensions the sweep follows 32 components, the largest |gradient| (here e^x) first.
  const big = await check('vectorNoPoint.ts', 'sumExp', {
    dimension: 50,
    randomPoints: 1,
    sweep: true,
  });
  const c = big.sweep!.components;
  assert.equal(c.length, 32);
  const g = big.points[0]!.analytic;
  const smallestKept = Math.min(...c.map((i) => g[i]!));
  assert.ok(g.every((v, i) => c.includes(i) || v <= smallestKept));
  // The one wrong component is always followed.
  const wrong = await check('wrongOneComponent.ts', 'weighted', { sweep: true });
  assert.ok(wrong.sweep!.components.includes(7));
});

test('corpus: cancelling with an AbortSignal ends the check with a cancelled error', async () => {
  const controller = new AbortController();
  const pending = check('infiniteLoop.ts', 'forever', {
    signal: controller.signal,
    timeoutMs: 30_000,
  });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(
    pending,
    (e: unknown) => e instanceof GradLabError && e.code === 'cancelled',
  );
});

test('corpus: a function that changes between calls is diagnosed as not deterministic, not as a wrong gradient', async () => {
  const r = await check('notDeterministic.ts', 'jittery');
  assert.equal(r.diagnoses.length, 1);
  assert.match(
    r.diagnoses[0]!.message,
    /f is not deterministic: at point 1 it returned [\d.]+ and then [\d.]+ for the same x/,
  );
  const huge = await check('hugeOffset.ts', 'expPlus');
  assert.match(
    huge.diagnoses[0]!.message,
    /Component 1 cannot be checked by finite differences here/,
  );
});

test('corpus: the divisor is the step actually taken, so numeric slopes at |x| = 1e8 are exact to round-off', async () => {
  const r = await check('largeX.ts', 'wave');
  const [x0, x1] = r.points[0]!.x as [number, number];
  // Independent reference: d/dx0 sin(x0)·x1 = cos(x0)·x1.
  assert.ok(
    Math.abs(r.points[0]!.numeric[0]! - Math.cos(x0) * x1) < 1e-8,
    String(r.points[0]!.numeric[0]),
  );
});

test('corpus: limits that cannot work are refused before anything runs', async () => {
  for (const timeoutMs of [0, -5, NaN]) {
    const e = await checkError('mse.ts', 'mse', { timeoutMs });
    assert.equal(e.code, 'bad-argument');
    assert.match(e.message, /timeoutMs must be a positive number/);
  }
  const m = await checkError('mse.ts', 'mse', { memoryMb: 4 });
  assert.equal(m.code, 'bad-argument');
  // A limit past what setTimeout accepts is a long limit, not a 1 ms one.
  const r = await check('mse.ts', 'mse', { timeoutMs: 1e12 });
  assert.equal(r.ok, true);
});

test('corpus: tolerances below what finite differences can resolve, and a step too large, are named as such', async () => {
  // atol = rtol = 0: every component "fails" by ~1e-10 of round-off; not a bug, loosen the tolerances.
  const zero = await check('mse.ts', 'mse', { atol: 0, rtol: 0 });
  assert.equal(zero.ok, false);
  assert.deepEqual(
    zero.diagnoses.map((d) => [d.kind, d.notABug]),
    [['round-off', true]],
  );
  assert.match(
    zero.diagnoses[0]!.message,
    /atol = 0 and rtol = 0 ask for more than any finite difference can give/,
  );
  // eps = 1 on a quartic: truncation error, and a smaller step agrees.
  const big = await check('rosenbrock.ts', 'rosenbrock', { eps: 1 });
  assert.equal(big.ok, false);
  assert.equal(big.diagnoses[0]!.kind, 'kink');
  assert.match(big.diagnoses[0]!.message, /eps = 1 is too large a step: the truncation error/);
  // A real bug under a large offset is not excused as round-off.
  const bug = await check('bigOffsetBug.ts', 'offsetBowl');
  assert.ok(bug.diagnoses.every((d) => !d.notABug));
});

test('corpus: a derived gradient that disagrees is blamed on autodiff, naming what it did not follow', async () => {
  const r = await check('autodiffUnfollowed.ts', 'lookup');
  assert.equal(r.ok, false);
  assert.equal(r.gradient, 'autodiff');
  // At x0 = 0.25 the function takes the includes branch: ∂/∂x1 = 2·x1 = 4, ∂/∂x0 = 0.
  assert.ok(Math.abs(r.points[0]!.numeric[1]! - 4) < 1e-6);
  assert.deepEqual(
    r.diagnoses.map((d) => d.kind),
    ['unexplained'],
  );
  assert.match(
    r.diagnoses[0]!.message,
    /the one GradLab derived by autodiff \(lookup has no companion\).*lookup calls includes, which finds values by identity \(line 7\).*Write lookupGrad by hand/,
  );
  assert.match(r.derived!.warnings.join('\n'), /lookup calls includes/);
});
