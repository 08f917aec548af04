/**
 * The scanner sinks behind parseCsv: SampleSink guesses each column's type (and the decimal mark)
 * from the first records; TableBuilder parses every record into typed columns, numbers straight
 * from the bytes into Float64Arrays sized from a line count.
 */
import { GradLabError } from '../errors';
import type { CategoricalColumn, ColumnBase, CsvColumn, CsvTable, NumericColumn } from './csvTable';
import type { Delimiter } from './detectDelimiter';
import { parseGroupedNumber, parseNumber } from './parseNumber';
import { unescapeQuotes, type CsvSink } from './scanCsv';
import { decodeRange } from './text';
import { booleanValue, isMissingBytes, isMissingText } from './tokens';

/** Records the type guess looks at. */
const SAMPLE_ROWS = 1000;

/**
 * Counts, per column over the first records, number cells against other non-missing cells, keeping
 * apart the cells that read as numbers only with a decimal point (3.14, 1,234.5), only with a
 * decimal comma (3,14, 1.234,5), or with both but different values (1,234 and 1.234: a decimal
 * mark or a thousands separator).
 */
export class SampleSink implements CsvSink {
  rows = 0;
  private readonly either: Int32Array; // the same number under both conventions (42, 1e3)
  private readonly dotOnly: Int32Array;
  private readonly commaOnly: Int32Array;
  private readonly ambiguousComma: Int32Array; // 1,234: 1.234 with a decimal comma, else 1234
  private readonly ambiguousDot: Int32Array; // 1.234: 1.234 with a decimal point, else 1234
  private readonly words: Int32Array;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly width: number,
    private readonly commaAllowed: boolean,
  ) {
    this.either = new Int32Array(width);
    this.dotOnly = new Int32Array(width);
    this.commaOnly = new Int32Array(width);
    this.ambiguousComma = new Int32Array(width);
    this.ambiguousDot = new Int32Array(width);
    this.words = new Int32Array(width);
  }
  field(col: number, s: number, e: number, _quoted: boolean, escaped: boolean): void {
    if (col >= this.width || escaped) {
      if (escaped && col < this.width) this.words[col]!++;
      return;
    }
    const b = this.bytes;
    const dot = cellNumber(b, s, e, 46);
    const comma = this.commaAllowed ? cellNumber(b, s, e, 44) : NaN;
    const dotOk = dot - dot === 0;
    const commaOk = comma - comma === 0;
    if (dotOk && commaOk) {
      if (dot === comma) this.either[col]!++;
      else if (b.subarray(s, e).includes(44)) this.ambiguousComma[col]!++;
      else this.ambiguousDot[col]!++;
    } else if (dotOk) this.dotOnly[col]!++;
    else if (commaOk) this.commaOnly[col]!++;
    else if (!isMissingBytes(b, s, e)) this.words[col]!++;
  }
  endRecord(): boolean {
    this.rows++;
    return this.rows < SAMPLE_ROWS;
  }
  /**
   * ',' when some cells need a decimal comma and none needs a decimal point; with neither, ',' when
   * the only ambiguous cells look like 1,234 (in a file that does not separate fields with commas,
   * a decimal comma is likelier than a thousands separator).
   */
  decimalPoint(): number {
    const sum = (a: Int32Array) => a.reduce((x, y) => x + y, 0);
    const dots = sum(this.dotOnly);
    const commas = sum(this.commaOnly);
    if (commas > 0) return dots === 0 ? 44 : 46;
    return dots === 0 && sum(this.ambiguousComma) > 0 && sum(this.ambiguousDot) === 0 ? 44 : 46;
  }
  numericModes(point: number): Uint8Array {
    const modes = new Uint8Array(this.width);
    for (let c = 0; c < this.width; c++) {
      const [fit, misfit] = point === 44 ? [this.commaOnly[c]!, this.dotOnly[c]!] : [this.dotOnly[c]!, this.commaOnly[c]!];
      const numbers = this.either[c]! + this.ambiguousComma[c]! + this.ambiguousDot[c]! + fit;
      modes[c] = isNumericByCounts(numbers, this.words[c]! + misfit) ? 1 : 0;
    }
    return modes;
  }
}

