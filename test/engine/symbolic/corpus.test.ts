/**
 * The benchmark corpus (test/fixtures/symbolic/corpus.txt) as tests: each expression's gradient
 * is simplified (no fallback), readable, agrees with central differences of the expression, reads
 * back through the parser from its mathjs text, and its LaTeX renders in KaTeX.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import katex from 'katex';
import { differentiate, parseExpression } from '../../../src/engine/symbolic';
import { assertMatchesDifferences, assertReadable, close, pointsFor } from './reference';

const root = process.env['GRADLAB_ROOT'] ?? path.resolve(__dirname, '../../..');
const corpus = fs
  .readFileSync(path.join(root, 'test/fixtures/symbolic/corpus.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

const VALUES = [0.37, 1.42, 0.81, 2.3, 0.55, 1.13];

for (const text of corpus) {
  test(`corpus: ${text}`, () => {
    const r = differentiate(text);
    const f = (p: Record<string, number>): number => r.expression.evaluate(p) ?? NaN;
    const points = pointsFor(r.variables, VALUES);
    for (const d of r.derivatives) {
      assert.equal(d.simplification, 'simplified', d.expr);
      assertReadable(d.expr);
      assertReadable(d.code);
      assertMatchesDifferences(d, f, points, { minPoints: 1, rtol: 1e-5 });
      const back = parseExpression(d.expr, { syntax: 'mathjs' });
      for (const p of points) {
        const a = d.evaluate(p);
        const b = back.evaluate(p);
        if (a !== null)
          assert.ok(
            b !== null && close(a, b, 1e-12, 1e-14),
            `${d.expr} reads back as ${b}, expected ${a}`,
          );
      }
      assert.doesNotThrow(() => katex.renderToString(d.latex, { throwOnError: true }), d.latex);
    }
  });
}
