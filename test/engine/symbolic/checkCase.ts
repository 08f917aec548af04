/** The common check of one expression: every partial against central differences of a reference. */
import assert from 'node:assert/strict';
import { type DifferentiateOptions, differentiate } from '../../../src/engine/symbolic';
import {
  type RealFunction,
  assertMatchesDifferences,
  assertReadable,
  close,
  jsFunction,
  mathjsFunction,
  mathjsValue,
  pointsFor,
} from './reference';

export interface Case {
  text: string;
  /** Where to check (each variable gets a shifted copy); defaults to pointsFor's values. */
  at?: number[];
  /** A mathjs expression for f when mathjs does not know a function in `text`. */
  reference?: string;
  options?: DifferentiateOptions;
}

/**
 * Differentiates `c.text` by every variable and checks each partial against central differences
 * of an independent f (mathjs evaluating the text, or `reference`; JavaScript for JS input), that
 * it was simplified (not fallen back) into readable text, and that the printed mathjs `expr`
 * evaluates, in mathjs itself, to the same numbers.
 */
export function checkCase(c: Case, reference?: RealFunction): void {
  const r = differentiate(c.text, c.options);
  const f = reference ?? mathjsFunction(c.reference ?? c.text);
  const points = pointsFor(r.variables, c.at);
  for (const d of r.derivatives) {
    assert.equal(d.simplification, 'simplified', `${d.expr} was not simplified`);
    assertReadable(d.expr);
    assertReadable(d.code);
    assertMatchesDifferences(d, f, points);
    for (const p of points) {
      const ours = d.evaluate(p);
      const theirs = mathjsValue(d.expr, p);
      if (ours !== null && Number.isFinite(theirs)) {
        assert.ok(
          close(ours, theirs, 1e-9, 1e-12),
          `mathjs reads ${d.expr} as ${theirs}, we evaluate ${ours}`,
        );
      }
    }
    if (r.syntax === 'javascript') {
      const code = jsFunction(d.code, r.variables);
      for (const p of points) {
        const ours = d.evaluate(p);
        if (ours !== null)
          assert.ok(
            close(code(p), ours, 1e-9, 1e-12),
            `JS ${d.code} gives ${code(p)}, expected ${ours}`,
          );
      }
    }
  }
}
