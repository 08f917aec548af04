/**
 * The RFC 4180 record scanner: a char-code loop over UTF-8 bytes that hands each field to a sink
 * as a byte range, so numeric columns are parsed in place and no string is made for them.
 *
 * Conventions: CRLF, LF and lone CR end a record; blank lines are skipped; a quoted field may hold
 * delimiters, line breaks and doubled quotes; spaces before an opening quote and after a closing
 * quote are allowed; a quote inside an unquoted field is an ordinary character. Lines are counted
 * as the editor counts them, so a record is reported at the line where it starts.
 */
import { GradLabError } from '../errors';

export const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

export interface CsvSink {
  /**
   * Field `col` of the current record, bytes `[start, end)`: for a quoted field the bytes between
   * the quotes, with `escaped` set when they hold doubled quotes (see `unescapeQuotes`).
   */
  field(col: number, start: number, end: number, quoted: boolean, escaped: boolean): void;
  /**
   * The record that began on `line` ended with `fields` fields; the next record starts at byte
   * `next`. Return false to stop scanning.
   */
  endRecord(fields: number, line: number, next: number): boolean;
}

export interface ScanOptions {
  delimiter: number;
  /** Offset to start at (past the BOM). */
  start: number;
  /** The line number at `start` (1 unless resuming after the header). */
  line?: number;
  /** The header name of column `col`, for error messages (undefined while reading the header). */
  columnName?: (col: number) => string | undefined;
}

/** Scan `bytes` record by record into `sink`. Throws GradLabError on an unterminated quote. */
export function scanCsv(bytes: Uint8Array, sink: CsvSink, options: ScanOptions): void {
  const n = bytes.length;
  const delim = options.delimiter;
  let i = options.start;
  let line = options.line ?? 1;
  let recordLine = line;
  let col = 0;
  while (i < n) {
    let b = bytes[i]!;
    if (col === 0 && (b === LF || b === CR || b === SPACE || (b === TAB && delim !== TAB))) {
      // A blank line (spaces allowed): skip it as pandas does; it is not a record of one empty field.
      let j = i;
      while (j < n && (bytes[j] === SPACE || (bytes[j] === TAB && delim !== TAB))) j++;
      if (j >= n) break;
      const c = bytes[j]!;
      if (c === LF || c === CR) {
        i = j + (c === CR && bytes[j + 1] === LF ? 2 : 1);
        recordLine = ++line;
        continue;
      }
    }
    if (b === SPACE && delim !== SPACE) {
      let j = i + 1;
      while (j < n && bytes[j] === SPACE) j++;
      if (bytes[j] === QUOTE) {
        i = j;
        b = QUOTE;
      }
    }
    if (b === QUOTE) {
      const open = i;
      const openLine = line;
      let escaped = false;
      let j = i + 1;
      for (;;) {
        if (j >= n) throw unterminated(recordLine, openLine, col, options);
        const c = bytes[j]!;
        if (c === QUOTE) {
          if (bytes[j + 1] === QUOTE) {
            escaped = true;
            j += 2;
            continue;
          }
          break;
        }
        if (c === LF) line++;
        else if (c === CR && bytes[j + 1] !== LF) line++;
        j++;
      }
      sink.field(col, open + 1, j, true, escaped);
      i = j + 1;
      while (i < n && (bytes[i] === SPACE || bytes[i] === TAB) && bytes[i] !== delim) i++;
      if (i < n) {
        const c = bytes[i]!;
        if (c !== delim && c !== LF && c !== CR) throw afterQuote(recordLine, col, options);
      }
    } else {
      let j = i;
      while (j < n) {
        const c = bytes[j]!;
        if (c === delim || c === LF || c === CR) break;
        j++;
      }
      sink.field(col, i, j, false, false);
      i = j;
    }
    col++;
    if (i >= n) break;
    b = bytes[i]!;
    if (b === delim) {
      i++;
      if (i >= n) sink.field(col++, n, n, false, false); // "a,b," at the very end: a last empty field
      continue;
    }
    i += b === CR && bytes[i + 1] === LF ? 2 : 1;
    if (!sink.endRecord(col, recordLine, i)) return;
    col = 0;
    recordLine = ++line;
  }
  if (col > 0) sink.endRecord(col, recordLine, n);
}

/** The text of a quoted field whose bytes hold doubled quotes, with each pair made one. */
export function unescapeQuotes(text: string): string {
  return text.replace(/""/g, '"');
}

function columnLabel(col: number, options: ScanOptions): string | undefined {
  return options.columnName?.(col);
}

function unterminated(recordLine: number, openLine: number, col: number, options: ScanOptions): GradLabError {
  const column = columnLabel(col, options);
  const at = openLine === recordLine ? '' : ` (the quote opens on line ${openLine})`;
  return new GradLabError(
    'csv',
    `Unterminated quoted field starting on line ${recordLine}${at}${column === undefined ? '' : ` in column "${column}"`}: a '"' opens the field but no closing '"' follows before the end of the file.`,
    column === undefined ? { kind: 'csv', row: recordLine } : { kind: 'csv', row: recordLine, column },
  );
}

function afterQuote(recordLine: number, col: number, options: ScanOptions): GradLabError {
  const column = columnLabel(col, options);
  return new GradLabError(
    'csv',
    `Line ${recordLine}${column === undefined ? '' : `, column "${column}"`}: text follows a closing quote. Inside a quoted field write a quote as "" (two quotes).`,
    column === undefined ? { kind: 'csv', row: recordLine } : { kind: 'csv', row: recordLine, column },
  );
}
