/**
 * Which layers' gradients look unhealthy at the latest epoch: vanishing below 1e-7 (the layer has
 * almost stopped learning) or exploding above 1e3 or not finite (null). Pure, so Node tests it.
 */
export const VANISHING = 1e-7;
export const EXPLODING = 1e3;

export interface GradientWarning {
  layer: string;
  kind: 'vanishing' | 'exploding';
  /** The norm, or null when it was not a finite number. */
  norm: number | null;
}

export function gradientWarnings(
  layers: readonly string[],
  norms: ReadonlyArray<number | null> | undefined,
): GradientWarning[] {
  if (!norms) return [];
  const out: GradientWarning[] = [];
  layers.forEach((layer, i) => {
    const v = norms[i];
    if (v === undefined) return;
    if (v === null || v > EXPLODING) out.push({ layer, kind: 'exploding', norm: v });
    else if (v < VANISHING) out.push({ layer, kind: 'vanishing', norm: v });
  });
  return out;
}
