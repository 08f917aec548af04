/**
 * Cross-check with mathjs's own derivative (unsimplified, so it stays fast) on every corpus line
 * mathjs can differentiate: both must give the same numbers wherever both are defined. mathjs is
 * the reference here only for what it supports; everything else is checked by central differences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type FactoryFunctionMap, all, create } from 'mathjs';
import { differentiate } from '../../../src/engine/symbolic';
import { close, pointsFor } from './reference';

const math = create(all as FactoryFunctionMap);
const root = process.env['GRADLAB_ROOT'] ?? path.resolve(__dirname, '../../..');
const corpus = fs
  .readFileSync(path.join(root, 'test/fixtures/symbolic/corpus.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

test('our derivatives equal mathjs.derivative on every corpus line mathjs accepts', () => {
  let compared = 0;
  for (const text of corpus) {
    const r = differentiate(text);
    if (r.syntax !== 'mathjs') continue;
    let theirs: ReturnType<typeof math.derivative>[];
    try {
      theirs = r.variables.map((v) => math.derivative(text, v, { simplify: false }));
    } catch {
      continue; // a function mathjs cannot differentiate (sigmoid, relu, max, erf, atan2, ...)
    }
    r.derivatives.forEach((d, i) => {
      const compiled = theirs[i]!.compile();
      for (const p of pointsFor(r.variables, [0.37, 1.42, 0.81, 2.3])) {
        const ours = d.evaluate(p);
        const value: unknown = compiled.evaluate({ ...p });
        if (ours === null || typeof value !== 'number' || !Number.isFinite(value)) continue;
        assert.ok(
          close(ours, value, 1e-9, 1e-12),
          `${text} d/d${d.wrt[0]} at ${JSON.stringify(p)}: ours ${ours}, mathjs ${value}`,
        );
        compared++;
      }
    });
  }
  assert.ok(compared > 400, `only ${compared} values compared`);
});
