/**
 * Simplification within a time budget, checked numerically. The canonical form (algebra.ts)
 * collects terms and merges powers in one bottom-up pass; mathjs's simplify is not used, because
 * it can run for seconds or hang on derivative-sized input (josdejong/mathjs#3693, #3250).
 *
 * Correctness comes first: the simplified tree is compared with the unsimplified one at a few
 * fixed points, and if they disagree anywhere the unsimplified tree (already tidied by the
 * folding builders) is returned instead. So is it when the budget runs out.
 */
import { compileRaw } from '../evaluate';
import { type Node, sizeOf } from '../nodes';
import { Algebra, BudgetExceeded } from './algebra';
import { toAlgebra, toPresentation } from './convert';

/** How a result was simplified: fully; not (budget or size limit hit); or not because the check failed. */
export type SimplifyStatus = 'simplified' | 'budget' | 'check-failed';

export interface Simplified {
  node: Node;
  status: SimplifyStatus;
}

/** Trees larger than this are returned as they are: the budget would run out anyway. */
const MAX_NODES = 50_000;

/** Fixed check points: varied signs and magnitudes, shifted per variable so that x ≠ y. */
const CHECK_POINTS = [0.73, -1.31, 1.87, 3.41, -0.29];

export function simplify(node: Node, variables: readonly string[], budgetMs: number): Simplified {
  if (sizeOf(node, MAX_NODES) > MAX_NODES) return { node, status: 'budget' };
  const deadline = performance.now() + budgetMs;
  // First the expanded canonical form; if it disagrees (an expanded polynomial in σ or tanh with
  // huge alternating coefficients loses digits at high orders), the same without expanding
  // products of sums, which stays accurate and still far smaller than the raw tree.
  for (const expand of [true, false]) {
    let out: Node;
    try {
      const A = new Algebra(deadline, variables, expand);
      out = toPresentation(A.tidy(toAlgebra(node, A)), A);
    } catch (e) {
      if (e instanceof BudgetExceeded) return { node, status: 'budget' };
      throw e;
    }
    if (agrees(node, out, variables)) return { node: out, status: 'simplified' };
  }
  return { node, status: 'check-failed' };
}

/**
 * Whether two trees agree at the check points. Where the original is undefined the simplified
 * one may be defined (x/x → 1); where the original is defined both must agree to 1e-7 relative.
 */
export function agrees(original: Node, simplified: Node, variables: readonly string[]): boolean {
  const f = compileRaw(original, variables);
  const g = compileRaw(simplified, variables);
  const values = new Float64Array(variables.length);
  for (const base of CHECK_POINTS) {
    for (let i = 0; i < values.length; i++) values[i] = base + 0.137 * i * Math.sign(base);
    const a = f(values);
    if (!Number.isFinite(a)) continue;
    const b = g(values);
    if (!(Math.abs(a - b) <= 1e-7 * Math.max(1, Math.abs(a), Math.abs(b)))) return false;
  }
  return true;
}
