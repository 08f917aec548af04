import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, backward, constant } from '../../../src/engine/autodiff';
import {
  ACTIVATIONS,
  Adam,
  LOSS_NAMES,
  LossName,
  MLP,
  SGD,
  computeLoss,
  l1Penalty,
  l2Penalty,
  softmaxCrossEntropy,
} from '../../../src/engine/nn';
import { GradLabError } from '../../../src/engine/errors';
import { Rng } from '../../../src/engine/numeric/rng';
import { assertAllClose } from '../autodiff/check';

function targets(loss: LossName, rng: Rng, rows: number, out: number): Float64Array {
  if (loss === 'softmaxCrossEntropy')
    return Float64Array.from({ length: rows }, () => rng.int(out));
  if (loss === 'bceWithLogits') return Float64Array.from({ length: rows * out }, () => rng.int(2));
  return rng.fillUniform(new Float64Array(rows * out), -1, 1);
}

/** Gradients by the tape (forward → loss op → backward) for comparison with the fast path. */
function tapeGradients(
  mlp: MLP,
  x: Float64Array,
  y: Float64Array,
  loss: LossName,
  rows: number,
  l1 = 0,
  l2 = 0,
) {
  for (const p of mlp.params()) p.grad = null;
  const out = mlp.forward(constant(x, [rows, mlp.inputSize]));
  let l =
    loss === 'softmaxCrossEntropy'
      ? softmaxCrossEntropy(out, y)
      : computeLoss(loss, out, constant(y, out.shape));
  if (l1) l = add(l, l1Penalty(mlp.weights(), l1));
  if (l2) l = add(l, l2Penalty(mlp.weights(), l2));
  backward(l);
  return { value: l.item(), grads: mlp.params().map((p) => Float64Array.from(p.grad!)) };
}

test('fast path == tape: loss and every gradient to 1e-12, for each activation and each loss', () => {
  const rng = new Rng(99);
  for (const activation of ACTIVATIONS) {
    for (const loss of LOSS_NAMES) {
      const out = loss === 'softmaxCrossEntropy' ? 4 : 2;
      const mlp = new MLP({
        inputSize: 5,
        hiddenSizes: [7, 6],
        outputSize: out,
        activation,
        seed: rng.int(1000),
      });
      // Non-zero biases, so that a bias bug cannot hide.
      for (const l of mlp.layers) rng.fillUniform(l.bias.data, -0.3, 0.3);
      const rows = 9;
      const x = rng.fillUniform(new Float64Array(rows * 5), -2, 2);
      const y = targets(loss, rng, rows, out);
      const ref = tapeGradients(mlp, x, y, loss, rows);
      const value = mlp.computeGradients(x, y, loss);
      const what = `${activation}/${loss}`;
      assertAllClose([value], [ref.value], { atol: 1e-12, rtol: 1e-12, what: `${what} loss` });
      mlp
        .params()
        .forEach((p, i) =>
          assertAllClose(p.grad!, ref.grads[i]!, {
            atol: 1e-12,
            rtol: 1e-12,
            what: `${what} param ${i}`,
          }),
        );
    }
  }
});

test('fast path == tape with L1 and L2 penalties on the weights, and with a sigmoid output', () => {
  const rng = new Rng(4);
  const mlp = new MLP({
    inputSize: 3,
    hiddenSizes: [4],
    outputSize: 2,
    activation: 'tanh',
    outputActivation: 'sigmoid',
    seed: 8,
  });
  const x = rng.fillUniform(new Float64Array(6 * 3), -1, 1);
  const y = rng.fillUniform(new Float64Array(6 * 2), 0, 1);
  const ref = tapeGradients(mlp, x, y, 'mse', 6, 0.01, 0.02);
  const value = mlp.computeGradients(x, y, 'mse', { l1: 0.01, l2: 0.02 });
  assertAllClose([value], [ref.value], { atol: 1e-12, rtol: 1e-12 });
  mlp
    .params()
    .forEach((p, i) =>
      assertAllClose(p.grad!, ref.grads[i]!, { atol: 1e-12, rtol: 1e-12, what: `param ${i}` }),
    );
});

test('a training run is deterministic under a seed, bit for bit; another seed differs', () => {
  const train = (seed: number) => {
    const rng = new Rng(1);
    const mlp = new MLP({
      inputSize: 4,
      hiddenSizes: [8, 8],
      outputSize: 1,
      activation: 'leakyRelu',
      seed,
    });
    const opt = new Adam(mlp.params(), { lr: 0.01 });
    const x = rng.fillNormal(new Float64Array(32 * 4)),
      y = rng.fillNormal(new Float64Array(32));
    const losses: number[] = [];
    for (let i = 0; i < 50; i++) losses.push(mlp.trainStep(x, y, 'huber', opt));
    return { losses, weights: mlp.toJSON().weights };
  };
  const a = train(7),
    b = train(7),
    c = train(8);
  assert.deepEqual(a.losses, b.losses);
  assert.deepEqual(a.weights, b.weights);
  assert.notDeepEqual(a.weights, c.weights);
});

