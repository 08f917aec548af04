/**
 * Gradient check of a 1000-dimensional function (2001 evaluations of f plus one of its gradient):
 * the check's total time (its sandbox is a child process) against the time the user's function
 * alone takes for those evaluations, and against a naive peer that does one worker round trip per
 * evaluation. Also the CodeLens's
 * token scan of a 5000-line file against a full TypeScript parse of it.
 */
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { listCheckableFunctions, runGradcheck } from '../src/engine/gradcheck';

const N = 1000;
const W = `const W: number[] = Array.from({ length: ${N} }, (_, i) => Math.sin(i) + 1.5);`;
/** Two workloads: a loss whose evaluations dominate, and a cheap one where per-call costs do. */
const WORKLOADS = {
  'logistic+L2 (exp, log1p)': `${W}
export function loss(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.log1p(Math.exp(W[i]! * x[i]!)) + 0.5 * x[i]! * x[i]!;
  return s;
}
export function lossGrad(x: number[]): number[] {
  return x.map((v, i) => W[i]! / (1 + Math.exp(-W[i]! * v)) + v);
}
`,
  'weighted sum of squares': `${W}
export function loss(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += W[i]! * x[i]! * x[i]!;
  return s;
}
export function lossGrad(x: number[]): number[] {
  return x.map((v, i) => 2 * W[i]! * v);
}
`,
};
const POINT = Array.from({ length: N }, (_, i) => Math.cos(i) * 0.5);

type Loss = (x: number[]) => number;
type Grad = (x: number[]) => number[];

/** The module's functions, compiled the way the check compiles them, in this thread. */
function compile(source: string): { loss: Loss; lossGrad: Grad; js: string } {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const exports: Record<string, unknown> = {};
  new Function('exports', js)(exports);
  return { ...(exports as { loss: Loss; lossGrad: Grad }), js };
}

/** The user code's own time: f at x and at x ± eps·e_i (2n + 1 calls, each on a fresh copy), and the gradient once. */
function userTimeMs(loss: Loss, lossGrad: Grad): number {
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

async function oursMs(source: string): Promise<{ ms: number; maxAbsErr: number; ok: boolean }> {
  const t0 = performance.now();
  const r = await runGradcheck(
    { path: '/bench/loss.ts', source, functionName: 'loss' },
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
  const results: Record<string, unknown>[] = [];
  for (const [name, source] of Object.entries(WORKLOADS)) {
    const { loss, lossGrad, js } = compile(source);
    const cold = await oursMs(source); // the first check in a process loads and JITs TypeScript
    for (let k = 0; k < 3; k++) userTimeMs(loss, lossGrad); // warm the JIT for the user's own time
    const ours: number[] = [];
    const peer: number[] = [];
    const user: number[] = [];
    let last = cold;
    let peerErr = 0;
    for (let round = 0; round < 5; round++) {
      user.push(userTimeMs(loss, lossGrad));
      last = await oursMs(source);
      ours.push(last.ms);
      const p = await peerMs(js);
      peer.push(p.ms);
      peerErr = p.maxAbsErr;
    }
    const overhead = median(ours) - median(user);
    console.log(`\n${name}, n = ${N}:`);
    console.log(
      `  user code alone (2001 evaluations of f, 1 of the gradient, warm JIT): ${median(user).toFixed(1)} ms`,
    );
    console.log(
      `  ours, one sandbox (child process) round trip: ${median(ours).toFixed(1)} ms, overhead ${overhead.toFixed(1)} ms ` +
        `(first check in the process: ${cold.ms.toFixed(0)} ms) ok=${last.ok} maxAbsErr=${last.maxAbsErr.toExponential(2)}`,
    );
    console.log(
      `  peer, a round trip per evaluation: ${median(peer).toFixed(1)} ms maxAbsErr=${peerErr.toExponential(2)}`,
    );
    console.log(`  peer / ours: ${(median(peer) / median(ours)).toFixed(2)}x`);
    results.push({
      bench: `gradcheck ${name} n=${N} (2001 evaluations)`,
      unit: 'ms',
      peer: 'one worker round trip per evaluation',
      ours: median(ours),
      theirs: median(peer),
      ratio: median(ours) / median(peer),
      userMs: median(user),
      overheadMs: overhead,
      coldMs: cold.ms,
    });
  }

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
    `listCheckableFunctions, ${big.split('\n').length} lines (${listed} functions): median ${median(scan).toFixed(2)} ms, best ${Math.min(...scan).toFixed(2)} ms; ` +
      `full parse median ${median(parse).toFixed(2)} ms, best ${Math.min(...parse).toFixed(2)} ms`,
  );
  for (const r of results) console.log(JSON.stringify(r));
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