/** The number in a cell with decimal mark `point`: plain (3.5) or with thousands separators (1,234.5). */
export function cellNumber(bytes: Uint8Array, s: number, e: number, point: number): number {
  const v = parseNumber(bytes, s, e, point);
  return v - v === 0 ? v : parseGroupedNumber(bytes, s, e, point);
}

/** The typing rule: numbers must outnumber words (an all-missing column counts as numeric). */
export function isNumericByCounts(numbers: number, words: number): boolean {
  return words === 0 || numbers > words;
}

/** Parses every data record into typed columns; `numeric[c]` is 1 for a numeric column. */
export class TableBuilder implements CsvSink {
  private rows = 0;
  private capacity: number;
  private lines: Int32Array;
  private readonly values: (Float64Array | undefined)[];
  private readonly codes: (Int32Array | undefined)[];
  private readonly dicts: Map<string, number>[];
  private readonly levels: string[][];
  private readonly levelCounts: number[][];
  private readonly missing: Int32Array;
  /** Data-row index of each column's first missing cell (lines are known once the record ends). */
  private readonly firstMissing: Int32Array;
  private readonly invalidCount: Int32Array;
  private readonly invalidFirst: ({ index: number; text: string } | undefined)[];
  private readonly width: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly names: string[],
    private readonly numeric: Uint8Array,
    capacity: number,
    private readonly headerLine: number,
    private readonly point: number,
  ) {
    this.width = names.length;
    this.capacity = capacity;
    this.lines = new Int32Array(capacity);
    this.values = names.map((_, c) => (numeric[c] ? new Float64Array(capacity) : undefined));
    this.codes = names.map((_, c) => (numeric[c] ? undefined : new Int32Array(capacity)));
    this.dicts = names.map(() => new Map());
    this.levels = names.map(() => []);
    this.levelCounts = names.map(() => []);
    this.missing = new Int32Array(this.width);
    this.firstMissing = new Int32Array(this.width);
    this.invalidCount = new Int32Array(this.width);
    this.invalidFirst = names.map(() => undefined);
  }

  field(col: number, s: number, e: number, quoted: boolean, escaped: boolean): void {
    if (col >= this.width) return; // a ragged record: endRecord reports it
    const r = this.rows;
    const values = this.values[col];
    if (values !== undefined) {
      // parseNumber is called here, not through cellNumber: the extra call cost 5–15% on clean files.
      const v = escaped ? NaN : parseNumber(this.bytes, s, e, this.point);
      if (v - v === 0) {
        values[r] = v;
        return;
      }
      const grouped = escaped ? NaN : parseGroupedNumber(this.bytes, s, e, this.point);
      values[r] = grouped;
      if (grouped - grouped === 0) return;
      if (!escaped && isMissingBytes(this.bytes, s, e)) this.markMissing(col);
      else if (this.invalidCount[col]!++ === 0) {
        this.invalidFirst[col] = { index: r, text: this.text(s, e, quoted, escaped).slice(0, 200) };
      }
      return;
    }
    const text = this.text(s, e, quoted, escaped);
    if (isMissingText(text)) {
      this.codes[col]![r] = -1;
      this.markMissing(col);
      return;
    }
    const dict = this.dicts[col]!;
    let code = dict.get(text);
    if (code === undefined) {
      code = this.levels[col]!.push(text) - 1;
      dict.set(text, code);
      this.levelCounts[col]!.push(0);
    }
    this.levelCounts[col]![code]!++;
    this.codes[col]![r] = code;
  }

  endRecord(fields: number, line: number): boolean {
    if (fields !== this.width) throw raggedError(this.names, fields, line, this.headerLine);
    this.lines[this.rows] = line;
    this.rows++;
    if (this.rows === this.capacity) this.grow();
    return true;
  }

  /** The modes the whole file asks for, or undefined when the sample's guess was right. */
  correctedModes(): Uint8Array | undefined {
    let changed = false;
    const modes = this.numeric.slice();
    for (let c = 0; c < this.width; c++) {
      let nums = 0;
      let words = 0;
      if (this.numeric[c]) {
        nums = this.rows - this.missing[c]! - this.invalidCount[c]!;
        words = this.invalidCount[c]!;
      } else {
        const levels = this.levels[c]!;
        const counts = this.levelCounts[c]!;
        for (let k = 0; k < levels.length; k++) {
          if (Number.isFinite(numberFromText(levels[k]!, this.point))) nums += counts[k]!;
          else words += counts[k]!;
        }
      }
      const mode = isNumericByCounts(nums, words) ? 1 : 0;
      if (mode !== modes[c]) {
        modes[c] = mode;
        changed = true;
      }
    }
    return changed ? modes : undefined;
  }

  finish(delimiter: Delimiter): CsvTable {
    const n = this.rows;
    const columns = this.names.map((name, c): CsvColumn => {
      const missing = this.missing[c]!;
      const base = { name, missing, firstMissingRow: missing > 0 ? this.lines[this.firstMissing[c]!]! : 0 };
      const values = this.values[c];
      if (values !== undefined) {
        const first = this.invalidFirst[c];
        const col: NumericColumn = { ...base, type: 'numeric', values: trim(values, n) };
        if (first) col.invalid = { row: this.lines[first.index]!, text: first.text, count: this.invalidCount[c]! };
        return col;
      }
      return categorical(base, trim(this.codes[c]!, n), this.levels[c]!);
    });
    const decimal = this.point === 44 ? ',' : '.';
    return { columns, rowCount: n, rowLines: trim(this.lines, n), headerLine: this.headerLine, delimiter, decimal };
  }

  private markMissing(col: number): void {
    if (this.missing[col]!++ === 0) this.firstMissing[col] = this.rows;
  }

  private text(s: number, e: number, quoted: boolean, escaped: boolean): string {
    const t = decodeRange(this.bytes, s, e);
    return escaped ? unescapeQuotes(t) : quoted ? t : t.trim();
  }

  private grow(): void {
    this.capacity *= 2;
    const bigger = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(this.capacity);
      b.set(a);
      return b;
    };
    this.lines = bigger(this.lines);
    for (let c = 0; c < this.width; c++) {
      const v = this.values[c];
      if (v) this.values[c] = bigger(v);
      const k = this.codes[c];
      if (k) this.codes[c] = bigger(k);
    }
  }
}

