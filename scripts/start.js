#!/usr/bin/env node
// `npm start`: install the tools if needed, build and package GradLab, start a real VS Code
// (code-server) on 127.0.0.1 with GradLab installed and examples/ open, and print the URL.
// Ctrl+C stops it. Port: $GRADLAB_PORT (default 8080, or a free one if taken).
'use strict';
const path = require('path');
const net = require('net');
const { root, TOOLS, run, ensureTools } = require('./lib');

const portFree = (port) => new Promise((resolve) => {
  const s = net.createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
});

async function main() {
  process.env.REALVSCODE_TOOLS = TOOLS;
  await ensureTools();
  const vsix = path.join(root, 'out/start-ext.vsix');
  if ((await run(process.execPath, [path.join(root, 'scripts/package.js'), '--out', vsix])) !== 0) throw new Error('packaging failed');
  const lib = require('../test/realvscode/lib.js');
  const wanted = Number(process.env.GRADLAB_PORT || 8080);
  const port = (await portFree(wanted)) ? wanted : await lib.freePort();
  const cs = await lib.startCodeServer({ vsix: [vsix], port });
  const url = `${cs.url}/?folder=${encodeURIComponent(path.join(root, 'examples'))}`;
  console.log('\nGradLab is running in VS Code (code-server) with examples/ open:\n');
  console.log(`    ${url}\n`);
  console.log('Open it in a browser. Try "GradLab: Differentiate Selection" on examples/expressions.md,');
  console.log('"GradLab: Gradient Check Function" in examples/losses.ts, or right-click a .csv → "Train a Model on This CSV".');
  console.log('Press Ctrl+C to stop.');
  const stop = async () => { await cs.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  cs.child.on('exit', (code) => { console.log(`code-server exited (${code})`); process.exit(code ?? 1); });
}
main().catch((e) => { console.error(e.message || e); process.exit(1); });
