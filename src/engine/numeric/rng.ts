/**
 * A seeded pseudo-random generator (mulberry32, 32-bit state) with a Box–Muller normal.
 * Only integer ops, `Math.log`, `Math.sqrt`, `Math.cos` and `Math.sin` are used, so the same seed
 * gives the same sequence, bit for bit, on every run of the same Node/V8.
 */
export class Rng {
  private state: number;
  /** Box–Muller makes normals in pairs; the second one waits here (NaN = none). */
  private spare = NaN;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** Normal with the given mean and standard deviation (Box–Muller, polar-free form). */
  normal(mean = 0, std = 1): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return mean + std * z;
    }
    const u1 = 1 - this.next(); // (0, 1]: log(0) never happens
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
    return mean + std * r * Math.cos(theta);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: number }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }

  /** Fills `out` with normals N(mean, std²) and returns it. */
  fillNormal(out: Float64Array, mean = 0, std = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Fills `out` with uniforms in [lo, hi) and returns it. */
  fillUniform(out: Float64Array, lo = 0, hi = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * this.next();
    return out;
  }
}

/** A replayable `Math.random` stand-in: uniform in [0, 1) from `seed`. */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}
