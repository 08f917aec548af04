/**
 * Dense matrix products on row-major Float64Arrays, in the three forms backpropagation needs, so
 * that no transpose is ever materialised:
 *   gemmNN: C[m×n] (+)= A[m×k] · B[k×n]        forward      Z = X·W
 *   gemmTN: C[m×n] (+)= A[k×m]ᵀ · B[k×n]       weight grad  ∂W = Xᵀ·∂Z
 *   gemmNT: C[m×n] (+)= A[m×k] · B[n×k]ᵀ       input grad   ∂X = ∂Z·Wᵀ
 * With `accumulate` false C is overwritten, else added to. The inner loops run along rows (stride 1)
 * of B and C; the reduction is unrolled by four so each C element is loaded and stored a quarter as
 * often, which is what pays in a JIT without SIMD.
 */

/** C[m×n] (+)= A[m×k] · B[k×n]. Loop order i-k-j. */
export function gemmNN(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  accumulate = false,
): void {
  if (n === 1) {
    // A matrix–vector product: a dot product per row is far cheaper than i-k-j with a 1-long j loop.
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p]! * b[p]!;
      c[i] = accumulate ? c[i]! + s : s;
    }
    return;
  }
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    if (!accumulate) for (let j = 0; j < n; j++) c[ci + j] = 0;
    let p = 0;
    for (; p < k4; p += 4) {
      const a0 = a[ai + p]!;
      const a1 = a[ai + p + 1]!;
      const a2 = a[ai + p + 2]!;
      const a3 = a[ai + p + 3]!;
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        c[ci + j] = c[ci + j]! + a0 * b[b0 + j]! + a1 * b[b1 + j]! + a2 * b[b2 + j]! + a3 * b[b3 + j]!;
      }
    }
    for (; p < k; p++) {
      const av = a[ai + p]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] = c[ci + j]! + av * b[bp + j]!;
    }
  }
}

/** C[m×n] (+)= A[k×m]ᵀ · B[k×n], with A stored k×m. Loop order k-i-j (rank-1 updates of C). */
export function gemmTN(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  accumulate = false,
): void {
  if (!accumulate) c.fill(0, 0, m * n);
  const k4 = k - (k % 4);
  let p = 0;
  for (; p < k4; p += 4) {
    const a0 = p * m;
    const a1 = a0 + m;
    const a2 = a1 + m;
    const a3 = a2 + m;
    const b0 = p * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let i = 0; i < m; i++) {
      const x0 = a[a0 + i]!;
      const x1 = a[a1 + i]!;
      const x2 = a[a2 + i]!;
      const x3 = a[a3 + i]!;
      const ci = i * n;
      for (let j = 0; j < n; j++) {
        c[ci + j] = c[ci + j]! + x0 * b[b0 + j]! + x1 * b[b1 + j]! + x2 * b[b2 + j]! + x3 * b[b3 + j]!;
      }
    }
  }
  for (; p < k; p++) {
    const ap = p * m;
    const bp = p * n;
    for (let i = 0; i < m; i++) {
      const x = a[ap + i]!;
      const ci = i * n;
      for (let j = 0; j < n; j++) c[ci + j] = c[ci + j]! + x * b[bp + j]!;
    }
  }
}

/** C[m×n] (+)= A[m×k] · B[n×k]ᵀ, with B stored n×k. Each C element is a dot product of two rows. */
export function gemmNT(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  accumulate = false,
): void {
  const n2 = n - (n % 2);
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    let j = 0;
    // Two columns at a time share each load of A's row.
    for (; j < n2; j += 2) {
      const b0 = j * k;
      const b1 = b0 + k;
      let s0 = 0;
      let s1 = 0;
      for (let p = 0; p < k; p++) {
        const x = a[ai + p]!;
        s0 += x * b[b0 + p]!;
        s1 += x * b[b1 + p]!;
      }
      if (accumulate) {
        c[ci + j] = c[ci + j]! + s0;
        c[ci + j + 1] = c[ci + j + 1]! + s1;
      } else {
        c[ci + j] = s0;
        c[ci + j + 1] = s1;
      }
    }
    for (; j < n; j++) {
      const b0 = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p]! * b[b0 + p]!;
      c[ci + j] = accumulate ? c[ci + j]! + s : s;
    }
  }
}
