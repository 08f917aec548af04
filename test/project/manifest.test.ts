/**
 * Checks of the manifest, strings and architecture that need no VS Code: they keep the package
 * installable (engines vs @types/vscode), the two languages complete, and the engine pure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = process.env['GRADLAB_ROOT'] ?? path.resolve(__dirname, '../..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');
const pkg = JSON.parse(read('package.json'));
const nlsEn: Record<string, string> = JSON.parse(read('package.nls.json'));
const nlsZh: Record<string, string> = JSON.parse(read('package.nls.zh-cn.json'));

function walk(dir: string, acc: string[] = []): string[] {
  if (!fs.existsSync(dir)) return acc;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, acc);
    else if (/\.tsx?$/.test(e.name)) acc.push(p);
  }
  return acc;
}

test('identity: name, publisher, version, license file, repository', () => {
  assert.match(pkg.name, /^[a-z0-9][a-z0-9-]*$/);
  assert.equal(pkg.name, 'gradlab');
  assert.equal(pkg.displayName, 'GradLab');
  assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
  assert.equal(pkg.license, 'MIT');
  assert.ok(fs.existsSync(path.join(root, 'LICENSE')));
  assert.ok(pkg.repository?.url);
  assert.equal(pkg.main, './dist/extension.js');
  assert.deepEqual(pkg.bin, { gradlab: 'dist/cli.js' });
  assert.deepEqual(pkg.extensionKind, ['workspace']);
  assert.equal(pkg.browser, undefined);
});

test('engines.vscode is ^1.138.0 and @types/vscode is exactly 1.138.0 (the code-server 1.139.1 host accepts it)', () => {
  assert.equal(pkg.engines.vscode, '^1.138.0');
  assert.equal(pkg.devDependencies['@types/vscode'], '1.138.0');
  assert.equal(pkg.dependencies?.['@types/vscode'], undefined);
});

test('icon is a square PNG of at least 128 px', () => {
  const png = fs.readFileSync(path.join(root, pkg.icon));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  const w = png.readUInt32BE(16), h = png.readUInt32BE(20);
  assert.equal(w, h);
  assert.ok(w >= 128);
});

test('categories and keywords', () => {
  assert.deepEqual([...pkg.categories].sort(), ['Data Science', 'Education', 'Machine Learning', 'Visualization']);
  assert.ok(pkg.keywords.length > 0 && pkg.keywords.length <= 5);
});

test('activation: no *, no onCommand, every onWebviewPanel has a serializer in src', () => {
  const events: string[] = pkg.activationEvents;
  assert.ok(!events.includes('*'));
  assert.ok(!events.some((e) => e.startsWith('onCommand:')));
  const src = walk(path.join(root, 'src/extension')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  for (const e of events.filter((e) => e.startsWith('onWebviewPanel:'))) {
    const viewType = e.slice('onWebviewPanel:'.length);
    assert.ok(src.includes(`'${viewType}'`), `a serializer/panel for ${viewType} exists`);
  }
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('commands: gradlab.* ids, category GradLab, %nls% titles', () => {
  for (const c of pkg.contributes.commands) {
    assert.ok(c.command.startsWith('gradlab.'), c.command);
    assert.equal(c.category, 'GradLab', c.command);
    assert.match(c.title, /^%.+%$/, c.command);
  }
});

test('every menu entry has a when clause; keybindings need editorTextFocus or a focus context', () => {
  for (const [where, items] of Object.entries<Array<{ command: string; when?: string }>>(pkg.contributes.menus ?? {})) {
    for (const m of items) assert.ok(m.when, `${where} ${m.command} has a when`);
  }
  for (const k of pkg.contributes.keybindings ?? []) {
    assert.ok(k.when, `keybinding ${k.command} has a when`);
    assert.ok(k.mac, `keybinding ${k.command} has a mac variant`);
  }
});

test('settings: gradlab.* with type, default and a %nls% markdownDescription; enums described', () => {
  const props: Record<string, Record<string, unknown>> = pkg.contributes.configuration.properties;
  for (const [key, p] of Object.entries(props)) {
    assert.ok(key.startsWith('gradlab.'), key);
    assert.ok(p['type'], `${key} has a type`);
    assert.ok('default' in p, `${key} has a default`);
    assert.match(String(p['markdownDescription']), /^%.+%$/, `${key} has a %nls% markdownDescription`);
    if (Array.isArray(p['enum'])) {
      const d = (p['enumDescriptions'] ?? p['markdownEnumDescriptions']) as unknown[] | undefined;
      assert.equal(d?.length, (p['enum'] as unknown[]).length, `${key} describes each enum value`);
    }
    if (p['type'] === 'number' || p['type'] === 'integer') assert.ok('minimum' in p, `${key} has a minimum`);
  }
});

test('settings defaults in package.json equal the fallbacks in config.ts', () => {
  const props: Record<string, { default: unknown }> = pkg.contributes.configuration.properties;
  const src = read('src/extension/config/config.ts');
  const block = src.slice(src.indexOf('SETTING_DEFAULTS = {'), src.indexOf('} as const'));
  for (const [key, p] of Object.entries(props)) {
    const short = key.slice('gradlab.'.length);
    const m = block.match(new RegExp(`'${short.replace(/\./g, '\\.')}':\\s*([^\\n]+?),?\\n`));
    assert.ok(m, `config.ts has a default for ${key}`);
    const value = new Function(`return ${m![1]!.replace(/,$/, '')};`)();
    assert.deepEqual(value, p.default, `${key}: config.ts ${JSON.stringify(value)} vs package.json ${JSON.stringify(p.default)}`);
  }
});

test('every %key% in package.json exists in both nls files, and the two have the same keys', () => {
  const keys = [...JSON.stringify(pkg).matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]!);
  for (const k of keys) {
    assert.ok(k in nlsEn, `package.nls.json has ${k}`);
    assert.ok(k in nlsZh, `package.nls.zh-cn.json has ${k}`);
  }
  assert.deepEqual(Object.keys(nlsEn).sort(), Object.keys(nlsZh).sort());
  for (const [k, v] of Object.entries(nlsZh)) assert.ok(v.trim() && v !== nlsEn[k] || /^[A-Za-z0-9 .,:()+-]*$/.test(v), `${k} is translated`);
});

test('every l10n.t string in src/extension and webview has a Simplified Chinese translation', () => {
  const bundle: Record<string, string> = JSON.parse(read('l10n/bundle.l10n.zh-cn.json'));
  const files = [...walk(path.join(root, 'src/extension')), ...walk(path.join(root, 'webview')), ...walk(path.join(root, 'src/protocol'))];
  const missing: string[] = [];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)) {
      const key = m[2]!.replace(/\\(['"`\\])/g, '$1').replace(/\\n/g, '\n');
      if (!(key in bundle)) missing.push(`${path.relative(root, f)}: ${key}`);
    }
  }
  assert.deepEqual(missing, [], 'untranslated strings');
});

test('the engine imports no vscode, extension, cli or webview code', () => {
  const offenders: string[] = [];
  for (const f of walk(path.join(root, 'src/engine'))) {
    const text = fs.readFileSync(f, 'utf8');
    if (/from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/.test(text)) offenders.push(`${f}: vscode`);
    if (/from\s+['"](\.\.\/)+(extension|cli)\//.test(text) || /from\s+['"][./]*webview/.test(text)) offenders.push(`${f}: outside the engine`);
  }
  assert.deepEqual(offenders, []);
});

test('the webview and the protocol import no vscode and no engine runtime code', () => {
  for (const f of [...walk(path.join(root, 'webview')), ...walk(path.join(root, 'src/protocol'))]) {
    const text = fs.readFileSync(f, 'utf8');
    assert.ok(!/from\s+['"]vscode['"]/.test(text), `${f} imports vscode`);
    for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*from\s+['"]([^'"]+engine[^'"]*)['"]/gm)) {
      assert.ok(m[1], `${f} imports engine runtime code from ${m[2]} (use import type)`);
    }
  }
});

test('CHANGELOG: Keep a Changelog form, first version heading equals package.json version', () => {
  const log = read('CHANGELOG.md');
  assert.match(log, /Keep a Changelog/);
  assert.match(log, /^## \[Unreleased\]/m);
  const first = log.match(/^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}/m);
  assert.equal(first?.[1], pkg.version);
});

test('README: the two Quick start commands, settings table lists every setting, no SVG images, images exist', () => {
  const readme = read('README.md');
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm ci && npm test/);
  for (const key of Object.keys(pkg.contributes.configuration.properties)) assert.ok(readme.includes(`\`${key}\``), `README documents ${key}`);
  for (const c of pkg.contributes.commands) {
    const title = nlsEn[c.title.slice(1, -1)];
    assert.ok(readme.includes(`GradLab: ${title}`), `README names the command "GradLab: ${title}"`);
  }
  for (const m of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
    const src = m[1]!;
    assert.ok(!/\.svg$/i.test(src), `no SVG image in README: ${src}`);
    if (!/^https?:/.test(src)) assert.ok(fs.existsSync(path.join(root, src)), `README image exists: ${src}`);
  }
  for (const s of ['Troubleshooting', 'Settings', 'Privacy', 'Developer: Show Running Extensions', 'Help: Start Extension Bisect', 'Developer: Set Log Level']) {
    assert.ok(readme.includes(s), `README mentions ${s}`);
  }
});

test('.vscodeignore is an allow-list and keeps source maps out', () => {
  const ignore = read('.vscodeignore').split('\n');
  assert.equal(ignore[0], '**');
  assert.ok(ignore.includes('**/*.map'));
});
