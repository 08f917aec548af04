import { test } from 'node:test';
import fc from 'fast-check';
import { gemmNN, gemmNT, gemmTN } from '../../../src/engine/numeric/gemm';
import { denseBackward, denseForward } from '../../../src/engine/numeric/dense';
import { ACTIVATIONS } from '../../../src/engine/numeric/activation';
import { Rng } from '../../../src/engine/numeric/rng';
import { assertAllClose } from '../autodiff/check';

/** C = A·B by the textbook triple loop, with A and B given by element accessors. */
function naive(
  m: number,
  n: number,
  k: number,
  a: (i: number, p: number) => number,
  b: (p: number, j: number) => number,
) {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a(i, p) * b(p, j);
      c[i * n + j] = s;
    }
  return c;
}

const dims = fc.tuple(
  fc.integer({ min: 1, max: 13 }),
  fc.integer({ min: 1, max: 13 }),
  fc.integer({ min: 1, max: 13 }),
  fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  fc.boolean(),
);

test('gemmNN, gemmTN and gemmNT equal the triple loop, overwriting or accumulating', () => {
  fc.assert(
    fc.property(dims, ([m, n, k, seed, accumulate]) => {
      const rng = new Rng(seed);
      const u = (len: number) => rng.fillUniform(new Float64Array(len), -1, 1);
      const a = u(m * k),
        b = u(k * n),
        c0 = u(m * n);
      const at = u(k * m),
        bt = u(n * k);
      const plus = (c: Float64Array) => (accumulate ? c.map((v, i) => v + c0[i]!) : c);
      const opts = { atol: 1e-13, rtol: 1e-13 };
      let c = c0.slice();
      gemmNN(m, n, k, a, b, c, accumulate);
      assertAllClose(
        c,
        plus(
          naive(
            m,
            n,
            k,
            (i, p) => a[i * k + p]!,
            (p, j) => b[p * n + j]!,
          ),
        ),
        { ...opts, what: 'NN' },
      );
      c = c0.slice();
      gemmTN(m, n, k, at, b, c, accumulate);
      assertAllClose(
        c,
        plus(
          naive(
            m,
            n,
            k,
            (i, p) => at[p * m + i]!,
            (p, j) => b[p * n + j]!,
          ),
        ),
        { ...opts, what: 'TN' },
      );
      c = c0.slice();
      gemmNT(m, n, k, a, bt, c, accumulate);
      assertAllClose(
        c,
        plus(
          naive(
            m,
            n,
            k,
            (i, p) => a[i * k + p]!,
            (p, j) => bt[j * k + p]!,
          ),
        ),
        { ...opts, what: 'NT' },
      );
    }),
    { seed: 17, numRuns: 150 },
  );
});

test('denseForward/denseBackward equal the unfused computation for every activation', () => {
  const rng = new Rng(5);
  const m = 5,
    k = 4,
    n = 3;
  const u = (len: number) => rng.fillUniform(new Float64Array(len), -1, 1);
  for (const act of ACTIVATIONS) {
    const x = u(m * k),
      w = u(k * n),
      b = u(n),
      dy = u(m * n);
    const y = new Float64Array(m * n);
    denseForward(m, k, n, x, w, b, y, act, 0.1);
    const f = (z: number) =>
      act === 'relu'
        ? Math.max(z, 0)
        : act === 'leakyRelu'
          ? z < 0
            ? 0.1 * z
            : z
          : act === 'tanh'
            ? Math.tanh(z)
            : act === 'sigmoid'
              ? 1 / (1 + Math.exp(-z))
              : z;
    const df = (z: number) =>
      act === 'relu'
        ? z > 0
          ? 1
          : 0
        : act === 'leakyRelu'
          ? z > 0
            ? 1
            : 0.1
          : act === 'tanh'
            ? 1 - Math.tanh(z) ** 2
            : act === 'sigmoid'
              ? f(z) * (1 - f(z))
              : 1;
    const z = naive(
      m,
      n,
      k,
      (i, p) => x[i * k + p]!,
      (p, j) => w[p * n + j]!,
    ).map((v, idx) => v + b[idx % n]!);
    assertAllClose(y, z.map(f), { atol: 1e-14, what: `${act} forward` });
    const dz = new Float64Array(m * n),
      dw = new Float64Array(k * n),
      db = new Float64Array(n),
      dx = new Float64Array(m * k);
    denseBackward(m, k, n, x, w, y, dy, dz, dw, db, dx, act, 0.1);
    const dzRef = z.map((v, i) => dy[i]! * df(v));
    assertAllClose(dz, dzRef, { atol: 1e-14, what: `${act} dz` });
    assertAllClose(
      dw,
      naive(
        k,
        n,
        m,
        (i, p) => x[p * k + i]!,
        (p, j) => dzRef[p * n + j]!,
      ),
      { atol: 1e-13, what: `${act} dw` },
    );
    assertAllClose(
      db,
      [0, 1, 2].map((j) => dzRef.filter((_, i) => i % n === j).reduce((s, v) => s + v, 0)),
      { atol: 1e-13, what: `${act} db` },
    );
    assertAllClose(
      dx,
      naive(
        m,
        k,
        n,
        (i, p) => dzRef[i * n + p]!,
        (p, j) => w[j * n + p]!,
      ),
      { atol: 1e-13, what: `${act} dx` },
    );
  }
});
