/**
 * The extension bundle stays small (VS Code parses all of dist/extension.js when it loads the
 * extension): mathjs and MathJax live in dist/lazy/*.js, which the extension require()s on first
 * use. Builds the production bundles into a temporary folder, as `vsce package` would.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = process.env['GRADLAB_ROOT'] ?? path.resolve(__dirname, '../..');
/** dist/extension.js budget (production): it was 2.4 MB with the engine and MathJax inlined. */
const EXTENSION_BUDGET_BYTES = 400 * 1024;

let tmp = '';
let dist = '';

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gradlab-bundle-'));
  dist = path.join(tmp, 'dist');
  execFileSync(
    process.execPath,
    ['scripts/build.js', '--production', '--only=extension', `--outdir=${dist}`],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
  // A stand-in for the `vscode` module, found by Node's lookup from dist/ (tmp/node_modules).
  fs.mkdirSync(path.join(tmp, 'node_modules/vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(tmp, 'node_modules/vscode/index.js'),
    'module.exports = new Proxy({}, { get: () => function () {} });\n',
  );
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test(`production dist/extension.js stays under ${EXTENSION_BUDGET_BYTES / 1024} KB`, () => {
  const size = fs.statSync(path.join(dist, 'extension.js')).size;
  assert.ok(size < EXTENSION_BUDGET_BYTES, `dist/extension.js is ${(size / 1024).toFixed(0)} KB`);
});

test('the lazy parts are their own bundles, required by name from dist/extension.js', () => {
  const ext = fs.readFileSync(path.join(dist, 'extension.js'), 'utf8');
  const required = [...ext.matchAll(/require\("\.\/lazy\/([A-Za-z]+)\.js"\)/g)]
    .map((m) => m[1])
    .sort();
  assert.deepEqual(required, ['symbolic', 'texToSvg']);
  for (const name of required) {
    const file = path.join(dist, 'lazy', `${name}.js`);
    assert.ok(fs.existsSync(file), `dist/lazy/${name}.js is built`);
    assert.ok(
      !/require\("vscode"\)/.test(fs.readFileSync(file, 'utf8')),
      `dist/lazy/${name}.js needs no vscode`,
    );
  }
  // MathJax's and mathjs's own code is not in the extension bundle.
  assert.ok(!ext.includes('MathJax'), 'no MathJax in dist/extension.js');
  assert.ok(!ext.includes('typed-function'), 'no mathjs (typed-function) in dist/extension.js');
});

test('the .vsix ships dist/lazy/*.js (.vscodeignore)', () => {
  const lines = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split(/\r?\n/);
  assert.ok(lines.includes('!dist/lazy/*.js'), '.vscodeignore re-includes dist/lazy/*.js');
});

test('loading dist/extension.js loads no lazy bundle; each lazy bundle works on its own', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundles, loaded as VS Code would
  const req = (p: string) => require(p) as Record<string, unknown>;
  const ext = req(path.join(dist, 'extension.js'));
  assert.equal(typeof ext['activate'], 'function');
  const lazyDir = path.join(dist, 'lazy') + path.sep;
  assert.deepEqual(
    Object.keys(require.cache).filter((k) => k.startsWith(lazyDir)),
    [],
    'nothing from dist/lazy/ is loaded with the extension',
  );
  const symbolic = req(path.join(lazyDir, 'symbolic.js')) as {
    differentiate(text: string): {
      derivatives: Array<{ expr: string; evaluate(p: Record<string, number>): number | null }>;
    };
  };
  const d = symbolic.differentiate('x^3').derivatives[0]!;
  assert.equal(d.evaluate({ x: 2 }), 12, 'd/dx x³ at 2 = 3·2² = 12');
  const { texToSvg } = req(path.join(lazyDir, 'texToSvg.js')) as {
    texToSvg(tex: string): Promise<string>;
  };
  const svg = await texToSvg('x^2');
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /<path /, 'glyphs drawn as paths');
});