/** A categorical column, or a boolean one when every level is true/false in some spelling. */
function categorical(base: ColumnBase, codes: Int32Array, levels: string[]): CategoricalColumn {
  const bools = levels.map(booleanValue);
  if (levels.length > 0 && bools.every((b) => b !== undefined)) {
    // Boolean: recode to 0 = false, 1 = true whatever the spelling ("True", "FALSE").
    for (let i = 0; i < codes.length; i++) {
      const k = codes[i]!;
      if (k >= 0) codes[i] = bools[k] ? 1 : 0;
    }
    return { ...base, type: 'boolean', codes, levels: ['false', 'true'] };
  }
  return { ...base, type: 'categorical', codes, levels };
}

function trim<T extends Float64Array | Int32Array>(a: T, n: number): T {
  // Within 5% of the exact size, a view costs less than a copy; otherwise give the memory back.
  return (a.length - n <= a.length / 20 ? a.subarray(0, n) : a.slice(0, n)) as T;
}

const textEncoder = new TextEncoder();
function numberFromText(text: string, point: number): number {
  const b = textEncoder.encode(text);
  return cellNumber(b, 0, b.length, point);
}

/** A header that starts with '#' is likely a comment line above the real header. */
function commentHint(names: string[], headerLine: number): string {
  return names[0]!.startsWith('#') && names.length === 1
    ? ` Line ${headerLine} ("${names[0]}") looks like a comment: GradLab reads the first line as the header, so delete the comment lines above it.`
    : '';
}

function raggedError(names: string[], fields: number, line: number, headerLine: number): GradLabError {
  const width = names.length;
  const column = fields < width ? names[fields]! : names[width - 1]!;
  const detail =
    fields < width
      ? `column "${column}" and after are missing`
      : `there ${fields - width === 1 ? 'is 1 extra field' : `are ${fields - width} extra fields`} after column "${column}"`;
  return new GradLabError(
    'csv',
    `Line ${line} has ${fields} field${fields === 1 ? '' : 's'} but the header (line ${headerLine}) has ${width}: ${detail}. Check for a missing or extra delimiter, or an unquoted delimiter inside a value.${commentHint(names, headerLine)}`,
    { kind: 'csv', row: line, column },
  );
}
