/**
 * Test helpers for gradients: central differences, closeness with a named first mismatch, and a
 * gradient check of any function of tensors against central differences.
 */
import assert from 'node:assert/strict';
import { Tensor, backward, noGrad, mul, sum, shapeSize } from '../../../src/engine/autodiff';
import { Rng } from '../../../src/engine/numeric/rng';

/** (f(x+ε) − f(x−ε))/2ε for each element of x (restored afterwards). */
export function centralDifferences(f: () => number, x: Float64Array, eps = 1e-6): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    x[i] = v + eps;
    const fp = f();
    x[i] = v - eps;
    const fm = f();
    x[i] = v;
    out[i] = (fp - fm) / (2 * eps);
  }
  return out;
}

/** Asserts |a − b| ≤ atol + rtol·|b| elementwise; the message names the first index that disagrees. */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  {
    atol = 1e-7,
    rtol = 1e-5,
    what = 'values',
  }: { atol?: number; rtol?: number; what?: string } = {},
): void {
  assert.equal(
    actual.length,
    expected.length,
    `${what}: length ${actual.length} vs ${expected.length}`,
  );
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!,
      e = expected[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue; // covers equal infinities
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      assert.fail(`${what}[${i}]: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)})`);
    }
  }
}

/** A leaf tensor of uniform values in [lo, hi). */
export function randomTensor(
  rng: Rng,
  shape: readonly number[],
  lo = -2,
  hi = 2,
  requiresGrad = true,
): Tensor {
  return new Tensor(
    rng.fillUniform(new Float64Array(shapeSize(shape)), lo, hi),
    shape,
    requiresGrad,
  );
}

/**
 * Checks the tape's gradient of every input of `f` against central differences. The output is
 * weighted by random w before summing, so a swapped or mis-scaled element cannot pass.
 */
export function gradcheck(
  f: (...xs: Tensor[]) => Tensor,
  inputs: Tensor[],
  rng: Rng,
  { atol = 1e-6, rtol = 1e-5, eps = 1e-6 }: { atol?: number; rtol?: number; eps?: number } = {},
): void {
  const probe = noGrad(() => f(...inputs));
  const w = randomTensor(rng, probe.shape, -1, 1, false);
  const loss = () => sum(mul(f(...inputs), w));
  for (const t of inputs) t.grad = null;
  backward(loss());
  inputs.forEach((t, k) => {
    if (!t.requiresGrad) return;
    const numeric = centralDifferences(() => noGrad(() => loss().data[0]!), t.data, eps);
    assertAllClose(t.grad ?? new Float64Array(t.size), numeric, {
      atol,
      rtol,
      what: `grad of input ${k}`,
    });
  });
}
