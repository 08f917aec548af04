/**
 * A gradient check from source text to report: find the function and its gradient (or derive one),
 * transpile the file and its local imports, evaluate everything in one sandboxed worker, then
 * compare with torch's rule and explain the mismatches.
 */
import { GradLabError, type Place } from '../errors';
import { Rng } from '../numeric/rng';
import { CHECK_WORKER_MAIN } from './checkWorker';
import { comparePoint } from './compare';
import { deriveGradient } from './deriveGradient';
import { diagnose, type DiagnoseInput } from './diagnose';
import {
  findCheckTarget,
  normalizePoint,
  parseModule,
  placeOf,
  moduleSyntaxError,
  type CheckTarget,
  type ParsedModule,
} from './findTarget';
import { buildModules, type BuiltModules } from './modules';
import { runInSandbox, SandboxStop, sandboxError } from './sandbox';
import {
  DEFAULT_TOLERANCES,
  type Diagnosis,
  type EpsSweep,
  type GradcheckOptions,
  type GradcheckRequest,
  type GradcheckResult,
  type Tolerances,
} from './types';
import {
  isWorkerProgress,
  isWorkerReply,
  type CheckSpec,
  type Phase,
  type WorkerDone,
  type WorkerFailure,
} from './workerProtocol';

export const DEFAULT_TIMEOUT_MS = 2000;
export const DEFAULT_MEMORY_MB = 512;
export const DEFAULT_RANDOM_POINTS = 3;
/** Steps at which mismatched components are re-evaluated for the diagnoses. */
export const PROBE_EPS: readonly number[] = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9];
/** Steps of the eps sweep chart: truncation error dominates on the left, round-off on the right. */
export const SWEEP_EPS: readonly number[] = [
  1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12,
];
const MAX_PROBED = 32;
/** The sweep follows this many components (12 steps × 2 evaluations each), so it stays cheap at n = 1000. */
const SWEEP_COMPONENTS = 32;
/** Internal names of the derived gradient and its tape inside the checked module. */
const DERIVED = '__gradlab_gradient';
const DERIVED_TAPE = '__gradlab_tape';

/**
 * Checks the gradient of `request.functionName` against central differences.
 * Resolves with the report, ok or not; rejects with a GradLabError (code `syntax`, `not-found`,
 * `unsupported`, `bad-point`, `user-code`, `non-finite`, `shape`, `timeout`, `cancelled`), with a
 * place in the checked file when there is one.
 * @example const r = await runGradcheck({ path, source, functionName: 'loss', readModule }, { signal });
 */
