/**
 * The reverse-mode scalar tape that derived gradients run on, as TypeScript source: it is inserted
 * into the user's file next to the derived gradient (so the gradient runs standalone), and the
 * check runs exactly that text. It is source text, not a function of ours, so that the inserted
 * code is readable and identical whichever bundle (minified or not) produced it.
 *
 * Why not src/engine/autodiff: that engine works on Tensors with one global tape per thread, and
 * the derived gradient must run inside the user's file with no GradLab import. A scalar tape of
 * about 90 lines is the smallest thing that does.
 */

/** The name of the helper in the inserted code. */
export const TAPE_FUNCTION = 'gradlabTape';

/** `function ${name}() {…}`: returns the tape's operations (add, mul, exp, …) and `gradient`. */
export function tapeRuntimeSource(name: string): string {
  return TAPE_SOURCE.replace('function gradlabTape()', `function ${name}()`);
}

const TAPE_SOURCE = `/**
 * Reverse-mode automatic differentiation on a tape, used by GradLab's derived gradients: each
 * operation on a tape value records its inputs and local partial derivatives; \`gradient\` replays
 * them backwards. Plain numbers pass through untouched.
 */
function gradlabTape() {
  // Node k: up to two parents (index, or -1) with the partial derivative ∂k/∂parent.
  const p1: number[] = [], d1: number[] = [], p2: number[] = [], d2: number[] = [];
  class V {
    constructor(readonly v: number, readonly k: number) {}
    valueOf(): number { return this.v; }
    toString(): string { return String(this.v); }
  }
  const node = (v: number, a: any, da: number, b?: any, db?: number): V => {
    p1.push(a instanceof V ? a.k : -1); d1.push(da);
    p2.push(b instanceof V ? b.k : -1); d2.push(db ?? 0);
    return new V(v, p1.length - 1);
  };
  const val = (x: any): any => (x instanceof V ? x.v : x);
  // f(x) with f'(x) = df(x, f(x)).
  const unary = (f: (x: number) => number, df: (x: number, y: number) => number) => (x: any): any => {
    if (!(x instanceof V)) return f(x);
    const y = f(x.v);
    return node(y, x, df(x.v, y));
  };
  // f(a, b) with ∂f/∂a = da(a, b, f), ∂f/∂b = db(a, b, f); strings and other values pass through.
  const binary = (f: (a: any, b: any) => any, da: (a: number, b: number, y: number) => number, db: (a: number, b: number, y: number) => number) =>
    (a: any, b: any): any => {
      const va = a instanceof V, vb = b instanceof V;
      if (!va && !vb) return f(a, b);
      const x = val(a), y = val(b);
      if (typeof x !== 'number' || typeof y !== 'number') return f(x, y);
      const z = f(x, y);
      return node(z, a, va ? da(x, y, z) : 0, b, vb ? db(x, y, z) : 0);
    };
  const add = binary((a, b) => a + b, () => 1, () => 1);
  const sub = binary((a, b) => a - b, () => 1, () => -1);
  const mul = binary((a, b) => a * b, (a, b) => b, (a) => a);
  const div = binary((a, b) => a / b, (a, b) => 1 / b, (a, b) => -a / (b * b));
  const mod = binary((a, b) => a % b, () => 1, (a, b) => -Math.trunc(a / b));
  // ∂(a^b)/∂a = b·a^(b−1); ∂(a^b)/∂b = a^b·ln a (0 at a = 0, where only b > 0 is finite).
  const pow = binary((a, b) => a ** b, (a, b) => (b === 0 ? 0 : b * a ** (b - 1)), (a, b, y) => (a === 0 ? 0 : y * Math.log(a)));
  const atan2 = binary(Math.atan2, (a, b) => b / (a * a + b * b), (a, b) => -a / (a * a + b * b));
  const neg = (x: any): any => (x instanceof V ? node(-x.v, x, -1) : -x);
  const pick = (better: (a: number, b: number) => boolean) => (...xs: any[]): any => {
    if (xs.length === 0) return better(1, 0) ? -Infinity : Infinity;
    let best = xs[0];
    for (const x of xs) if (Number.isNaN(val(x)) || better(val(x), val(best))) best = x;
    return best; // the chosen argument itself: its gradient flows through (a subgradient at ties)
  };
  const sqrt = unary(Math.sqrt, (x, y) => 0.5 / y);
  const math = {
    exp: unary(Math.exp, (x, y) => y),
    expm1: unary(Math.expm1, (x, y) => y + 1),
    log: unary(Math.log, (x) => 1 / x),
    log1p: unary(Math.log1p, (x) => 1 / (1 + x)),
    log2: unary(Math.log2, (x) => 1 / (x * Math.LN2)),
    log10: unary(Math.log10, (x) => 1 / (x * Math.LN10)),
    sqrt,
    cbrt: unary(Math.cbrt, (x, y) => 1 / (3 * y * y)),
    sin: unary(Math.sin, Math.cos),
    cos: unary(Math.cos, (x) => -Math.sin(x)),
    tan: unary(Math.tan, (x, y) => 1 + y * y),
    asin: unary(Math.asin, (x) => 1 / Math.sqrt(1 - x * x)),
    acos: unary(Math.acos, (x) => -1 / Math.sqrt(1 - x * x)),
    atan: unary(Math.atan, (x) => 1 / (1 + x * x)),
    sinh: unary(Math.sinh, Math.cosh),
    cosh: unary(Math.cosh, Math.sinh),
    tanh: unary(Math.tanh, (x, y) => 1 - y * y),
    asinh: unary(Math.asinh, (x) => 1 / Math.sqrt(x * x + 1)),
    acosh: unary(Math.acosh, (x) => 1 / Math.sqrt(x * x - 1)),
    atanh: unary(Math.atanh, (x) => 1 / (1 - x * x)),
    abs: unary(Math.abs, (x) => Math.sign(x)), // |x|' = sign(x), 0 at 0
    fround: unary(Math.fround, () => 1),
    pow,
    atan2,
    hypot: (...xs: any[]): any => sqrt(xs.reduce((s, x) => add(s, mul(x, x)), 0)),
    max: pick((a, b) => a > b),
    min: pick((a, b) => a < b),
  };
  const isFinite = (x: any): boolean => Number.isFinite(val(x));
  const isNaN = (x: any): boolean => Number.isNaN(val(x));
  const isInteger = (x: any): boolean => Number.isInteger(val(x));
  // new Float64Array(n | values): a plain array, which can hold tape values.
  const floatArray = (init?: any): any[] =>
    typeof init === 'number' ? new Array(init).fill(0) : init === undefined ? [] : Array.from(init);
  const backward = (y: any, inputs: V[]): number[] => {
    if (!(y instanceof V)) return inputs.map(() => 0);
    const adj = new Float64Array(p1.length);
    adj[y.k] = 1;
    for (let k = y.k; k >= 0; k--) {
      const g = adj[k]!;
      if (g === 0) continue;
      if (p1[k]! >= 0) adj[p1[k]!]! += g * d1[k]!;
      if (p2[k]! >= 0) adj[p2[k]!]! += g * d2[k]!;
    }
    return inputs.map((x) => adj[x.k]!);
  };
  const fresh = (xs: ArrayLike<number>): V[] => {
    p1.length = d1.length = p2.length = d2.length = 0;
    return Array.from(xs, (v) => node(v, undefined, 0));
  };
  return {
    add, sub, mul, div, mod, pow, neg, math, isFinite, isNaN, isInteger, floatArray,
    pos: (x: any): any => (x instanceof V ? x : +x),
    // typeof of a tape value is what the function saw: a number.
    typeOf: (x: any): string => (x instanceof V ? 'number' : typeof x),
    eq: (a: any, b: any): boolean => val(a) === val(b),
    ne: (a: any, b: any): boolean => val(a) !== val(b),
    /** ∇f(x) for f(x: number[]): number. */
    gradient(f: (x: any[]) => any, x: ArrayLike<number>): number[] {
      const xs = fresh(x);
      return backward(f(xs), xs);
    },
    /** [∂f/∂a, ∂f/∂b, …] for f(a, b, …): number. */
    gradientArgs(f: (...args: any[]) => any, args: number[]): number[] {
      const xs = fresh(args);
      return backward(f(...xs), xs);
    },
    /** f'(x) for f(x: number): number. */
    derivative(f: (x: any) => any, x: number): number {
      const xs = fresh([x]);
      return backward(f(xs[0]), xs)[0]!;
    },
  };
}
`;
