/**
 * What the training panel shows before a run: the first rows as GradLab read them, and each
 * column's inferred type, missing count and (for numbers) range, so a user sees a misread column
 * before training on it.
 */
import type { Delimiter } from './detectDelimiter';
import { parseCsv, type ColumnType, type CsvTable, type InvalidCells, type ParseCsvOptions } from './parseCsv';
import type { CsvInput } from './text';

export interface ColumnSummary {
  name: string;
  type: ColumnType;
  missing: number;
  /** For a numeric column with cells that are not numbers: the first one and how many. */
  invalid?: InvalidCells;
  /** Categorical and boolean: the number of levels and the first (up to 20) of them. */
  distinct?: number;
  levels?: string[];
  /** Numeric: over the present values. */
  min?: number;
  max?: number;
  mean?: number;
}

export interface CsvSummary {
  rowCount: number;
  headerLine: number;
  delimiter: Delimiter;
  decimal: '.' | ',';
  columns: ColumnSummary[];
  /** The first rows, one string per column ('' where missing). */
  preview: string[][];
  /** The file line of each preview row. */
  previewLines: number[];
}

/** Parse and summarize; throws GradLabError only for file-level problems (see parseCsv). */
export function summarizeCsv(input: CsvInput, options: ParseCsvOptions & { previewRows?: number } = {}): CsvSummary {
  return summarizeTable(parseCsv(input, options), options.previewRows);
}

/** The summary of an already parsed table. */
export function summarizeTable(table: CsvTable, previewRows = 20): CsvSummary {
  const columns = table.columns.map((c): ColumnSummary => {
    if (c.type !== 'numeric') {
      return { name: c.name, type: c.type, missing: c.missing, distinct: c.levels.length, levels: c.levels.slice(0, 20) };
    }
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let n = 0;
    for (const v of c.values) {
      if (v !== v) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      n++;
    }
    const s: ColumnSummary = { name: c.name, type: 'numeric', missing: c.missing };
    if (n > 0) Object.assign(s, { min, max, mean: sum / n });
    if (c.invalid) s.invalid = { ...c.invalid };
    return s;
  });
  const shown = Math.min(previewRows, table.rowCount);
  const preview: string[][] = [];
  for (let r = 0; r < shown; r++) {
    preview.push(
      table.columns.map((c) => {
        if (c.type === 'numeric') {
          const v = c.values[r]!;
          return v === v ? String(v) : '';
        }
        const k = c.codes[r]!;
        return k >= 0 ? c.levels[k]! : '';
      }),
    );
  }
  return {
    rowCount: table.rowCount,
    headerLine: table.headerLine,
    delimiter: table.delimiter,
    decimal: table.decimal,
    columns,
    preview,
    previewLines: Array.from(table.rowLines.subarray(0, shown)),
  };
}