export async function runGradcheck(
  request: GradcheckRequest,
  options: GradcheckOptions = {},
): Promise<GradcheckResult> {
  const t0 = performance.now();
  const tol = tolerances(options);
  const limits = sandboxLimits(options);
  // Editors do not count a byte-order mark as a column; neither do our places.
  const source = withoutBom(request.source);
  const readModule = request.readModule;
  const read = readModule
    ? async (p: string) => {
        const text = await readModule(p);
        return text === undefined ? undefined : withoutBom(text);
      }
    : undefined;
  const module = parseModule(request.path, source);
  const syntax = moduleSyntaxError(module, request.path);
  if (syntax) throw syntax;
  const target = findCheckTarget(module, request.functionName, options.gradient);
  const points = choosePoints(module, target, options);
  const derived = target.companion ? undefined : deriveOrExplain(module, target);
  const g = target.companion ? target.companion.name : DERIVED;
  const append = target.companion
    ? ''
    : deriveGradient(module, target, {
        name: DERIVED,
        tapeName: DERIVED_TAPE,
        includeTape: true,
        exported: false,
      }).text;
  const built = await buildModules(request.path, source, read, [target.fn.name, g], append);
  const fLabel = target.fn.name;
  const gLabel = target.companion ? target.companion.name : `the derived gradient of ${fLabel}`;
  const spec: CheckSpec = {
    modules: built.modules,
    entry: built.entry,
    f: target.fn.name,
    g,
    fLabel,
    gLabel,
    shape: target.shape,
    vectorType: vectorType(target.fn.paramTypes[0]),
    points,
    ...tol,
    probeEps: [...PROBE_EPS],
    maxProbe: MAX_PROBED,
    sweepEps: options.sweep ? [...SWEEP_EPS] : null,
    sweepComponents: SWEEP_COMPONENTS,
  };
  let phase: Phase = 'load';
  let phasePoint = -1;
  let reply;
  try {
    reply = await runInSandbox(CHECK_WORKER_MAIN, spec, isWorkerReply, {
      ...limits,
      signal: options.signal,
      onMessage: (m) => {
        if (isWorkerProgress(m)) ({ phase, point: phasePoint } = m);
      },
    });
  } catch (e) {
    if (!(e instanceof SandboxStop)) throw e;
    let during = phaseText(phase, phasePoint, fLabel, gLabel);
    const n = points[0]?.x.length ?? 0;
    // A time limit that runs out during the differences of a large x may just be too short.
    const last = phase as Phase; // set by the progress callback
    if (e.reason === 'timeout' && (last === 'numeric' || last === 'probe') && n >= 1000)
      during += `; x has ${n} components, so each point takes ${2 * n + 1} evaluations of ${fLabel}`;
    const err = sandboxError(e, `Checking "${fLabel}"${during ? ` (${during})` : ''}`);
    throw new GradLabError(err.code, err.message, placeForPhase(module, target, phase), {
      cause: e,
    });
  }
  if (reply.type === 'error') {
    const err = failureError(reply, built, module, target, fLabel, gLabel);
    throw withDimensionHint(err, reply, points, target);
  }
  if (
    reply.points.length !== points.length ||
    reply.points.some((p, k) => p.x.length !== points[k]!.x.length)
  ) {
    throw new GradLabError(
      'internal',
      `The check's process answered for ${reply.points.length} points where ${points.length} were asked: did the file post messages of its own?`,
    );
  }
  return report(reply, target, module, tol, options, derived, t0);
}

const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function sandboxLimits(options: GradcheckOptions): { timeoutMs: number; memoryMb: number } {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const memoryMb = options.memoryMb ?? DEFAULT_MEMORY_MB;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0))
    throw new GradLabError(
      'bad-argument',
      `timeoutMs must be a positive number of milliseconds, got ${timeoutMs}.`,
    );
  if (!(Number.isFinite(memoryMb) && memoryMb >= 16))
    throw new GradLabError('bad-argument', `memoryMb must be at least 16, got ${memoryMb}.`);
  return { timeoutMs, memoryMb };
}

/**
 * A vector function that fails at a point whose length differs from its @point tags' usually
 * indexes past the end (x[2] of a 2-vector is undefined, so f is NaN): say so.
 */
function withDimensionHint(
  err: GradLabError,
  reply: WorkerFailure,
  points: { x: number[] }[],
  target: CheckTarget,
): GradLabError {
  if (target.shape !== 'vector' || reply.phase === 'load') return err;
  if (err.code !== 'non-finite' && err.code !== 'user-code' && err.code !== 'shape') return err;
  const x = points[Math.max(reply.point ?? 0, 0)]?.x;
  const tagged = target.tagPoints[0]?.length;
  if (!x || tagged === undefined || tagged === x.length) return err;
  return new GradLabError(
    err.code,
    `${err.message} Note: this point has ${x.length} components but the @point tags of "${target.fn.name}" have ${tagged}.`,
    err.place,
    { cause: err.cause },
  );
}

/** The derived gradient, or an error that also says which companion names were tried. */
function deriveOrExplain(module: ParsedModule, target: CheckTarget): GradcheckResult['derived'] {
  try {
    return deriveGradient(module, target);
  } catch (e) {
    if (!(e instanceof GradLabError)) throw e;
    const message = `"${target.fn.name}" has no gradient (tried ${target.tried.join(', ')}), and ${e.message.charAt(0).toLowerCase()}${e.message.slice(1)}`;
    throw new GradLabError(e.code, message, e.place, { cause: e });
  }
}

