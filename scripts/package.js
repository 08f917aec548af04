#!/usr/bin/env node
// `npm run package`: production bundles, then gradlab-<version>.vsix with @vscode/vsce, offline and
// without prompting (stdin closed; LICENSE and repository present; --no-dependencies: all is bundled).
//   node scripts/package.js [--out FILE]
'use strict';
const path = require('path');
const { root, run } = require('./lib');

async function main() {
  const version = require('../package.json').version;
  const oi = process.argv.indexOf('--out');
  const out = oi > 0 ? path.resolve(process.argv[oi + 1]) : path.join(root, `gradlab-${version}.vsix`);
  // vsce runs `vscode:prepublish` (the production build) itself.
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  const code = await run(process.execPath, [vsce, 'package', '--no-dependencies', '-o', out], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (code !== 0) { console.error('[package] vsce failed'); process.exit(code); }
  console.log(`[package] ${path.relative(process.cwd(), out)}`);
}
main().catch((e) => { console.error(e); process.exit(1); });
