/**
 * The worker side of the gradient check: the 'gradcheck/list' job (the CodeLens's token scan) and
 * the 'gradcheck' job (the engine's check, which runs the user's code in its own sandboxed worker
 * with a time limit). Both use the TypeScript compiler, which is why they run here and not in
 * the extension host: loading it costs ~0.2 s of a thread.
 */
import { readFile } from 'node:fs/promises';
import { GradLabError } from '../../engine/errors';
import type { GradcheckResult } from '../../engine/gradcheck';
import {
  parseGradcheckJob,
  parseListJob,
  type ElementRow,
  type GradcheckReport,
  type ListedFunction,
  type PointReport,
} from '../../protocol/gradcheck';
import type { JobContext } from './worker';

export async function listJob(payload: unknown): Promise<ListedFunction[]> {
  const job = parseListJob(payload);
  if (!job) throw new GradLabError('bad-argument', 'gradcheck/list: malformed payload');
  const { listCheckableFunctions } = await import('../../engine/gradcheck');
  return listCheckableFunctions(job.source).map((f) => ({
    name: f.name,
    companion: f.companion,
    shape: f.shape,
    start: f.range.start,
    end: f.range.end,
    nameStart: f.nameRange.start,
    nameEnd: f.nameRange.end,
    ...(f.companionRange
      ? { companionStart: f.companionRange.start, companionEnd: f.companionRange.end }
      : {}),
    pointTags: f.pointTags,
  }));
}

/** Runs the check; the result has no `uri` yet (the host knows it, the worker only has a path). */
export async function gradcheckJob(
  payload: unknown,
  ctx: JobContext,
): Promise<Omit<GradcheckReport, 'uri'>> {
  const job = parseGradcheckJob(payload);
  if (!job) throw new GradLabError('bad-argument', 'gradcheck: malformed payload');
  const { gradcheck } = await import('../../engine/gradcheck');
  const result = await gradcheck(
    {
      path: job.path,
      source: job.source,
      functionName: job.functionName,
      // Only file: URIs have a path on this machine; other schemes get "import not found" errors.
      ...(job.readImports ? { readModule: readModuleFromDisk } : {}),
    },
    {
      ...job.settings,
      ...(job.points ? { points: job.points } : {}),
      ...(job.dimension !== undefined ? { dimension: job.dimension } : {}),
      timeoutMs: job.timeoutMs,
      signal: ctx.signal,
      sweep: true,
    },
  );
  return toReport(result);
}

async function readModuleFromDisk(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The engine's result as the panel's report: rows per point, worst first. */
export function toReport(r: GradcheckResult): Omit<GradcheckReport, 'uri'> {
  const report: Omit<GradcheckReport, 'uri'> = {
    functionName: r.function,
    gradientName: r.companionRule === 'autodiff' ? null : r.gradient,
    shape: r.shape,
    settings: { eps: r.tolerances.eps, atol: r.tolerances.atol, rtol: r.tolerances.rtol },
    ok: r.ok,
    points: r.points.map((p): PointReport => ({
      x: p.x,
      random: p.random,
      value: p.value,
      rows: worstFirst(p, r.tolerances),
      maxAbsErr: p.maxAbsErr,
      ok: p.ok,
      mismatches: p.mismatches,
    })),
    diagnoses: r.diagnoses.map((d) => ({
      kind: d.kind,
      message: d.message,
      indices: d.indices,
      notABug: d.notABug,
      ...(d.factor !== undefined ? { factor: d.factor } : {}),
      ...(d.shift !== undefined ? { shift: d.shift } : {}),
      ...(d.agreeingEps !== undefined ? { agreeingEps: d.agreeingEps } : {}),
    })),
    totalMs: r.timing.totalMs,
  };
  if (r.functionPlace.kind === 'source')
    report.functionPlace = { line: r.functionPlace.line, column: r.functionPlace.column };
  if (r.gradientPlace?.kind === 'source')
    report.gradientPlace = { line: r.gradientPlace.line, column: r.gradientPlace.column };
  if (r.sweep)
    report.sweep = {
      point: r.sweep.point,
      eps: r.sweep.eps,
      maxAbsErr: r.sweep.maxAbsErr,
      maxRelErr: r.sweep.maxRelErr,
    };
  if (r.derived)
    report.derived = {
      name: r.derived.name,
      text: r.derived.text,
      insertAt: r.derived.insertAt,
      warnings: r.derived.warnings,
    };
  return report;
}

/** Failures first, then by how far each component is from its tolerance (|a − n| / (atol + rtol·|n|)). */
function worstFirst(
  p: GradcheckResult['points'][number],
  tol: { atol: number; rtol: number },
): ElementRow[] {
  const failing = new Set(p.mismatches);
  const rows = p.analytic.map((analytic, index) => ({
    index,
    analytic,
    numeric: p.numeric[index]!,
    absErr: p.absErr[index]!,
    relErr: p.relErr[index]!,
    ok: !failing.has(index),
  }));
  // Infinity for NaN errors and for a nonzero error against a zero tolerance (atol = rtol = 0).
  const violation = (e: ElementRow) => {
    if (Number.isNaN(e.absErr)) return Infinity;
    const tolerance = tol.atol + tol.rtol * Math.abs(e.numeric);
    return tolerance > 0 ? e.absErr / tolerance : e.absErr > 0 ? Infinity : 0;
  };
  const desc = (x: number, y: number) => (x === y ? 0 : x > y ? -1 : 1);
  return rows.sort(
    (a, b) => Number(a.ok) - Number(b.ok) || desc(violation(a), violation(b)) || a.index - b.index,
  );
}
