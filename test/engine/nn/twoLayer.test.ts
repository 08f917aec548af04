/**
 * A 2-2-1 network with fixed weights: the loss and every gradient, computed here by hand with the
 * chain rule written out on plain numbers, against both the tape and the MLP fast path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backward, constant } from '../../../src/engine/autodiff';
import { MLP, mse } from '../../../src/engine/nn';
import { assertAllClose } from '../autodiff/check';

// x: 2 samples × 2 features; hidden tanh (2 units); linear output; MSE.
const X = [
  [0.5, -1.0],
  [1.5, 2.0],
];
const Y = [0.25, -0.5];
const W1 = [
  [0.1, -0.2],
  [0.3, 0.4],
]; // [in][hidden]
const B1 = [0.05, -0.05];
const W2 = [0.7, -0.6]; // [hidden]
const B2 = 0.1;

function byHand() {
  const gW1 = [
      [0, 0],
      [0, 0],
    ],
    gB1 = [0, 0],
    gW2 = [0, 0];
  let gB2 = 0,
    loss = 0;
  for (let s = 0; s < 2; s++) {
    const x = X[s]!;
    const z = [0, 1].map((h) => x[0]! * W1[0]![h]! + x[1]! * W1[1]![h]! + B1[h]!);
    const a = z.map(Math.tanh);
    const out = a[0]! * W2[0]! + a[1]! * W2[1]! + B2;
    const r = out - Y[s]!;
    loss += (r * r) / 2; // mean over 2 samples
    const dOut = r; // d(r²/2)/dout
    gB2 += dOut;
    for (let h = 0; h < 2; h++) {
      gW2[h]! += dOut * a[h]!;
      const dz = dOut * W2[h]! * (1 - a[h]! * a[h]!);
      gB1[h]! += dz;
      for (let i = 0; i < 2; i++) gW1[i]![h]! += dz * x[i]!;
    }
  }
  return { loss, gW1: gW1.flat(), gB1, gW2, gB2 };
}

function fixedNet(): MLP {
  const mlp = new MLP({ inputSize: 2, hiddenSizes: [2], outputSize: 1, activation: 'tanh' });
  const [w1, b1, w2, b2] = mlp.params();
  w1!.data.set(W1.flat());
  b1!.data.set(B1);
  w2!.data.set(W2);
  b2!.data.set([B2]);
  return mlp;
}

test('2-layer tanh net: the tape gives the hand-computed loss and every gradient', () => {
  const ref = byHand();
  const mlp = fixedNet();
  const loss = mse(mlp.forward(constant(X)), constant(Y, [2, 1]));
  backward(loss);
  const [w1, b1, w2, b2] = mlp.params();
  const tol = { atol: 1e-15, rtol: 1e-13 };
  assertAllClose([loss.item()], [ref.loss], { ...tol, what: 'loss' });
  assertAllClose(w1!.grad!, ref.gW1, { ...tol, what: 'dW1' });
  assertAllClose(b1!.grad!, ref.gB1, { ...tol, what: 'db1' });
  assertAllClose(w2!.grad!, ref.gW2, { ...tol, what: 'dW2' });
  assertAllClose(b2!.grad!, [ref.gB2], { ...tol, what: 'db2' });
});

test('2-layer tanh net: the fast path gives the same hand-computed numbers', () => {
  const ref = byHand();
  const mlp = fixedNet();
  const loss = mlp.computeGradients(Float64Array.from(X.flat()), Float64Array.from(Y), 'mse');
  const [w1, b1, w2, b2] = mlp.params();
  const tol = { atol: 1e-15, rtol: 1e-13 };
  assertAllClose([loss], [ref.loss], { ...tol, what: 'loss' });
  assertAllClose(w1!.grad!, ref.gW1, { ...tol, what: 'dW1' });
  assertAllClose(b1!.grad!, ref.gB1, { ...tol, what: 'db1' });
  assertAllClose(w2!.grad!, ref.gW2, { ...tol, what: 'dW2' });
  assertAllClose(b2!.grad!, [ref.gB2], { ...tol, what: 'db2' });
  // And the prediction of the first sample, by hand.
  const a = [0, 1].map((h) => Math.tanh(0.5 * W1[0]![h]! - 1.0 * W1[1]![h]! + B1[h]!));
  assert.equal(
    mlp.predict(Float64Array.from([0.5, -1.0]))[0],
    a[0]! * W2[0]! + a[1]! * W2[1]! + B2,
  );
});
