#!/usr/bin/env node
// postinstall: copy KaTeX's stylesheet and fonts into media/vendor/katex, so that the webviews
// load them from the extension itself (offline, under a strict CSP). Chart.js and KaTeX's script
// are bundled into dist/webview by esbuild instead.
'use strict';
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
let katexDir;
try { katexDir = path.dirname(require.resolve('katex/package.json', { paths: [root] })); } catch { process.exit(0); }
const dest = path.join(root, 'media/vendor/katex');
fs.rmSync(dest, { recursive: true, force: true });
fs.mkdirSync(path.join(dest, 'fonts'), { recursive: true });
fs.copyFileSync(path.join(katexDir, 'dist/katex.min.css'), path.join(dest, 'katex.min.css'));
for (const f of fs.readdirSync(path.join(katexDir, 'dist/fonts'))) {
  if (f.endsWith('.woff2')) fs.copyFileSync(path.join(katexDir, 'dist/fonts', f), path.join(dest, 'fonts', f));
}
