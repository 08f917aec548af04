/** The worker's job table: one handler per job kind (each feature adds its own line). */
import type { HandlerTable } from './worker';

export const HANDLERS: HandlerTable = {
  ping: async (payload) => ({ pong: payload, pid: process.pid, threadId: (await import('node:worker_threads')).threadId }),
  'csv/summary': async (payload, ctx) => (await import('./csvSummaryJob')).csvSummaryJob(payload, ctx),
  train: async (payload, ctx) => (await import('./trainJob')).trainJob(payload, ctx),
  gradcheck: async (payload, ctx) => (await import('./gradcheckJob')).gradcheckJob(payload, ctx),
  'gradcheck/list': async (payload) => (await import('./gradcheckJob')).listJob(payload),
};
