/**
 * A dense n-dimensional array of float64 values, row-major, with an optional gradient buffer.
 * Tensors are values: ops never mutate their inputs' data (optimizers update parameters in place,
 * outside any recorded computation).
 */
import { GradLabError } from '../errors';
import { Rng } from '../numeric/rng';

export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar, shape []). */
export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function checkShape(shape: Shape, what: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new GradLabError('shape', `${what}: bad shape [${shape.join(', ')}]`);
    }
  }
}

export class Tensor {
  readonly data: Float64Array;
  readonly shape: Shape;
  readonly size: number;
  /** ∂loss/∂this after backward(), same layout as data; null until a gradient reaches it. */
  grad: Float64Array | null = null;
  /** Whether gradients flow to this tensor. Leaves default to true; op outputs get it from their inputs. */
  requiresGrad: boolean;
  /** @internal Tape generation and index of the op that made this tensor (-1: a leaf). */
  tapeGeneration = -1;
  /** @internal */
  tapeIndex = -1;

  /**
   * A tensor over `data` (not copied) with `shape` (default: a vector). Throws GradLabError
   * 'shape' if the shape does not hold data.length elements.
   */
  constructor(data: Float64Array, shape?: Shape, requiresGrad = true) {
    const s = shape ? Object.freeze([...shape]) : Object.freeze([data.length]);
    checkShape(s, 'Tensor');
    if (shapeSize(s) !== data.length) {
      throw new GradLabError(
        'shape',
        `Tensor: shape [${s.join(', ')}] needs ${shapeSize(s)} values, got ${data.length}`,
      );
    }
    this.data = data;
    this.shape = s;
    this.size = data.length;
    this.requiresGrad = requiresGrad;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** The gradient buffer, allocated (zeros) on first use. */
  gradBuffer(): Float64Array {
    return (this.grad ??= new Float64Array(this.size));
  }

  /** Sets the gradient to zero (keeps the buffer). */
  zeroGrad(): void {
    this.grad?.fill(0);
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new GradLabError('shape', `item(): tensor has ${this.size} elements, not 1`);
    }
    return this.data[0]!;
  }

  /** The element at a multi-index. */
  get(...index: number[]): number {
    if (index.length !== this.shape.length) {
      throw new GradLabError(
        'shape',
        `get(): ${index.length} indices for a rank-${this.rank} tensor`,
      );
    }
    let flat = 0;
    for (let d = 0; d < index.length; d++) {
      const i = index[d]!;
      const n = this.shape[d]!;
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new GradLabError(
          'bad-argument',
          `get(): index ${i} out of range for axis ${d} (size ${n})`,
        );
      }
      flat = flat * n + i;
    }
    return this.data[flat]!;
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray(): number | NestedArray {
    return nest(this.data, this.shape, 0, 0) as number | NestedArray;
  }

  /** The gradient as nested arrays, or null. */
  gradArray(): number | NestedArray | null {
    return this.grad ? (nest(this.grad, this.shape, 0, 0) as number | NestedArray) : null;
  }

  /** The same data with no gradient link (requiresGrad false). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, false);
  }

  /** A deep copy of the data, as a new leaf. */
  clone(requiresGrad = this.requiresGrad): Tensor {
    return new Tensor(this.data.slice(), this.shape, requiresGrad);
  }

  toString(): string {
    return `Tensor(${JSON.stringify(this.toArray())}, shape=[${this.shape.join(',')}])`;
  }
}

export type NestedArray = Array<number | NestedArray>;

function nest(data: Float64Array, shape: Shape, dim: number, offset: number): number | NestedArray {
  if (dim === shape.length) return data[offset]!;
  const n = shape[dim]!;
  const stride = shapeSize(shape.slice(dim + 1));
  const out: NestedArray = [];
  for (let i = 0; i < n; i++) out.push(nest(data, shape, dim + 1, offset + i * stride));
  return out;
}

/** @internal An op's output: zeros of `shape`, requiresGrad false until the tape records it. */
export function emptyLike(shape: Shape): Tensor {
  return new Tensor(new Float64Array(shapeSize(shape)), shape, false);
}

function flatten(values: number | NestedArray, out: number[], shape: number[], dim: number): void {
  if (typeof values === 'number') {
    if (dim !== shape.length) throw new GradLabError('shape', 'tensor(): ragged nested array');
    out.push(values);
    return;
  }
  if (dim === shape.length) shape.push(values.length);
  else if (shape[dim] !== values.length)
    throw new GradLabError('shape', 'tensor(): ragged nested array');
  for (const v of values) flatten(v, out, shape, dim + 1);
}

/**
 * A leaf tensor from numbers, nested arrays or a Float64Array (copied), e.g.
 * `tensor([[1, 2], [3, 4]])` is 2×2, `tensor([1, 2, 3, 4, 5, 6], [2, 3])` is 2×3.
 */
export function tensor(
  values: number | NestedArray | ArrayLike<number>,
  shape?: Shape,
  requiresGrad = true,
): Tensor {
  if (typeof values === 'number')
    return new Tensor(Float64Array.of(values), shape ?? [], requiresGrad);
  if (Array.isArray(values)) {
    const flat: number[] = [];
    const inferred: number[] = [];
    flatten(values as NestedArray, flat, inferred, 0);
    return new Tensor(Float64Array.from(flat), shape ?? inferred, requiresGrad);
  }
  return new Tensor(Float64Array.from(values as ArrayLike<number>), shape, requiresGrad);
}

/** A leaf that gradients do not flow to (data, targets). */
export function constant(values: number | NestedArray | ArrayLike<number>, shape?: Shape): Tensor {
  return tensor(values, shape, false);
}

/** A rank-0 tensor. */
export function scalar(value: number, requiresGrad = true): Tensor {
  return new Tensor(Float64Array.of(value), [], requiresGrad);
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: Shape, value: number, requiresGrad = true): Tensor {
  checkShape(shape, 'full');
  return new Tensor(new Float64Array(shapeSize(shape)).fill(value), shape, requiresGrad);
}

export const zeros = (shape: Shape, requiresGrad = true): Tensor => full(shape, 0, requiresGrad);
export const ones = (shape: Shape, requiresGrad = true): Tensor => full(shape, 1, requiresGrad);

/** Normal N(mean, std²) values from a seeded generator. */
export function randn(shape: Shape, rng: Rng, std = 1, mean = 0): Tensor {
  checkShape(shape, 'randn');
  return new Tensor(rng.fillNormal(new Float64Array(shapeSize(shape)), mean, std), shape);
}

/** Uniform values in [lo, hi) from a seeded generator. */
export function randu(shape: Shape, rng: Rng, lo = 0, hi = 1): Tensor {
  checkShape(shape, 'randu');
  return new Tensor(rng.fillUniform(new Float64Array(shapeSize(shape)), lo, hi), shape);
}
