/**
 * Transpiling for the worker: import resolution, the allowlist, and source maps that put stack
 * frames of the transpiled JavaScript back on the TypeScript lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { GradLabError } from '../../../src/engine/errors';
import { buildModules, candidatePaths, normalizePath } from '../../../src/engine/gradcheck/modules';
import { SourceMap } from '../../../src/engine/gradcheck/sourceMap';

test('normalizePath and candidatePaths: separators, dot segments, ./x.js meaning x.ts', () => {
  assert.equal(normalizePath('C:\\proj\\src\\..\\lib\\./a.ts'), 'C:/proj/lib/a.ts');
  assert.equal(normalizePath('/a/b/../../c'), '/c');
  assert.deepEqual(candidatePaths('/p/src/loss.ts', './util'), [
    '/p/src/util.ts',
    '/p/src/util.tsx',
    '/p/src/util/index.ts',
    '/p/src/util.js',
  ]);
  assert.deepEqual(candidatePaths('/p/src/loss.ts', '../lib/m.js'), ['/p/lib/m.ts', '/p/lib/m.js']);
  assert.deepEqual(candidatePaths('/p/src/loss.ts', './m.ts'), ['/p/src/m.ts']);
});

test('buildModules: follows relative imports transitively through the reader, once each', async () => {
  const files: Record<string, string> = {
    '/p/a.ts':
      "import { b } from './b';\nimport { c } from './lib/c.js';\nexport const f = (x: number) => b(x) + c(x);\n",
    '/p/b.ts': "import { c } from './lib/c';\nexport const b = (x: number) => c(x) * 2;\n",
    '/p/lib/c.ts': 'export function c(x: number): number { return x; }\n',
  };
  const reads: string[] = [];
  const built = await buildModules('/p/a.ts', files['/p/a.ts']!, (p) => (reads.push(p), files[p]), [
    'f',
  ]);
  assert.deepEqual(Object.keys(built.modules).sort(), ['/p/a.ts', '/p/b.ts', '/p/lib/c.ts']);
  assert.deepEqual(built.modules['/p/a.ts']!.deps, {
    './b': '/p/b.ts',
    './lib/c.js': '/p/lib/c.ts',
  });
  assert.ok(
    built.modules['/p/a.ts']!.code.includes(
      '__gradlab_expose({ ["f"]: typeof f !== "undefined" ? f : exports["f"] })',
    ),
  );
  assert.equal(reads.filter((p) => p === '/p/lib/c.ts').length, 1);
});

test('buildModules: type-only and unused imports need nothing; a bare import is refused with its line', async () => {
  const ok =
    "import type { T } from 'some-lib';\nimport { unused } from 'other-lib';\nexport const f = (x: number): number => x;\n";
  await buildModules('/p/a.ts', ok, undefined, ['f']);
  const bad =
    "// header\nimport { z } from 'zod';\nexport const f = (x: number): number => z(x);\n";
  await assert.rejects(buildModules('/p/a.ts', bad, undefined, ['f']), (e: unknown) => {
    assert.ok(e instanceof GradLabError);
    assert.equal(e.code, 'unsupported');
    assert.deepEqual(e.place, { kind: 'source', line: 2, column: 19 });
    return true;
  });
  const allowed =
    "import assert from 'node:assert';\nexport const f = (x: number): number => (assert.ok(x), x);\n";
  const built = await buildModules('/p/a.ts', allowed, undefined, ['f']);
  assert.deepEqual(built.modules['/p/a.ts']!.deps, { 'node:assert': 'node:assert' });
});

test('SourceMap: every identifier of the transpiled code maps back to the same identifier in the TypeScript', () => {
  const source = [
    "import { helper } from './helper';",
    'interface Point { x: number; y: number }',
    '',
    'type Id = string;',
    '/** A doc comment that the emit keeps. */',
    'export function distance(p: Point, q: Point): number {',
    '  const dx: number = p.x - q.x;',
    '',
    '',
    '  const dy = (p.y - q.y) as number;',
    '  return Math.sqrt(dx * dx + dy * dy) + helper(dx);',
    '}',
    'export const label = (id: Id): string => `#${id}`;',
  ].join('\n');
  const out = ts.transpileModule(source, {
    fileName: '/p/a.ts',
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      sourceMap: true,
    },
  });
  const map = SourceMap.fromJson(out.sourceMapText!);
  const js = out.outputText.split('\n');
  const ts_ = source.split('\n');
  let checked = 0;
  js.forEach((line, li) => {
    if (line.startsWith('exports.')) return; // lines the emit adds (`exports.f = f;`) map to whole statements
    for (const m of line.matchAll(/\b(distance|dx|dy|sqrt|label|id)\b/g)) {
      const pos = map.original(li + 1, m.index + 1);
      assert.ok(pos, `no mapping for ${m[1]} at ${li + 1}:${m.index + 1}`);
      const text = ts_[pos.line - 1]!.slice(pos.column - 1);
      assert.ok(
        text.startsWith(m[1]!),
        `${m[1]} at js ${li + 1}:${m.index + 1} maps to "${text.slice(0, 20)}" (${pos.line}:${pos.column})`,
      );
      checked++;
    }
  });
  assert.ok(checked >= 12, `${checked} identifiers`);
  // The emit drops the import, the interface, the type and blank lines: lines do not line up.
  assert.notEqual(
    js.findIndex((l) => l.includes('const dy')) + 1,
    ts_.findIndex((l) => l.includes('const dy')) + 1,
  );
});
