// Shared helpers for the project scripts (tests, packaging, start).
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const TOOLS = process.env.REALVSCODE_TOOLS ||
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'realvscode');

/** Run a command, inheriting stdio; resolves with its exit code. */
function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (e) => { console.error(`[gradlab] cannot run ${cmd}: ${e.message}`); resolve(127); });
  });
}

/** Run a command, capturing stdout+stderr while echoing them; resolves {code, output}. */
function runCapture(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let output = '';
    child.stdout.on('data', (d) => { output += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { output += d; process.stderr.write(d); });
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
    child.on('error', (e) => resolve({ code: 127, output: String(e) }));
  });
}

/** Install code-server, Node 24, Chromium, playwright-core and vsce into $REALVSCODE_TOOLS (idempotent). */
async function ensureTools() {
  if (process.env.GRADLAB_SKIP_SETUP === '1') return;
  const code = await run('bash', [path.join(root, 'test/realvscode/setup.sh')], {
    env: { ...process.env, REALVSCODE_TOOLS: TOOLS },
  });
  if (code !== 0) {
    const root_ = process.getuid && process.getuid() === 0;
    throw new Error(
      'Could not install the real-VS Code test tools (code-server, Chromium).\n' +
      (root_ ? 'See the output above.' : 'Run as root, or first: sudo apt-get install -y chromium libkrb5-dev pkg-config python3 make g++') +
      '\nThen re-run the command (setup is idempotent).',
    );
  }
}

/** argv prefix that runs a command with loopback as its only network, when we can (root). */
function isolatedPrefix() {
  if (process.env.GRADLAB_NO_NETNS === '1') return [];
  const r = spawnSync('unshare', ['-n', 'true']);
  const ip = spawnSync('sh', ['-c', 'command -v ip']);
  if (r.status === 0 && ip.status === 0) return ['unshare', '-n', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh'];
  return [];
}

/** A copy of examples/ in a temporary folder, so tests never touch the repository's files. */
function copyExamples() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradlab-ws-'));
  fs.cpSync(path.join(root, 'examples'), dir, { recursive: true });
  return dir;
}

async function build(extra = []) {
  const code = await run(process.execPath, [path.join(root, 'scripts/build.js'), ...extra]);
  if (code !== 0) throw new Error('build failed');
}

/** Bundle test/<dir>/*.ts into out/test/<dir>/ (vscode and mocha stay external). */
async function bundleTests(dir) {
  const esbuild = require('esbuild');
  const src = path.join(root, 'test', dir);
  const entries = fs.readdirSync(src).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => path.join(src, f));
  const outdir = path.join(root, 'out/test', dir);
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries, outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron'], sourcemap: 'inline', logLevel: 'warning', absWorkingDir: root,
  });
  return outdir;
}

/** Parse "<label>: N passed, N failed" from a runner's output. */
function counts(output, label) {
  const re = new RegExp(`^${label}: (\\d+) passed, (\\d+) failed`, 'm');
  const m = output.match(re);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
}

module.exports = { root, TOOLS, run, runCapture, ensureTools, isolatedPrefix, copyExamples, build, bundleTests, counts };