test('predict equals the tape forward; toJSON/fromJSON round-trips', () => {
  const rng = new Rng(12);
  const mlp = new MLP({
    inputSize: 3,
    hiddenSizes: [5],
    outputSize: 2,
    activation: 'sigmoid',
    seed: 3,
  });
  for (const l of mlp.layers) rng.fillUniform(l.bias.data, -1, 1);
  const x = rng.fillUniform(new Float64Array(4 * 3), -1, 1);
  assertAllClose(mlp.predict(x), mlp.forward(constant(x, [4, 3])).data, { atol: 1e-15 });
  const copy = MLP.fromJSON(JSON.parse(JSON.stringify(mlp.toJSON())));
  assert.deepEqual(copy.predict(x), mlp.predict(x));
  assert.throws(
    () => mlp.predict(new Float64Array(5)),
    (e: unknown) => e instanceof GradLabError && e.code === 'shape',
  );
});

test('initialisation: Glorot uniform bounds for tanh, He normal variance for relu, zero biases', () => {
  const tanhNet = new MLP({
    inputSize: 200,
    hiddenSizes: [300],
    outputSize: 1,
    activation: 'tanh',
  });
  const w = tanhNet.layers[0]!.weight.data;
  const limit = Math.sqrt(6 / 500);
  assert.ok(w.every((v) => Math.abs(v) <= limit));
  assert.ok(Math.max(...w) > 0.99 * limit);
  const reluNet = new MLP({
    inputSize: 200,
    hiddenSizes: [300],
    outputSize: 1,
    activation: 'relu',
  });
  const r = reluNet.layers[0]!.weight.data;
  const variance = r.reduce((s, v) => s + v * v, 0) / r.length;
  assert.ok(Math.abs(variance / (2 / 200) - 1) < 0.02, `variance ${variance}`);
  assert.ok(reluNet.layers.every((l) => l.bias.data.every((v) => v === 0)));
});

test('layer stats after a step: gradient norms and update/weight ratios per layer', () => {
  const mlp = new MLP({ inputSize: 2, hiddenSizes: [3], outputSize: 1, seed: 5 });
  const opt = new SGD(mlp.params(), { lr: 0.1 });
  const x = Float64Array.of(1, 2, -1, 0.5),
    y = Float64Array.of(1, -1);
  mlp.trainStep(x, y, 'mse', opt);
  const [w1, b1] = mlp.params();
  // With plain SGD, ‖Δθ‖ = lr·‖g‖, so ratio = 0.1·gradNorm/weightNorm exactly.
  for (let l = 0; l < 2; l++) {
    const { gradNorms, weightNorms, updateRatios } = mlp.stats;
    assert.ok(gradNorms[l]! > 0);
    assertAllClose([updateRatios[l]!], [(0.1 * gradNorms[l]!) / weightNorms[l]!], {
      atol: 1e-15,
      rtol: 1e-12,
    });
  }
  const g1 = Math.hypot(...w1!.grad!, ...b1!.grad!);
  assertAllClose([mlp.stats.gradNorms[0]!], [g1], { atol: 1e-15 });
  assertAllClose([mlp.stats.weightNorms[0]!], [Math.hypot(...w1!.data, ...b1!.data)], {
    atol: 1e-15,
  });
});

test('softmax classification through the fast path accepts class indices or one-hot rows alike', () => {
  const mlp = new MLP({ inputSize: 2, hiddenSizes: [4], outputSize: 3, seed: 2 });
  const x = Float64Array.of(1, 0, 0, 1, -1, -1);
  const a = mlp.computeGradients(x, Float64Array.of(0, 2, 1), 'softmaxCrossEntropy');
  const ga = mlp.params().map((p) => Float64Array.from(p.grad!));
  const b = mlp.computeGradients(
    x,
    Float64Array.of(1, 0, 0, 0, 0, 1, 0, 1, 0),
    'softmaxCrossEntropy',
  );
  assertAllClose([a], [b], { atol: 1e-15 });
  mlp.params().forEach((p, i) => assertAllClose(p.grad!, ga[i]!, { atol: 1e-15 }));
});

test('MLP rejects bad sizes', () => {
  assert.throws(() => new MLP({ inputSize: 0, hiddenSizes: [], outputSize: 1 }), GradLabError);
  assert.throws(() => new MLP({ inputSize: 2, hiddenSizes: [2.5], outputSize: 1 }), GradLabError);
});

test('predict and evaluate in chunks match the tape and the unchunked loss on 1300 rows', () => {
  const rng = new Rng(21);
  const rows = 1300;
  const mlp = new MLP({
    inputSize: 3,
    hiddenSizes: [6],
    outputSize: 3,
    activation: 'tanh',
    seed: 4,
  });
  const x = rng.fillUniform(new Float64Array(rows * 3), -1, 1);
  mlp.computeGradients(x.subarray(0, 32 * 3), new Float64Array(32 * 3), 'mse'); // buffers sized for 32 rows
  assertAllClose(mlp.predict(x), mlp.forward(constant(x, [rows, 3])).data, { atol: 1e-15 });
  const labels = Float64Array.from({ length: rows }, () => rng.int(3));
  const y = rng.fillUniform(new Float64Array(rows * 3), -1, 1);
  for (const [loss, target] of [
    ['softmaxCrossEntropy', labels],
    ['mse', y],
    ['huber', y],
  ] as const) {
    const whole = computeLoss(
      loss,
      mlp.forward(constant(x, [rows, 3])),
      constant(target, loss === 'softmaxCrossEntropy' ? [rows] : [rows, 3]),
    );
    assertAllClose([mlp.evaluate(x, target, loss)], [whole.item()], {
      atol: 1e-14,
      rtol: 1e-12,
      what: loss,
    });
  }
});
