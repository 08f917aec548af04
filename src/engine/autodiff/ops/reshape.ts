import { GradLabError } from '../../errors';
import { record } from '../tape';
import { Tensor, shapeSize } from '../tensor';

/**
 * The same values under a new shape (one dimension may be −1: inferred). The output shares the
 * input's data buffer.  ∂/∂a = the gradient, reshaped back.
 */
export function reshape(a: Tensor, shape: readonly number[]): Tensor {
  const s = [...shape];
  const hole = s.indexOf(-1);
  if (hole >= 0) {
    const known = shapeSize(s.filter((_, i) => i !== hole));
    s[hole] = known === 0 ? 0 : a.size / known;
  }
  if (shapeSize(s) !== a.size || s.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new GradLabError(
      'shape',
      `reshape: cannot view [${a.shape.join(', ')}] as [${shape.join(', ')}]`,
    );
  }
  const out = new Tensor(a.data, s, false);
  record(out, [a], () => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < g.length; i++) ga[i]! += g[i]!;
  });
  return out;
}
