/**
 * Delimiter detection, quotes-aware: each candidate scans the first records with the real scanner,
 * and the one whose records most often have the header's field count (more than one field) wins.
 */
import { isGradLabError } from '../errors';
import { scanCsv, type CsvSink } from './scanCsv';

export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

const SAMPLE_RECORDS = 50;

/** The delimiter of the CSV in `bytes` (comma when nothing else fits, e.g. a one-column file). */
export function detectDelimiter(bytes: Uint8Array, start: number): Delimiter {
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = fieldCounts(bytes, start, d.charCodeAt(0));
    const header = counts[0] ?? 0;
    if (header < 2) continue;
    let agree = 0;
    for (let k = 1; k < counts.length; k++) if (counts[k] === header) agree++;
    // Agreement first; the header's width breaks ties (a header-only file still has a width).
    const data = counts.length - 1;
    const score = (data === 0 ? 1 : agree / data) * 1e6 + Math.min(header, 1e5);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function fieldCounts(bytes: Uint8Array, start: number, delimiter: number): number[] {
  const counts: number[] = [];
  const sink: CsvSink = {
    field() {},
    endRecord(fields) {
      counts.push(fields);
      return counts.length < SAMPLE_RECORDS;
    },
  };
  try {
    scanCsv(bytes, sink, { delimiter, start });
  } catch (e) {
    // A syntax error under this candidate: score what was read before it.
    if (!isGradLabError(e)) throw e;
  }
  return counts;
}
