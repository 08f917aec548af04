/**
 * CSV text to a typed column table. Numeric columns are parsed from the bytes straight into
 * Float64Arrays sized from a line count (no strings, no array of rows); categorical and boolean
 * columns hold Int32Array codes into their levels.
 *
 * Typing rule: a column is numeric when its number cells outnumber its other non-missing cells.
 * A mostly-numeric column with a stray word ("abc") stays numeric and remembers that cell, so using
 * it reports the cell instead of silently becoming categorical. A column whose non-missing cells
 * are all true/false is boolean. Types come from a sample of the first records; when the whole file
 * disagrees (rare) it is scanned once more with the corrected types. In a file that does not use
 * commas as delimiters, numbers written 3,14 with no 3.14 anywhere in the sample set the decimal
 * comma for the whole file.
 */
import { GradLabError } from '../errors';
import type { CsvTable } from './csvTable';
import { DELIMITERS, detectDelimiter, type Delimiter } from './detectDelimiter';
import { scanCsv, unescapeQuotes } from './scanCsv';
import { SampleSink, TableBuilder } from './tableBuilder';
import { headerHint } from './tokens';
import { badTextError, bomLength, decodeRange, scanText, toBytes, type CsvInput } from './text';

export type { CategoricalColumn, ColumnType, CsvColumn, CsvTable, InvalidCells, NumericColumn } from './csvTable';

export interface ParseCsvOptions {
  /** Default 'auto': the quotes-aware detector picks among comma, semicolon, tab and pipe. */
  delimiter?: Delimiter | 'auto';
}

/** Parse CSV text or UTF-8 bytes into a typed table; every bad input is a GradLabError with its line. */
export function parseCsv(input: CsvInput, options: ParseCsvOptions = {}): CsvTable {
  const bytes = toBytes(input);
  const text = scanText(bytes);
  const sep = excelSepLine(bytes, bomLength(bytes));
  const start = sep.next;
  const delimiter =
    options.delimiter && options.delimiter !== 'auto' ? options.delimiter : (sep.delimiter ?? detectDelimiter(bytes, start));
  const delim = delimiter.charCodeAt(0);
  if (text.badOffset >= 0) throw badTextError(bytes, text, columnAtOffset(bytes, start, delim, text.badOffset));
  const header = readHeader(bytes, start, delim);
  const names = header.names;
  const columnName = (c: number) => names[c];
  const scan = { delimiter: delim, start: header.next, line: header.nextLine, columnName };
  const sample = new SampleSink(bytes, names.length, delimiter !== ',');
  scanCsv(bytes, sample, scan);
  if (sample.rows === 0) {
    throw new GradLabError(
      'csv',
      `The file has a header (line ${header.line}) but no data rows.`,
      { kind: 'csv', row: header.line, column: names[0]! },
    );
  }
  const point = sample.decimalPoint();
  let numeric = sample.numericModes(point);
  const capacity = text.newlines + 2;
  try {
    let builder = new TableBuilder(bytes, names, numeric, capacity, header.line, point);
    scanCsv(bytes, builder, scan);
    const corrected = builder.correctedModes();
    if (corrected) {
      numeric = corrected;
      builder = new TableBuilder(bytes, names, numeric, capacity, header.line, point);
      scanCsv(bytes, builder, scan);
    }
    return dropBlankUnnamed(builder.finish(delimiter), header.unnamed);
  } catch (e) {
    // Typed arrays for every cell could not be allocated: say so instead of a bare RangeError.
    if (!(e instanceof RangeError)) throw e;
    const message = `The file is too large to load: ${capacity} lines × ${names.length} columns did not fit in memory (${e.message}). Use a sample of the rows or fewer columns.`;
    throw new GradLabError('csv', message, undefined, { cause: e });
  }
}

/**
 * Excel's `sep=;` first line names the delimiter; the header follows it. Returns where the header
 * starts and the delimiter (undefined without such a line).
 */
