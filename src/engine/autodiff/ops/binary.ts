/** @internal Shared set-up of the broadcasting elementwise binary ops. */
import { Tensor, emptyLike } from '../tensor';
import { TensorLike, broadcastIndex, broadcastShapes, toTensor } from './shapes';

export interface BinarySetup {
  a: Tensor;
  b: Tensor;
  out: Tensor;
  /** Element of a (resp. b) under each output element; null when it has the output's shape. */
  ia: Int32Array | null;
  ib: Int32Array | null;
}

export function setupBinary(x: TensorLike, y: TensorLike, op: string): BinarySetup {
  const a = toTensor(x);
  const b = toTensor(y);
  const shape = broadcastShapes(a.shape, b.shape, op);
  return {
    a,
    b,
    out: emptyLike(shape),
    ia: broadcastIndex(shape, a.shape),
    ib: broadcastIndex(shape, b.shape),
  };
}
