/**
 * Gradient check of a 1000-dimensional function (2001 evaluations of f plus one of its gradient):
 * the check's total time against the time the user's function alone takes for those evaluations,
 * and against a naive peer that does one worker round trip per evaluation. Also the CodeLens's
 * token scan of a 5000-line file against a full TypeScript parse of it.
 */
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { listCheckableFunctions, runGradcheck } from '../src/engine/gradcheck';

const N = 1000;
const SOURCE = `
const W: number[] = Array.from({ length: ${N} }, (_, i) => Math.sin(i) + 1.5);

/** Logistic-style loss with an L2 term: O(n) per evaluation. */
export function loss(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.log1p(Math.exp(W[i]! * x[i]!)) + 0.5 * x[i]! * x[i]!;
  return s;
}

export function lossGrad(x: number[]): number[] {
  return x.map((v, i) => W[i]! / (1 + Math.exp(-W[i]! * v)) + v);
}
`;
const POINT = Array.from({ length: N }, (_, i) => Math.cos(i) * 0.5);

/** The module's functions, compiled the way the check compiles them, in this thread. */
function compile(): {
  loss: (x: number[]) => number;
  lossGrad: (x: number[]) => number[];
  js: string;
} {
  const js = ts.transpileModule(SOURCE, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const exports: Record<string, unknown> = {};
  new Function('exports', js)(exports);
  return {
    ...(exports as { loss: (x: number[]) => number; lossGrad: (x: number[]) => number[] }),
    js,
  };
}

/** The user code's own time: f at x and at x ± eps·e_i (2n + 1 calls, each on a fresh copy), and the gradient once. */
function userTimeMs(loss: (x: number[]) => number, lossGrad: (x: number[]) => number[]): number {
  const t0 = performance.now();
  let sink = loss(POINT.slice());
  const w = POINT.slice();
  for (let i = 0; i < N; i++) {
    w[i] = POINT[i]! + 1e-6;
    sink += loss(w.slice());
    w[i] = POINT[i]! - 1e-6;
    sink += loss(w.slice());
    w[i] = POINT[i]!;
  }
  sink += lossGrad(POINT.slice())[0]!;
  if (!Number.isFinite(sink)) throw new Error('non-finite');
  return performance.now() - t0;
}

async function oursMs(): Promise<{ ms: number; maxAbsErr: number; ok: boolean }> {
  const t0 = performance.now();
  const r = await runGradcheck(
    { path: '/bench/loss.ts', source: SOURCE, functionName: 'loss' },
    { points: [POINT], timeoutMs: 60_000 },
  );
  return { ms: performance.now() - t0, maxAbsErr: r.points[0]!.maxAbsErr, ok: r.ok };
}

/** The naive peer: the same worker sandbox, but one postMessage round trip per evaluation. */
async function peerMs(js: string): Promise<{ ms: number; maxAbsErr: number }> {
  const t0 = performance.now();
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     const exports = {};
     new Function('exports', ${JSON.stringify(js)})(exports);
     parentPort.on('message', (m) => parentPort.postMessage(m.grad ? exports.lossGrad(m.x) : exports.loss(m.x)));`,
    { eval: true },
  );
  const call = (x: number[], grad = false) =>
    new Promise<unknown>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage({ x, grad });
    });
  const analytic = (await call(POINT, true)) as number[];
  await call(POINT);
  let maxAbsErr = 0;
  const w = POINT.slice();
  for (let i = 0; i < N; i++) {
    w[i] = POINT[i]! + 1e-6;
    const fp = (await call(w)) as number;
    w[i] = POINT[i]! - 1e-6;
    const fm = (await call(w)) as number;
    w[i] = POINT[i]!;
    maxAbsErr = Math.max(maxAbsErr, Math.abs(analytic[i]! - (fp - fm) / 2e-6));
  }
  await worker.terminate();
  return { ms: performance.now() - t0, maxAbsErr };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

async function main(): Promise<void> {
  const { loss, lossGrad, js } = compile();
  const cold = await oursMs(); // first check: loads and JITs the TypeScript compiler
  for (let k = 0; k < 3; k++) userTimeMs(loss, lossGrad); // warm the JIT for the user's own time
  const ours: number[] = [];
  const peer: number[] = [];
  const user: number[] = [];
  let last = cold;
  let peerErr = 0;
  for (let round = 0; round < 5; round++) {
    user.push(userTimeMs(loss, lossGrad));
    last = await oursMs();
    ours.push(last.ms);
    const p = await peerMs(js);
    peer.push(p.ms);
    peerErr = p.maxAbsErr;
  }
  const overhead = median(ours) - median(user);
  console.log(
    `user code alone, 2001 evaluations of f + 1 of the gradient: ${median(user).toFixed(1)} ms`,
  );
  console.log(
    `ours (one worker, one round trip):   ${median(ours).toFixed(1)} ms (overhead ${overhead.toFixed(1)} ms; first check, cold: ${cold.ms.toFixed(0)} ms) ok=${last.ok} maxAbsErr=${last.maxAbsErr.toExponential(2)}`,
  );
  console.log(
    `peer (a round trip per evaluation):  ${median(peer).toFixed(1)} ms maxAbsErr=${peerErr.toExponential(2)}`,
  );
  console.log(`peer / ours: ${(median(peer) / median(ours)).toFixed(2)}x`);

  // The CodeLens's scan: a 5000-line file, against TypeScript's full parse of it.
  let big = '';
  for (let i = 0; big.split('\n').length < 5000; i++) {
    big += `/**\n * Loss ${i}.\n * @point [1, 2]\n */\nexport function loss${i}(x: number[]): number {\n  let s = 0;\n  const label = \`loss \${${i}}\`;\n  for (let j = 0; j < x.length; j++) s += (x[j]! * x[j]!) / 2;\n  return s + label.length;\n}\nexport const loss${i}Grad = (x: number[]): number[] => x.map((v) => v);\n\n`;
  }
  const scan: number[] = [];
  const parse: number[] = [];
  let listed = 0;
  for (let k = 0; k < 5; k++) listCheckableFunctions(big);
  for (let round = 0; round < 30; round++) {
    let t0 = performance.now();
    listed = listCheckableFunctions(big).length;
    scan.push(performance.now() - t0);
    t0 = performance.now();
    ts.createSourceFile('big.ts', big, ts.ScriptTarget.Latest, true);
    parse.push(performance.now() - t0);
  }
  console.log(
    `listCheckableFunctions, ${big.split('\n').length} lines (${listed} functions): ${median(scan).toFixed(2)} ms; full parse ${median(parse).toFixed(2)} ms`,
  );
  console.log(
    JSON.stringify({
      bench: 'gradcheck 1000-dim (2001 evaluations)',
      unit: 'ms',
      peer: 'one worker round trip per evaluation',
      ours: median(ours),
      theirs: median(peer),
      ratio: median(ours) / median(peer),
      userMs: median(user),
      overheadMs: overhead,
      coldMs: cold.ms,
    }),
  );
  console.log(
    JSON.stringify({
      bench: 'listCheckableFunctions 5000 lines',
      unit: 'ms',
      peer: 'ts.createSourceFile',
      ours: median(scan),
      theirs: median(parse),
      ratio: median(scan) / median(parse),
    }),
  );
}

void main();
