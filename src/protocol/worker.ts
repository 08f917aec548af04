/**
 * The channel between the extension host and dist/worker.js. A job is started with a kind and a
 * payload; the worker answers with progress events, then exactly one result or error. Each side
 * checks what it receives (parseToWorker / parseFromWorker) and drops anything malformed.
 */
import { isRecord, isString, isInteger, isOneOf } from './is';

/** Every kind of job the worker runs; each feature adds its kind and its handler in worker.ts. */
export const JOB_KINDS = ['ping', 'train', 'gradcheck', 'gradcheck/list', 'csv/summary'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const CONTROL_ACTIONS = ['pause', 'resume', 'step', 'stop'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

export type ToWorker =
  | { type: 'job/start'; id: number; kind: JobKind; payload: unknown; l10nBundle?: Record<string, string> }
  | { type: 'job/control'; id: number; action: ControlAction }
  | { type: 'job/cancel'; id: number };

/** A serialisable error: a GradLabError's code, message and place. */
export interface WireError {
  code: string;
  message: string;
  place?: Record<string, unknown>;
}

export type FromWorker =
  | { type: 'job/progress'; id: number; data: unknown }
  | { type: 'job/result'; id: number; data: unknown }
  | { type: 'job/error'; id: number; error: WireError }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

export function parseToWorker(raw: unknown): ToWorker | undefined {
  if (!isRecord(raw) || !isInteger(raw['id'])) return undefined;
  const id = raw['id'];
  switch (raw['type']) {
    case 'job/start': {
      if (!isOneOf(raw['kind'], JOB_KINDS)) return undefined;
      const bundle = raw['l10nBundle'];
      const l10nBundle = isRecord(bundle) && Object.values(bundle).every(isString) ? (bundle as Record<string, string>) : undefined;
      return { type: 'job/start', id, kind: raw['kind'], payload: raw['payload'], ...(l10nBundle ? { l10nBundle } : {}) };
    }
    case 'job/control':
      return isOneOf(raw['action'], CONTROL_ACTIONS) ? { type: 'job/control', id, action: raw['action'] } : undefined;
    case 'job/cancel':
      return { type: 'job/cancel', id };
    default:
      return undefined;
  }
}

export function parseFromWorker(raw: unknown): FromWorker | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw['type'] === 'log') {
    return isOneOf(raw['level'], ['info', 'warn', 'error'] as const) && isString(raw['message'])
      ? { type: 'log', level: raw['level'], message: raw['message'] }
      : undefined;
  }
  if (!isInteger(raw['id'])) return undefined;
  const id = raw['id'];
  switch (raw['type']) {
    case 'job/progress':
      return { type: 'job/progress', id, data: raw['data'] };
    case 'job/result':
      return { type: 'job/result', id, data: raw['data'] };
    case 'job/error': {
      const e = raw['error'];
      if (!isRecord(e) || !isString(e['message']) || !isString(e['code'])) return undefined;
      const place = isRecord(e['place']) ? e['place'] : undefined;
      return { type: 'job/error', id, error: { code: e['code'], message: e['message'], ...(place ? { place } : {}) } };
    }
    default:
      return undefined;
  }
}
