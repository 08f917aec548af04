/** The typed column table a CSV parses into (parseCsv) and its column kinds. */
import type { Delimiter } from './detectDelimiter';

export type ColumnType = 'numeric' | 'categorical' | 'boolean';

/** A cell that does not fit its column's type: the first one, and how many there are. */
export interface InvalidCells {
  row: number;
  text: string;
  count: number;
}

export interface ColumnBase {
  name: string;
  /** Missing cells (empty, NA, NaN, null, …). */
  missing: number;
  /** File line of the first missing cell, or 0. */
  firstMissingRow: number;
}
export interface NumericColumn extends ColumnBase {
  type: 'numeric';
  /** One value per data row; NaN where the cell is missing or invalid. */
  values: Float64Array;
  invalid?: InvalidCells;
}
export interface CategoricalColumn extends ColumnBase {
  type: 'categorical' | 'boolean';
  /** Index into `levels` per data row; -1 where missing. Boolean levels are ['false', 'true']. */
  codes: Int32Array;
  levels: string[];
}
export type CsvColumn = NumericColumn | CategoricalColumn;

export interface CsvTable {
  columns: CsvColumn[];
  rowCount: number;
  /** File line (1-based, header = 1 when it is the first line) where each data row starts. */
  rowLines: Int32Array;
  /** File line of the header (1 unless blank lines precede it). */
  headerLine: number;
  delimiter: Delimiter;
  decimal: '.' | ',';
}
