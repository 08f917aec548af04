/**
 * The worker's 'csv/summary' job: parse a CSV the host read from the workspace and describe it
 * for the training panel (first rows, each column's type, missing and invalid counts). Parsing a
 * 100k-row file takes tens of milliseconds, too long for the extension host's thread.
 */
import { GradLabError } from '../../engine/errors';
import { summarizeCsv } from '../../engine/data';
import {
  parseCsvSummaryPayload,
  type ColumnSummary,
  type CsvSummary,
} from '../../protocol/training';
import type { JobContext } from './worker';

export const PREVIEW_ROWS = 20;

export async function csvSummaryJob(payload: unknown, _ctx: JobContext): Promise<CsvSummary> {
  const p = parseCsvSummaryPayload(payload);
  if (!p) throw new GradLabError('internal', 'csv/summary: malformed payload');
  const s = summarizeCsv(p.csv, { previewRows: PREVIEW_ROWS });
  const columns = s.columns.map((c): ColumnSummary => {
    const out: ColumnSummary = {
      name: c.name,
      type: c.type,
      missing: c.missing,
      invalid: c.invalid?.count ?? 0,
      levels: c.distinct ?? 0,
    };
    if (c.min !== undefined && Number.isFinite(c.min)) out.min = c.min;
    if (c.max !== undefined && Number.isFinite(c.max)) out.max = c.max;
    if (c.mean !== undefined && Number.isFinite(c.mean)) out.mean = c.mean;
    return out;
  });
  return {
    rows: s.rowCount,
    columns,
    preview: s.preview,
    previewLines: s.previewLines,
    suggestedTarget: columns[columns.length - 1]?.name ?? '',
  };
}