function tolerances(options: GradcheckOptions): Tolerances {
  const tol = {
    eps: options.eps ?? DEFAULT_TOLERANCES.eps,
    atol: options.atol ?? DEFAULT_TOLERANCES.atol,
    rtol: options.rtol ?? DEFAULT_TOLERANCES.rtol,
  };
  for (const [k, v] of Object.entries(tol)) {
    if (!(Number.isFinite(v) && v >= 0) || (k === 'eps' && v === 0)) {
      throw new GradLabError(
        'bad-argument',
        `${k} must be a ${k === 'eps' ? 'positive' : 'non-negative'} number, got ${v}.`,
      );
    }
  }
  return tol;
}

function vectorType(typeText: string | undefined): CheckSpec['vectorType'] {
  const t = typeText?.replace(/\s+/g, '');
  return t === 'Float64Array' ? 'float64' : t === 'Float32Array' ? 'float32' : 'array';
}

/** Caller's points, else `@point` tags, else seeded random points (a vector needs a dimension). */
function choosePoints(
  module: ParsedModule,
  target: CheckTarget,
  options: GradcheckOptions,
): { x: number[]; random: boolean }[] {
  const arity = target.arity;
  if (options.points && options.points.length > 0) {
    return options.points.map((p, k) => {
      try {
        return { x: normalizePoint(p, target.shape, arity), random: false };
      } catch (e) {
        throw new GradLabError(
          'bad-point',
          `Point ${k + 1} for "${target.fn.name}": ${(e as Error).message}.`,
        );
      }
    });
  }
  const tagged = target.tagPoints;
  if (tagged.length > 0) {
    const dims = new Set(tagged.map((p) => p.length));
    if (dims.size > 1)
      throw new GradLabError(
        'bad-point',
        `The @point tags of "${target.fn.name}" have different lengths (${[...dims].join(', ')}).`,
        target.place,
      );
    return tagged.map((x) => ({ x, random: false }));
  }
  const dim = target.shape === 'vector' ? options.dimension : target.shape === 'scalar' ? 1 : arity;
  if (dim === undefined || !(Number.isInteger(dim) && dim > 0)) {
    throw new GradLabError(
      'bad-point',
      `"${target.fn.name}" takes a vector and has no @point tag, so its dimension is unknown: give a point (--point '[1, 2, 3]') or add a @point tag.`,
      placeOf(module, target.fn),
    );
  }
  const rng = new Rng(options.seed ?? 42);
  const count = options.randomPoints ?? DEFAULT_RANDOM_POINTS;
  return Array.from({ length: count }, () => ({
    x: Array.from({ length: dim }, () => rng.uniform(-1, 1)),
    random: true,
  }));
}

function phaseText(phase: Phase, point: number, f: string, g: string): string {
  const at = point >= 0 ? ` at point ${point + 1}` : '';
  switch (phase) {
    case 'load':
      return 'loading the module';
    case 'gradient':
      return `evaluating ${g}${at}`;
    case 'sweep':
      return `sweeping eps with ${f}`;
    default:
      return `evaluating ${f}${at}`;
  }
}

function placeForPhase(module: ParsedModule, target: CheckTarget, phase: Phase): Place | undefined {
  if (phase === 'load') return undefined;
  if (phase === 'gradient' && target.companion) return placeOf(module, target.companion.site);
  return placeOf(module, target.fn);
}

/** The user's frame: `at name (/p/loss.ts:12:5)` or `at /p/loss.ts:12:5`. */
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?\s*$/;

interface Frame {
  path: string;
  line: number;
  column: number;
  /** In code GradLab appended (the derived gradient), past the user's last line. */
  generated: boolean;
}

