/**
 * The worker side of a gradient check. `checkWorkerMain` is sent to the worker as source text
 * (CHECK_WORKER_SCRIPT), so it must be self-contained: it may use globals and `require` of Node
 * built-ins, but nothing from this file's scope or imports (types are fine: they are erased).
 * All 2·n + 1 evaluations per point, the probes and the sweep run here, in one round trip.
 */
import type { CheckSpec, Phase, WorkerDone, WorkerFailure, WorkerPoint } from './workerProtocol';

export function checkWorkerMain(): void {
  // This body runs as a worker's eval script, where imports do not exist: require is the way in.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { parentPort, workerData } =
    require('node:worker_threads') as typeof import('node:worker_threads');
  const vm = require('node:vm') as typeof import('node:vm');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const hostRequire = require;
  const spec = workerData as CheckSpec;
  const port = parentPort!;
  // Containment, not security: user modules get our `require`, not Node's, and process.exit
  // throws where it is called (so the report has its line) instead of silently ending the thread.
  const g = globalThis as Record<string, unknown>;
  delete g['require'];
  delete g['module'];
  delete g['exports'];
  process.exit = ((code?: number) => {
    throw new Error(`process.exit(${code ?? ''}) is not allowed in a gradient check`);
  }) as typeof process.exit;

  let phase: Phase = 'load';
  let pointIndex = -1;
  const progress = (p: Phase) => {
    phase = p;
    port.postMessage({ type: 'phase', phase: p, point: pointIndex });
  };
  class Fail {
    constructor(
      readonly code: WorkerFailure['code'],
      readonly message: string,
    ) {}
  }

  // The module loader: `modules` holds CommonJS code, deps the host resolved.
  let exposed: Record<string, unknown> = {};
  const cache = new Map<string, { exports: unknown }>();
  const load = (path: string): unknown => {
    const hit = cache.get(path);
    if (hit) return hit.exports;
    const mod = spec.modules[path]!;
    const module = { exports: {} as unknown };
    cache.set(path, module);
    const params = ['exports', 'require', 'module', '__filename', '__dirname', '__gradlab_expose'];
    const fn = vm.compileFunction(mod.code, params, { filename: path });
    const localRequire = (name: string): unknown => {
      const target = mod.deps[name];
      if (target === undefined) {
        throw new Error(
          `require("${name}") is not allowed in a gradient check: only relative imports and node:assert load`,
        );
      }
      return spec.modules[target] ? load(target) : hostRequire(target);
    };
    const dir = path.slice(0, Math.max(path.lastIndexOf('/'), 0)) || '/';
    fn.call(
      module.exports,
      module.exports,
      localRequire,
      module,
      path,
      dir,
      (o: Record<string, unknown>) => {
        exposed = o;
      },
    );
    return module.exports;
  };

  const t0 = performance.now();
  const n0 = spec.points[0]?.x.length ?? 0;
  let f: (...a: unknown[]) => unknown;
  let grad: (...a: unknown[]) => unknown;
  let fFloat32 = true;
  let fFraction = false;

  // A fresh copy per call: the user's function may write into its argument.
  const asInput = (x: ArrayLike<number>): unknown =>
    spec.vectorType === 'float64'
      ? Float64Array.from(x)
      : spec.vectorType === 'float32'
        ? Float32Array.from(x)
        : Array.isArray(x)
          ? x.slice()
          : Array.from(x);
  const show = (v: unknown) =>
    typeof v === 'number'
      ? String(v)
      : Array.isArray(v)
        ? 'an array'
        : v === undefined
          ? 'undefined'
          : typeof v;

  /** Where f was evaluated, for messages: x, or x ± h·e_i (built only when something fails). */
  const at = (i: number, h: number) =>
    i < 0 ? 'x' : `x ${h < 0 ? '-' : '+'} ${Math.abs(h)}·e_${i}`;

  /** f at x (x ± h·e_i); `strict` turns a non-finite value into a failure, else it returns NaN. */
  const callF = (x: ArrayLike<number>, strict: boolean, i = -1, h = 0): number => {
    const y = spec.shape === 'vector' ? f(asInput(x)) : f(...Array.from(x));
    if (typeof y !== 'number') {
      throw new Fail('shape', `${spec.fLabel} returned ${show(y)}, not a number, at ${at(i, h)}.`);
    }
    if (!Number.isFinite(y)) {
      if (strict) throw new Fail('non-finite', `${spec.fLabel}(${at(i, h)}) is ${y}.`);
      return NaN;
    }
    if (Math.fround(y) !== y) fFloat32 = false;
    if (!Number.isInteger(y)) fFraction = true;
    return y;
  };

  const callGrad = (x: number[], n: number): Float64Array => {
    const r = spec.shape === 'vector' ? grad(asInput(x)) : grad(...x);
    const list: unknown = spec.shape === 'scalar' && typeof r === 'number' ? [r] : r;
    const arrayLike = Array.isArray(list) || ArrayBuffer.isView(list);
    if (!arrayLike) {
      const want = spec.shape === 'scalar' ? 'a number' : `an array of ${n} numbers`;
      throw new Fail('shape', `${spec.gLabel} returned ${show(r)}; expected ${want}.`);
    }
    const arr = list as ArrayLike<unknown>;
    if (arr.length !== n) {
      const per = spec.shape === 'args' ? 'one per argument' : 'one per component of x';
      throw new Fail(
        'shape',
        `${spec.gLabel} returned ${arr.length} numbers; expected ${n} (${per}).`,
      );
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = arr[i];
      if (typeof v !== 'number')
        throw new Fail('shape', `${spec.gLabel}(x)[${i}] is ${show(v)}, not a number.`);
      if (!Number.isFinite(v)) throw new Fail('non-finite', `${spec.gLabel}(x)[${i}] is ${v}.`);
      out[i] = v;
    }
    return out;
  };

  /** Central differences of f at x with step h along `indices` (default all): 2 evaluations each. */
  const central = (x: number[], h: number, strict: boolean, indices?: number[]): Float64Array => {
    const count = indices ? indices.length : x.length;
    const w = x.slice();
    const out = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const i = indices ? indices[k]! : k;
      const xi = x[i]!;
      w[i] = xi + h;
      const fp = callF(w, strict, i, h);
      w[i] = xi - h;
      const fm = callF(w, strict, i, -h);
      w[i] = xi;
      out[k] = (fp - fm) / (2 * h);
    }
    return out;
  };

  /** The sweep's components: the mismatched ones first, then the largest |analytic|. */
  const sweepIndices = (p: WorkerPoint): number[] => {
    const chosen = new Set(p.probe.indices.slice(0, spec.sweepComponents));
    const byMagnitude = Array.from(p.analytic.keys()).sort(
      (a, b) => Math.abs(p.analytic[b]!) - Math.abs(p.analytic[a]!),
    );
    for (const i of byMagnitude) {
      if (chosen.size >= spec.sweepComponents) break;
      chosen.add(i);
    }
    return [...chosen].sort((a, b) => a - b);
  };

  const checkPoint = (p: { x: number[]; random: boolean }): WorkerPoint => {
    let x = p.x.slice();
    progress('f');
    let value = callF(x, !p.random);
    if (Number.isNaN(value)) {
      // A random point outside f's domain (log, sqrt): try the positive point of the same size.
      x = x.map((v) => Math.abs(v) + 0.1);
      value = callF(x, true);
    }
    progress('gradient');
    const analytic = callGrad(x, x.length);
    progress('numeric');
    const numeric = central(x, spec.eps, true);
    progress('probe');
    const indices: number[] = [];
    for (let i = 0; i < x.length && indices.length < spec.maxProbe; i++) {
      if (!(Math.abs(analytic[i]! - numeric[i]!) <= spec.atol + spec.rtol * Math.abs(numeric[i]!)))
        indices.push(i);
    }
    const plus: number[][] = [];
    const minus: number[][] = [];
    const w = x.slice();
    for (const h of spec.probeEps) {
      const ps: number[] = [];
      const ms: number[] = [];
      for (const i of indices) {
        w[i] = x[i]! + h;
        ps.push(callF(w, false));
        w[i] = x[i]! - h;
        ms.push(callF(w, false));
        w[i] = x[i]!;
      }
      plus.push(ps);
      minus.push(ms);
    }
    return { x, random: p.random, value, analytic, numeric, probe: { indices, plus, minus } };
  };

  try {
    load(spec.entry);
    const ff = exposed[spec.f];
    const gg = exposed[spec.g];
    if (typeof ff !== 'function')
      throw new Fail('not-found', `${spec.fLabel} is not a function when the module runs.`);
    if (typeof gg !== 'function')
      throw new Fail('not-found', `${spec.gLabel} is not a function when the module runs.`);
    f = ff as typeof f;
    grad = gg as typeof grad;
    const t1 = performance.now();
    const points: WorkerPoint[] = [];
    for (pointIndex = 0; pointIndex < spec.points.length; pointIndex++)
      points.push(checkPoint(spec.points[pointIndex]!));
    let sweep: WorkerDone['sweep'] = null;
    if (spec.sweepEps && points[0] && n0 > 0) {
      pointIndex = 0;
      progress('sweep');
      const indices = sweepIndices(points[0]);
      sweep = {
        indices,
        numeric: spec.sweepEps.map((h) => central(points[0]!.x, h, false, indices)),
      };
    }
    const done: WorkerDone = {
      type: 'done',
      points,
      fFloat32: fFloat32 && fFraction,
      sweep,
      loadMs: t1 - t0,
      evaluateMs: performance.now() - t1,
    };
    port.postMessage(done);
  } catch (e) {
    let failure: WorkerFailure;
    if (e instanceof Fail)
      failure = { type: 'error', code: e.code, message: e.message, phase, point: pointIndex };
    else {
      let message: string;
      let stack: string | undefined;
      try {
        message =
          e instanceof Error ? `${e.name}: ${e.message}` : `a non-Error value (${String(e)})`;
        stack = e instanceof Error && typeof e.stack === 'string' ? e.stack : undefined;
      } catch {
        message = 'an exception that cannot be printed';
      }
      failure = { type: 'error', code: 'user-code', message, stack, phase, point: pointIndex };
    }
    port.postMessage(failure);
  }
}

/** The script a Worker runs with `eval: true`. */
export const CHECK_WORKER_SCRIPT = `(${checkWorkerMain.toString()})();\n`;
