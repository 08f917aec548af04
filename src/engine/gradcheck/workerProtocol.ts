/**
 * The messages between the host and the check's worker. The worker runs user code, so the host
 * checks what comes back before it trusts it.
 */
import type { WorkerModule } from './modules';
import type { FunctionShape } from './types';

/** What the worker evaluates: everything for all points, in one round trip. */
export interface CheckSpec {
  modules: Record<string, WorkerModule>;
  entry: string;
  /** Names of the function and of its gradient among the entry's top-level functions. */
  f: string;
  g: string;
  /** How to report them in messages (the derived gradient has an internal name). */
  fLabel: string;
  gLabel: string;
  shape: FunctionShape;
  /** What a `vector` function receives: an Array or the typed array its parameter declares. */
  vectorType: 'array' | 'float64' | 'float32';
  points: { x: number[]; random: boolean }[];
  eps: number;
  atol: number;
  rtol: number;
  /** Steps at which mismatched components are re-evaluated (one-sided and central). */
  probeEps: number[];
  /** At most this many mismatched components per point are probed. */
  maxProbe: number;
  /** Steps of the eps sweep at the first point, or null. */
  sweepEps: number[] | null;
  /** The sweep differentiates along at most this many components (mismatched first). */
  sweepComponents: number;
}

export interface ProbeData {
  /** The probed components. */
  indices: number[];
  /** f(x ± probeEps[e]·e_indices[k]) at [e][k]; NaN when not finite. */
  plus: number[][];
  minus: number[][];
}

export interface WorkerPoint {
  x: number[];
  random: boolean;
  value: number;
  /** f at x evaluated a second time, when it differs from `value` (f is not deterministic). */
  valueAgain?: number;
  analytic: Float64Array;
  numeric: Float64Array;
  probe: ProbeData;
}

export interface WorkerDone {
  type: 'done';
  points: WorkerPoint[];
  /** Every value f returned is a float32 and some is not an integer: f computes in single precision. */
  fFloat32: boolean;
  /** Central differences along `indices` at each sweep step (NaN where not finite). */
  sweep: { indices: number[]; numeric: Float64Array[] } | null;
  loadMs: number;
  evaluateMs: number;
}

/** Where in the check the worker was (also sent as progress, so a timeout can say where). */
export type Phase = 'load' | 'f' | 'gradient' | 'numeric' | 'probe' | 'sweep';

export interface WorkerFailure {
  type: 'error';
  code: 'user-code' | 'non-finite' | 'shape' | 'not-found' | 'syntax' | 'bad-argument';
  message: string;
  phase: Phase;
  /** The user's stack, for the line and column (for `syntax`: V8's `path:line`, code, caret). */
  stack?: string;
  point?: number;
}

export interface WorkerProgress {
  type: 'phase';
  phase: Phase;
  point: number;
}

export type WorkerReply = WorkerDone | WorkerFailure;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isWorkerPoint(v: unknown): v is WorkerPoint {
  return (
    isRecord(v) &&
    Array.isArray(v['x']) &&
    typeof v['value'] === 'number' &&
    v['analytic'] instanceof Float64Array &&
    v['numeric'] instanceof Float64Array &&
    v['analytic'].length === v['numeric'].length &&
    isRecord(v['probe']) &&
    Array.isArray(v['probe']['indices'])
  );
}

/** The worker's final answer (done or failed), checked on arrival. */
export function isWorkerReply(v: unknown): v is WorkerReply {
  if (!isRecord(v)) return false;
  if (v['type'] === 'done') return Array.isArray(v['points']) && v['points'].every(isWorkerPoint);
  return v['type'] === 'error' && typeof v['message'] === 'string' && typeof v['code'] === 'string';
}

export function isWorkerProgress(v: unknown): v is WorkerProgress {
  return (
    isRecord(v) &&
    v['type'] === 'phase' &&
    typeof v['phase'] === 'string' &&
    typeof v['point'] === 'number'
  );
}