/**
 * The user's frames of a stack, in TypeScript lines: the innermost one in any of the checked
 * modules, and the innermost one in the checked file itself (the place to report).
 */
function userFrames(
  stack: string | undefined,
  built: BuiltModules,
): { innermost?: Frame; inEntry?: Frame } {
  const out: { innermost?: Frame; inEntry?: Frame } = {};
  for (const line of (stack ?? '').split('\n')) {
    const m = FRAME.exec(line);
    const map = m ? built.maps.get(m[1]!) : undefined;
    const pos = m && map ? map.original(Number(m[2]), Number(m[3])) : undefined;
    if (!m || !pos) continue;
    const frame = {
      path: m[1]!,
      ...pos,
      generated: pos.line > (built.sourceLines.get(m[1]!) ?? Infinity),
    };
    out.innermost ??= frame;
    if (m[1] === built.entry && !frame.generated) {
      out.inEntry = frame;
      break;
    }
  }
  return out;
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

function failureError(
  reply: WorkerFailure,
  built: BuiltModules,
  module: ParsedModule,
  target: CheckTarget,
  f: string,
  g: string,
): GradLabError {
  const during = phaseText(reply.phase, reply.point ?? -1, f, g);
  const phasePlace = placeForPhase(module, target, reply.phase);
  if (reply.code === 'syntax') return compileError(reply, built);
  if (reply.code !== 'user-code') {
    const at = reply.point !== undefined && reply.point >= 0 ? ` (point ${reply.point + 1})` : '';
    return new GradLabError(reply.code, `${reply.message.replace(/\.$/, '')}${at}.`, phasePlace);
  }
  const { innermost, inEntry } = userFrames(reply.stack, built);
  const who = reply.phase === 'load' ? 'Loading the file' : reply.phase === 'gradient' ? g : f;
  let message = `${who} threw ${reply.message}`;
  if (innermost && innermost.path !== built.entry) {
    message += ` in ${baseName(innermost.path)} at line ${innermost.line}, column ${innermost.column}`;
    if (inEntry) message += `, called from line ${inEntry.line}`;
  } else if (inEntry) {
    message += ` at line ${inEntry.line}, column ${inEntry.column}`;
  } else if (innermost?.generated) {
    message += ' inside the derived gradient';
  }
  const place: Place | undefined = inEntry
    ? { kind: 'source', line: inEntry.line, column: inEntry.column }
    : phasePlace;
  // The derived gradient runs a copy of f on tape values: what f does with a number that a tape
  // value does not do (x.toFixed()) fails there, in GradLab's code, not in the user's f.
  const hint =
    reply.phase === 'gradient' && !target.companion
      ? ` Autodiff runs a copy of ${f} whose numbers are tape values; this part of ${f} is not something they support. Write ${f}Grad by hand to check ${f}.`
      : '';
  return new GradLabError('user-code', `${message} (${during}).${hint}`, place);
}

/** V8's early errors put `path:line`, the line of code and a caret under the column first. */
const COMPILE_HEADER = /^(.+):(\d+)\n(.*)\n( *)\^/;

/** An error V8 found compiling a module (a redeclared `let`, `with` in strict code), in TS lines. */
function compileError(reply: WorkerFailure, built: BuiltModules): GradLabError {
  const m = COMPILE_HEADER.exec(reply.stack ?? '');
  const path = m?.[1];
  const pos =
    m && path ? built.maps.get(path)?.original(Number(m[2]), m[4]!.length + 1) : undefined;
  if (!m || !path || !pos) return new GradLabError('syntax', `Syntax error: ${reply.message}`);
  const where = `line ${pos.line}, column ${pos.column}`;
  if (path !== built.entry)
    return new GradLabError('syntax', `${path}: syntax error at ${where}: ${reply.message}`);
  return new GradLabError('syntax', `Syntax error at ${where}: ${reply.message}`, {
    kind: 'source',
    ...pos,
  });
}

function report(
  done: WorkerDone,
  target: CheckTarget,
  module: ParsedModule,
  tol: Tolerances,
  options: GradcheckOptions,
  derived: GradcheckResult['derived'],
  t0: number,
): GradcheckResult {
  const points = done.points.map((p) =>
    comparePoint(p.x, p.random, p.value, p.analytic, p.numeric, tol),
  );
  const ok = points.every((p) => p.ok);
  const unsteady = unsteadyValue(done);
  const found = ok
    ? []
    : diagnose({
        points,
        probes: done.points.map((p) => p.probe),
        probeEps: PROBE_EPS,
        tol,
        fFloat32: done.fFloat32,
        unsteady,
      });
  const diagnoses = derived && !unsteady ? blameDerived(found, target, derived) : found;
  return {
    function: target.fn.name,
    gradient: target.companion ? target.companion.name : 'autodiff',
    companionRule: target.companion
      ? options.gradient && options.gradient !== 'autodiff'
        ? 'option'
        : target.companion.rule
      : 'autodiff',
    shape: target.shape,
    ok,
    tolerances: tol,
    points,
    diagnoses,
    ...(done.sweep ? { sweep: sweepOf(done, points[0]!.analytic) } : {}),
    ...(derived ? { derived } : {}),
    functionPlace: placeOf(module, target.fn),
    ...(target.companion ? { gradientPlace: placeOf(module, target.companion.site) } : {}),
    triedNames: target.tried,
    timing: { totalMs: performance.now() - t0, evaluateMs: done.evaluateMs },
  };
}

/**
 * With no companion the gradient that disagrees is GradLab's own: a sign or a factor there is not
 * the user's bug. The numeric explanations (kinks, round-off) stand; the rest become one
 * diagnosis that says what autodiff did not follow.
 */
function blameDerived(
  found: Diagnosis[],
  target: CheckTarget,
  derived: NonNullable<GradcheckResult['derived']>,
): Diagnosis[] {
  const kept = found.filter((d) => d.notABug);
  const blamed = found.filter((d) => !d.notABug);
  if (blamed.length === 0) return found;
  const indices = [...new Set(blamed.flatMap((d) => d.indices))].sort((a, b) => a - b);
  const f = target.fn.name;
  const why =
    derived.warnings.length > 0
      ? derived.warnings
          .map((w) => w.replace(/ If the check fails, write \S+ by hand\.$/, ''))
          .join(' ')
      : `It may test a value's truthiness (if (x), x || y), which a tape value does not keep.`;
  return [
    ...kept,
    {
      kind: 'unexplained',
      message: `The gradient that disagrees is the one GradLab derived by autodiff (${f} has no companion): autodiff did not follow all of ${f}. ${why} Write ${derived.name} by hand to check ${f}.`,
      indices,
      notABug: false,
    },
  ];
}

/** The first point where f gave two different values for the same x, if any. */
function unsteadyValue(done: WorkerDone): DiagnoseInput['unsteady'] {
  const k = done.points.findIndex((p) => p.valueAgain !== undefined);
  const p = done.points[k];
  return p ? { point: k, first: p.value, second: p.valueAgain! } : undefined;
}

function sweepOf(done: WorkerDone, analytic: number[]): EpsSweep {
  const { indices, numeric } = done.sweep!;
  const scale = Math.max(1e-300, ...indices.map((i) => Math.abs(analytic[i]!)));
  const maxAbsErr = numeric.map((column) => {
    let m = 0;
    column.forEach((v, k) => {
      const e = Math.abs(analytic[indices[k]!]! - v);
      if (!(e <= m)) m = e; // NaN wins: a step where f was not finite shows as a gap
    });
    return m;
  });
  return {
    point: 0,
    components: indices,
    eps: [...SWEEP_EPS],
    maxAbsErr,
    maxRelErr: maxAbsErr.map((e) => e / scale),
  };
}
