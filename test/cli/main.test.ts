import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs, UsageError, type CommandSpec } from '../../src/cli/args';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/output';

const root = process.env['GRADLAB_ROOT'] ?? path.resolve(__dirname, '../..');

function capture(): Io & { out: string; err: string } {
  const io = { out: '', err: '', stderrIsTTY: false, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

const spec: CommandSpec = {
  name: 'demo',
  summary: 'demo',
  usage: 'gradlab demo FILE [--n N]',
  positionals: ['FILE'],
  flags: {
    n: { kind: 'int', description: 'count' },
    lr: { kind: 'number', description: 'rate' },
    at: { kind: 'string', repeatable: true, description: 'points' },
  },
};

test('parseArgs: values, = form, repeatable flags, negative values', () => {
  const a = parseArgs(['f.csv', '--n', '3', '--lr=-0.5', '--at', 'x=1', '--at', 'x=-2', '--json'], spec);
  assert.deepEqual(a.positionals, ['f.csv']);
  assert.deepEqual(a.flags.get('n'), [3]);
  assert.deepEqual(a.flags.get('lr'), [-0.5]);
  assert.deepEqual(a.flags.get('at'), ['x=1', 'x=-2']);
  assert.deepEqual(a.flags.get('json'), [true]);
});

test('parseArgs: unknown flag, missing value, bad number, missing argument are usage errors naming the flag', () => {
  const cases: Array<[string[], string | undefined, RegExp]> = [
    [['f', '--bogus'], 'bogus', /Unknown flag --bogus/],
    [['f', '--n'], 'n', /--n needs a value/],
    [['f', '--n', '--json'], 'n', /--n needs a value/],
    [['f', '--n', '1.5'], 'n', /integer/],
    [['f', '--lr', 'abc'], 'lr', /number/],
    [['f', '--n', '1', '--n', '2'], 'n', /more than once/],
    [[], 'FILE', /Missing argument FILE/],
  ];
  for (const [argv, flag, message] of cases) {
    assert.throws(() => parseArgs(argv, spec), (e: unknown) => e instanceof UsageError && e.flag === flag && message.test(e.message), argv.join(' '));
  }
});

test('main: --version, --help, unknown command (exit 2, JSON error with --json)', async () => {
  let io = capture();
  assert.equal(await main(['--version'], io), 0);
  assert.match(io.out, /^\d+\.\d+\.\d+/);
  io = capture();
  assert.equal(await main(['--help'], io), 0);
  assert.match(io.out, /Usage: gradlab <command>/);
  io = capture();
  assert.equal(await main(['frobnicate', '--json'], io), 2);
  const body = JSON.parse(io.out);
  assert.match(body.error.message, /Unknown command "frobnicate"/);
  io = capture();
  assert.equal(await main(['frobnicate'], io), 2);
  assert.equal(io.out, '');
  assert.match(io.err, /Unknown command/);
});

test('dist/cli.js is executable with a shebang and prints the package version', () => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.js'), '--only=cli'], { cwd: root });
  const r = spawnSync(path.join(root, 'dist/cli.js'), ['--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), require(path.join(root, 'package.json')).version);
  const bad = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), '--nope', '--json'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(JSON.parse(bad.stdout).error.flag, 'nope');
});
