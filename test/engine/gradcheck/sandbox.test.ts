/**
 * The check's sandbox (a child process): what crosses the channel, and how a run that gives no
 * result ends. The corpus tests cover it through whole checks; these cover it alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  runInSandbox,
  SandboxStop,
  type SandboxOptions,
} from '../../../src/engine/gradcheck/sandbox';

const isDone = (m: unknown): m is { type: 'done'; [k: string]: unknown } =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'done';
const limits: SandboxOptions = { timeoutMs: 10_000, memoryMb: 64 };

test('sandbox: a main rewritten by a bundler (keepNames helpers under any name) still runs', async () => {
  // esbuild's keepNames turns `const progress = () => …` into `progress = t(() => …, "progress")`
  // with `t` a module-level helper of the bundle, which the child does not have.
  const main = `function (channel) {
    const progress = t(() => 1, "progress");
    function helper() { return 2; }
    t(helper, "helper");
    channel.finish({ type: 'done', names: [progress.name, helper.name], sum: progress() + helper() });
  }`;
  const r = await runInSandbox(main, null, isDone, limits);
  assert.deepEqual(r, { type: 'done', names: ['progress', 'helper'], sum: 3 });
});

test('sandbox: a result larger than a pipe buffer arrives whole, typed arrays included', async () => {
  const main = `function (channel) {
    const n = channel.data.n;
    const big = new Float64Array(n);
    for (let i = 0; i < n; i++) big[i] = Math.sin(i);
    channel.post({ type: 'phase', n });
    channel.finish({ type: 'done', big });
  }`;
  const progress: unknown[] = [];
  const n = 400_000; // 3.2 MB, far past the 64 KB of a pipe
  const r = await runInSandbox(main, { n }, isDone, {
    ...limits,
    onMessage: (m) => progress.push(m),
  });
  const big = r['big'] as Float64Array;
  assert.ok(big instanceof Float64Array);
  assert.equal(big.length, n);
  for (const i of [0, 1, 12_345, n - 1]) assert.equal(big[i], Math.sin(i));
  assert.deepEqual(progress, [{ type: 'phase', n }]);
});

test('sandbox: a child that exits, hangs or is cancelled ends with the matching SandboxStop', async () => {
  const stop = async (main: string, options: SandboxOptions = limits) => {
    try {
      await runInSandbox(main, null, isDone, options);
    } catch (e) {
      assert.ok(e instanceof SandboxStop, String(e));
      return e;
    }
    assert.fail('expected a SandboxStop');
  };
  const exit = await stop(
    'function (channel) { channel.post({ type: "phase" }); process.exit(3); }',
  );
  assert.equal(exit.reason, 'exit');
  assert.equal(exit.exitCode, 3);
  const hang = await stop('function (channel) { channel.post({ type: "phase" }); for (;;); }', {
    ...limits,
    timeoutMs: 200,
  });
  assert.equal(hang.reason, 'timeout');
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  const cancelled = await stop(
    'function (channel) { channel.post({ type: "phase" }); for (;;); }',
    {
      ...limits,
      signal: controller.signal,
    },
  );
  assert.equal(cancelled.reason, 'cancelled');
});