function excelSepLine(bytes: Uint8Array, start: number): { next: number; delimiter?: Delimiter } {
  const lower = (k: number) => (bytes[start + k] ?? 0) | 0x20;
  if (!(lower(0) === 0x73 && lower(1) === 0x65 && lower(2) === 0x70 && bytes[start + 3] === 0x3d)) return { next: start };
  const d = String.fromCharCode(bytes[start + 4] ?? 0);
  let i = start + 5;
  while (bytes[i] === 32 || bytes[i] === 9) i++;
  if (bytes[i] !== 10 && bytes[i] !== 13) return { next: start };
  if (!(DELIMITERS as readonly string[]).includes(d)) {
    throw new GradLabError('csv', `Line 1 asks for the delimiter "${d}" (sep=${d}); GradLab reads comma, semicolon, tab and pipe.`, { kind: 'csv', row: 1 });
  }
  return { next: i + (bytes[i] === 13 && bytes[i + 1] === 10 ? 2 : 1), delimiter: d as Delimiter };
}

/**
 * Columns with no header name and no value in any row are what a trailing delimiter on every line
 * (or an empty spreadsheet column) leaves behind: they carry nothing, so they are not columns.
 */
function dropBlankUnnamed(table: CsvTable, unnamed: boolean[]): CsvTable {
  const keep = table.columns.filter((c, k) => !(unnamed[k] && c.missing === table.rowCount));
  return keep.length === table.columns.length || keep.length === 0 ? table : { ...table, columns: keep };
}

interface Header {
  names: string[];
  /** True where the header cell was empty (the name is made up). */
  unnamed: boolean[];
  line: number;
  next: number;
  nextLine: number;
}

function readHeader(bytes: Uint8Array, start: number, delim: number): Header {
  const raw: string[] = [];
  let line = 0;
  let next = bytes.length;
  scanCsv(
    bytes,
    {
      field(_col, s, e, _quoted, escaped) {
        const t = decodeRange(bytes, s, e);
        raw.push((escaped ? unescapeQuotes(t) : t).trim());
      },
      endRecord(_fields, l, n) {
        line = l;
        next = n;
        return false;
      },
    },
    { delimiter: delim, start, line: countLines(bytes, start) },
  );
  // Only blank lines (tabs and spaces count as blank, whatever the delimiter): an empty file.
  if (line === 0 || isBlank(bytes, start)) throw new GradLabError('csv', 'The file is empty: a CSV needs a header line and data rows.', { kind: 'csv', row: 1 });
  if (raw.every((r) => r === '')) {
    throw new GradLabError('csv', `The header (line ${line}) names no columns: the first line must hold the column names, separated by the delimiter.`, { kind: 'csv', row: line });
  }
  // Counted from the file start: a quoted header name may span lines.
  const nextLine = countLines(bytes, next);
  const unnamed = raw.map((r) => r === '');
  const given = new Set(raw);
  const names = raw.map((r, k) => {
    if (r) return r;
    let name = `column ${k + 1}`;
    while (given.has(name)) name += '_'; // a made-up name never collides with a real one
    return name;
  });
  const seen = new Map<string, number>();
  names.forEach((name, k) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new GradLabError(
        'csv',
        `Duplicate column name "${name}" in the header (line ${line}): columns ${first + 1} and ${k + 1}. Rename one of them.${headerHint(names)}`,
        { kind: 'csv', row: line, column: name },
      );
    }
    seen.set(name, k);
  });
  return { names, unnamed, line, next, nextLine };
}

function isBlank(bytes: Uint8Array, start: number): boolean {
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 32 && b !== 9 && b !== 10 && b !== 13) return false;
  }
  return true;
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b === 10 || (b === 13 && bytes[i + 1] !== 10)) line++;
  }
  return line;
}

/** The header name of the field holding byte `offset` (for "invalid UTF-8 in column x"). */
function columnAtOffset(bytes: Uint8Array, start: number, delim: number, offset: number): string | undefined {
  let names: string[] | undefined;
  let found: number | undefined;
  try {
    const header = readHeader(bytes, start, delim);
    if (offset < header.next) return undefined; // the bad byte is in the header: no column to name
    names = header.names;
  } catch {
    return undefined; // the bad byte breaks the header
  }
  try {
    scanCsv(
      bytes,
      {
        field(col, s, e, quoted) {
          const lo = quoted ? s - 1 : s;
          if (found === undefined && offset >= lo && offset <= e) found = col;
        },
        endRecord: (_f, _l, next) => found === undefined && next <= offset + 4,
      },
      { delimiter: delim, start },
    );
  } catch {
    return undefined;
  }
  return found === undefined ? undefined : names[found];
}
