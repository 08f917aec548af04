/**
 * The sandbox side of a gradient check. `checkWorkerMain` is sent to the check's process as
 * source text (CHECK_WORKER_MAIN), so it must be self-contained: it may use globals and the
 * channel's `require` of Node built-ins, but nothing from this file's scope or imports (types are
 * fine: they are erased). All 2·n + 1 evaluations per point, the probes and the sweep run there,
 * in one round trip.
 */
import type { SandboxChannel } from './sandbox';
import type { CheckSpec, Phase, WorkerDone, WorkerFailure, WorkerPoint } from './workerProtocol';

export function checkWorkerMain(channel: SandboxChannel): void {
  // Everything the harness uses after user code has run is captured first: a file that patches
  // Array.prototype.slice, Math.abs or Number.isFinite changes its own results, not the check's.
  const { isArray } = Array;
  const { isView } = ArrayBuffer;
  const { isFinite, isInteger } = Number;
  const { abs, fround } = Math;
  const apply = Reflect.apply;
  const arraySort = Array.prototype.sort;
  const F64 = Float64Array;
  const F32 = Float32Array;
  const ErrorCtor = Error;
  const DataViewCtor = DataView;
  const is = Object.is;
  const stringify = JSON.stringify;
  const now = performance.now.bind(performance);
  const vm = channel.require('node:vm') as typeof import('node:vm');
  const compileFunction = vm.compileFunction;
  const hostRequire = channel.require;
  const spec = channel.data as CheckSpec;

  // Containment, not security: user modules get our `require`, not Node's, and the calls that
  // would end or escape the process throw where they are called, so the report has their line.
  const g = globalThis as Record<string, unknown>;
  delete g['require'];
  delete g['module'];
  delete g['exports'];
  const forbid = (name: string) => () => {
    throw new ErrorCtor(`${name} is not allowed in a gradient check`);
  };
  const proc = process as unknown as Record<string, unknown>;
  proc['exit'] = (code?: number) => forbid(`process.exit(${code ?? ''})`)();
  proc['kill'] = forbid('process.kill()');
  const blocked = [
    'abort',
    'reallyExit',
    'dlopen',
    'binding',
    '_linkedBinding',
    'getBuiltinModule',
  ];
  for (let k = 0; k < blocked.length; k++)
    if (blocked[k]! in proc) proc[blocked[k]!] = forbid(`process.${blocked[k]!}()`);

  let phase: Phase = 'load';
  let pointIndex = -1;
  const progress = (p: Phase) => {
    phase = p;
    channel.post({ type: 'phase', phase: p, point: pointIndex });
  };
  progress('load');
  class Fail {
    constructor(
      readonly code: WorkerFailure['code'],
      readonly message: string,
      readonly stack?: string,
    ) {}
  }

  // `throw 42` has no stack: every `throw` in the user's modules goes through this (modules.ts
  // rewrites it), which notes where a non-Error value was thrown.
  let lastThrow: { value: unknown; stack: string | undefined } | undefined;
  const thrown = (value: unknown): unknown => {
    if (!(value instanceof ErrorCtor)) lastThrow = { value, stack: new ErrorCtor().stack };
    return value;
  };

  // The module loader: `modules` holds CommonJS code, deps the host resolved.
  let exposed: Record<string, unknown> = {};
  const cache = new Map<string, { exports: unknown }>();
  const load = (path: string): unknown => {
    const hit = cache.get(path);
    if (hit) return hit.exports;
    const mod = spec.modules[path]!;
    const module = { exports: {} as unknown };
    cache.set(path, module);
    const params = [
      'exports',
      'require',
      'module',
      '__filename',
      '__dirname',
      '__gradlab_expose',
      '__gradlab_thrown',
    ];
    let fn: (...args: unknown[]) => unknown;
    try {
      fn = compileFunction(mod.code, params, { filename: path }) as typeof fn;
    } catch (e) {
      // Early errors TypeScript's parser lets through (`let x` twice): the stack's first line is
      // `path:line`, then the line and a caret under the column.
      const stack = e instanceof ErrorCtor ? e.stack : undefined;
      throw new Fail('syntax', e instanceof ErrorCtor ? e.message : String(e), stack);
    }
    const localRequire = (name: string): unknown => {
      const target = mod.deps[name];
      if (target === undefined) {
        throw new ErrorCtor(
          `require("${name}") is not allowed in a gradient check: only relative imports and node:assert load`,
        );
      }
      return spec.modules[target] ? load(target) : hostRequire(target);
    };
    const dir = path.slice(0, Math.max(path.lastIndexOf('/'), 0)) || '/';
    const expose = (o: Record<string, unknown>) => {
      exposed = o;
    };
    apply(fn, module.exports, [module.exports, localRequire, module, path, dir, expose, thrown]);
    return module.exports;
  };

  const t0 = now();
  const n0 = spec.points[0]?.x.length ?? 0;
  let f: (...a: unknown[]) => unknown;
  let grad: (...a: unknown[]) => unknown;
  let fFloat32 = true;
  let fFraction = false;

  const copy = (x: ArrayLike<number>): number[] => {
    const out: number[] = [];
    for (let i = 0; i < x.length; i++) out[i] = x[i]!;
    return out;
  };
  // A fresh copy per call: the user's function may write into its argument.
  const asInput = (x: ArrayLike<number>): unknown => {
    if (spec.vectorType === 'float64') {
      const out = new F64(x.length);
      for (let i = 0; i < x.length; i++) out[i] = x[i]!;
      return out;
    }
    if (spec.vectorType === 'float32') {
      const out = new F32(x.length);
      for (let i = 0; i < x.length; i++) out[i] = x[i]!;
      return out;
    }
    return copy(x);
  };
  /** The argument actually passed for component value v (a Float32Array rounds it). */
  const passed = (v: number) => (spec.vectorType === 'float32' ? fround(v) : v);
  const isThenable = (v: unknown) => {
    try {
      return (
        v !== null &&
        (typeof v === 'object' || typeof v === 'function') &&
        typeof (v as { then?: unknown }).then === 'function'
      );
    } catch {
      return false;
    }
  };
  const show = (v: unknown): string => {
    if (typeof v === 'number') return String(v);
    if (v === null) return 'null';
    if (v === undefined) return 'undefined (no return value?)';
    if (typeof v === 'bigint') return `a BigInt (${String(v)}n)`;
    if (typeof v === 'string')
      return `a string (${stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)})`;
    if (isThenable(v)) return 'a Promise (an async function? the check calls it synchronously)';
    if (isArray(v)) return `an array of length ${v.length}`;
    if (isView(v)) return 'a typed array';
    return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
  };

  /** Where f was evaluated, for messages: x, or x ± h·e_i (built only when something fails). */
  const at = (i: number, h: number) => (i < 0 ? 'x' : `x ${h < 0 ? '-' : '+'} ${abs(h)}·e_${i}`);

  /** f at x (x ± h·e_i); `strict` turns a non-finite value into a failure, else it returns NaN. */
  const callF = (x: ArrayLike<number>, strict: boolean, i = -1, h = 0, xi = 0): number => {
    const y = spec.shape === 'vector' ? f(asInput(x)) : apply(f, undefined, copy(x));
    if (typeof y !== 'number') {
      throw new Fail('shape', `${spec.fLabel} returned ${show(y)}, not a number, at ${at(i, h)}.`);
    }
    if (!isFinite(y)) {
      if (strict) {
        // f was finite at x itself (it is evaluated first): x is within eps of a domain edge.
        const edge =
          i >= 0
            ? ` x[${i}] = ${xi} lies within eps = ${abs(h)} of where ${spec.fLabel} is not finite (a domain edge: log(0), sqrt of a negative, a division by zero); check at a point further inside, or use a smaller eps.`
            : '';
        throw new Fail('non-finite', `${spec.fLabel}(${at(i, h)}) is ${y}.${edge}`);
      }
      return NaN;
    }
    if (fround(y) !== y) fFloat32 = false;
    if (!isInteger(y)) fFraction = true;
    return y;
  };

  const callGrad = (x: number[], n: number): Float64Array => {
    const r = spec.shape === 'vector' ? grad(asInput(x)) : apply(grad, undefined, copy(x));
    const list: unknown = spec.shape === 'scalar' && typeof r === 'number' ? [r] : r;
    const arrayLike = isArray(list) || (isView(list) && !(list instanceof DataViewCtor));
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
    const out = new F64(n);
    for (let i = 0; i < n; i++) {
      const v = arr[i];
      if (typeof v !== 'number')
        throw new Fail('shape', `${spec.gLabel}(x)[${i}] is ${show(v)}, not a number.`);
      if (!isFinite(v)) throw new Fail('non-finite', `${spec.gLabel}(x)[${i}] is ${v}.`);
      out[i] = v;
    }
    return out;
  };

  /**
   * Central differences of f at x with step h along `indices` (default all): 2 evaluations each.
   * The divisor is the step actually taken, (x + h) − (x − h) as rounded, not 2h: at |x| = 1e8 the
   * two differ by a percent.
   */
  const central = (x: number[], h: number, strict: boolean, indices?: number[]): Float64Array => {
    const count = indices ? indices.length : x.length;
    const w = copy(x);
    const out = new F64(count);
    for (let k = 0; k < count; k++) {
      const i = indices ? indices[k]! : k;
      const xi = x[i]!;
      const step = passed(xi + h) - passed(xi - h);
      if (!(step > 0)) {
        if (strict)
          throw new Fail(
            'bad-argument',
            `eps = ${h} is below the resolution of x[${i}] = ${xi} (x ± eps rounds to x); use a larger eps.`,
          );
        out[k] = NaN;
        continue;
      }
      w[i] = xi + h;
      const fp = callF(w, strict, i, h, xi);
      w[i] = xi - h;
      const fm = callF(w, strict, i, -h, xi);
      w[i] = xi;
      out[k] = (fp - fm) / step;
    }
    return out;
  };

  /** The sweep's components: the mismatched ones first, then the largest |analytic|. */
  const sweepIndices = (p: WorkerPoint): number[] => {
    const chosen: number[] = [];
    const has = (i: number) => {
      for (let k = 0; k < chosen.length; k++) if (chosen[k] === i) return true;
      return false;
    };
    const probed = p.probe.indices;
    for (let k = 0; k < probed.length && chosen.length < spec.sweepComponents; k++)
      chosen[chosen.length] = probed[k]!;
    const byMagnitude: number[] = [];
    for (let i = 0; i < p.analytic.length; i++) byMagnitude[i] = i;
    apply(arraySort, byMagnitude, [
      (a: number, b: number) => abs(p.analytic[b]!) - abs(p.analytic[a]!),
    ]);
    for (let k = 0; k < byMagnitude.length && chosen.length < spec.sweepComponents; k++) {
      const i = byMagnitude[k]!;
      if (!has(i)) chosen[chosen.length] = i;
    }
    return apply(arraySort, chosen, [(a: number, b: number) => a - b]) as number[];
  };

  const checkPoint = (p: { x: number[]; random: boolean }): WorkerPoint => {
    let x = copy(p.x);
    progress('f');
    let value = callF(x, !p.random);
    if (value !== value) {
      // A random point outside f's domain (log, sqrt): try the positive point of the same size.
      const positive: number[] = [];
      for (let i = 0; i < x.length; i++) positive[i] = abs(x[i]!) + 0.1;
      x = positive;
      value = callF(x, true);
    }
    // Once more at the same x: a function that answers differently (Math.random, a counter)
    // makes every finite difference noise, and the diagnoses say so instead of blaming the gradient.
    const again = callF(x, false);
    progress('gradient');
    const analytic = callGrad(x, x.length);
    progress('numeric');
    const numeric = central(x, spec.eps, true);
    progress('probe');
    const indices: number[] = [];
    for (let i = 0; i < x.length && indices.length < spec.maxProbe; i++) {
      if (!(abs(analytic[i]! - numeric[i]!) <= spec.atol + spec.rtol * abs(numeric[i]!)))
        indices[indices.length] = i;
    }
    const plus: number[][] = [];
    const minus: number[][] = [];
    const w = copy(x);
    for (let e = 0; e < spec.probeEps.length; e++) {
      const h = spec.probeEps[e]!;
      const ps: number[] = [];
      const ms: number[] = [];
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k]!;
        w[i] = x[i]! + h;
        ps[ps.length] = callF(w, false);
        w[i] = x[i]! - h;
        ms[ms.length] = callF(w, false);
        w[i] = x[i]!;
      }
      plus[plus.length] = ps;
      minus[minus.length] = ms;
    }
    return {
      x,
      random: p.random,
      value,
      ...(again === value ? {} : { valueAgain: again }),
      analytic,
      numeric,
      probe: { indices, plus, minus },
    };
  };

  const failureOf = (e: unknown): WorkerFailure => {
    if (e instanceof Fail) {
      return {
        type: 'error',
        code: e.code,
        message: e.message,
        phase,
        point: pointIndex,
        ...(e.stack !== undefined ? { stack: e.stack } : {}),
      };
    }
    let message: string;
    let stack: string | undefined;
    try {
      if (e instanceof ErrorCtor) {
        message = `${e.name}: ${e.message}`;
        stack = typeof e.stack === 'string' ? e.stack : undefined;
      } else {
        message = describeThrown(e);
        if (lastThrow && is(lastThrow.value, e)) stack = lastThrow.stack;
      }
    } catch {
      message = 'an exception that cannot be printed';
    }
    return { type: 'error', code: 'user-code', message, stack, phase, point: pointIndex };
  };
  const describeThrown = (e: unknown): string => {
    if (typeof e === 'string')
      return `the string ${stringify(e.length > 80 ? e.slice(0, 80) + '…' : e)}`;
    if (typeof e === 'number' || typeof e === 'boolean') return `the ${typeof e} ${String(e)}`;
    if (e === null || e === undefined) return String(e);
    if (typeof e === 'symbol' || typeof e === 'bigint') return `the ${typeof e} ${String(e)}`;
    if (typeof e === 'object') {
      let json: string | undefined;
      try {
        json = stringify(e);
      } catch {
        json = undefined;
      }
      return json !== undefined && json.length <= 80 ? `the object ${json}` : 'an object';
    }
    return `a ${typeof e}`;
  };

  let result: WorkerDone | WorkerFailure;
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
    const t1 = now();
    const points: WorkerPoint[] = [];
    for (pointIndex = 0; pointIndex < spec.points.length; pointIndex++)
      points[pointIndex] = checkPoint(spec.points[pointIndex]!);
    let sweep: WorkerDone['sweep'] = null;
    if (spec.sweepEps && points[0] && n0 > 0) {
      pointIndex = 0;
      progress('sweep');
      const indices = sweepIndices(points[0]);
      const numeric: Float64Array[] = [];
      for (let e = 0; e < spec.sweepEps.length; e++)
        numeric[e] = central(points[0].x, spec.sweepEps[e]!, false, indices);
      sweep = { indices, numeric };
    }
    result = {
      type: 'done',
      points,
      fFloat32: fFloat32 && fFraction,
      sweep,
      loadMs: t1 - t0,
      evaluateMs: now() - t1,
    };
  } catch (e) {
    result = failureOf(e);
  }
  channel.finish(result);
}

/** The main function the sandbox runs (see runInSandbox). */
export const CHECK_WORKER_MAIN = checkWorkerMain.toString();
