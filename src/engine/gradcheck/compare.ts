/**
 * torch.autograd.gradcheck's pass rule, per component: |analytic − numeric| ≤ atol + rtol·|numeric|,
 * and the report rows, worst first.
 */
import type { GradcheckResult, PointResult, ReportRow, Tolerances } from './types';

/** Whether one component passes. NaN fails. */
export function passes(
  analytic: number,
  numeric: number,
  tol: Pick<Tolerances, 'atol' | 'rtol'>,
): boolean {
  return Math.abs(analytic - numeric) <= tol.atol + tol.rtol * Math.abs(numeric);
}

/** Errors, pass/fail and mismatched indices of one point. */
export function comparePoint(
  x: number[],
  random: boolean,
  value: number,
  analytic: ArrayLike<number>,
  numeric: ArrayLike<number>,
  tol: Pick<Tolerances, 'atol' | 'rtol'>,
): PointResult {
  const n = analytic.length;
  const a = Array.from(analytic);
  const num = Array.from(numeric);
  const absErr = new Array<number>(n);
  const relErr = new Array<number>(n);
  const mismatches: number[] = [];
  let maxAbsErr = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.abs(a[i]! - num[i]!);
    absErr[i] = e;
    relErr[i] = e === 0 ? 0 : e / Math.abs(num[i]!);
    if (e > maxAbsErr || Number.isNaN(e)) maxAbsErr = e;
    if (!passes(a[i]!, num[i]!, tol)) mismatches.push(i);
  }
  return {
    x,
    random,
    value,
    analytic: a,
    numeric: num,
    absErr,
    relErr,
    maxAbsErr,
    ok: mismatches.length === 0,
    mismatches,
  };
}

/** How far a component is past its tolerance: above 1 fails. */
export function violation(
  absErr: number,
  numeric: number,
  tol: Pick<Tolerances, 'atol' | 'rtol'>,
): number {
  return absErr / (tol.atol + tol.rtol * Math.abs(numeric));
}

/**
 * Every component at every point as a table row, worst first (largest violation), so the report
 * panel shows the failing components on top. `limit` keeps the first rows only.
 */
export function sortedRows(
  result: Pick<GradcheckResult, 'points' | 'tolerances'>,
  limit = Infinity,
): ReportRow[] {
  const rows: ReportRow[] = [];
  result.points.forEach((p, point) => {
    for (let index = 0; index < p.analytic.length; index++) {
      const v = violation(p.absErr[index]!, p.numeric[index]!, result.tolerances);
      rows.push({
        point,
        index,
        analytic: p.analytic[index]!,
        numeric: p.numeric[index]!,
        absErr: p.absErr[index]!,
        relErr: p.relErr[index]!,
        violation: Number.isNaN(v) ? Infinity : v,
        ok: passes(p.analytic[index]!, p.numeric[index]!, result.tolerances),
      });
    }
  });
  rows.sort((a, b) => b.violation - a.violation || a.point - b.point || a.index - b.index);
  return rows.length > limit ? rows.slice(0, limit) : rows;
}
