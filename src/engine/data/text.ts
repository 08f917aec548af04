/**
 * Bytes in, checked UTF-8 out. The CSV reader works on UTF-8 bytes (what `fs.readFile` and
 * `vscode.workspace.fs.readFile` give), so a 100 MB file is never copied into a JS string; a string
 * input is encoded once. UTF-16 is transcoded to UTF-8; binary files (NUL bytes) and invalid UTF-8
 * are refused with the line where the first bad byte sits.
 */
import { GradLabError } from '../errors';

export type CsvInput = string | Uint8Array;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * The input as UTF-8 bytes; a string is encoded (lone surrogates become U+FFFD). A Node Buffer is
 * viewed as a plain Uint8Array: the scanner's loops then see one array type and stay monomorphic
 * (measured: 67 → 94 MB/s). UTF-16 text (Excel's "Unicode Text" export, PowerShell's default) is
 * transcoded once: it has the same line breaks, so every line number still points into the file.
 */
export function toBytes(input: CsvInput): Uint8Array {
  if (typeof input === 'string') return encoder.encode(input);
  const bytes = input.constructor === Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const utf16 = utf16Encoding(bytes);
  return utf16 ? encoder.encode(new TextDecoder(utf16).decode(bytes)) : bytes;
}

/**
 * 'utf-16le' or 'utf-16be' when `bytes` look like UTF-16: a byte-order mark, or (no mark) text whose
 * first bytes are at least half NULs, all on one side of each pair, as mostly-ASCII UTF-16 is.
 */
export function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  // Text is never half NUL bytes; a few zero bytes on the other side are code points like U+4E00.
  const pairs = n / 2;
  if (oddZeros >= pairs / 2 && evenZeros * 20 < oddZeros) return 'utf-16le';
  if (evenZeros >= pairs / 2 && oddZeros * 20 < evenZeros) return 'utf-16be';
  return undefined;
}

/** Offset of the first byte after a UTF-8 byte-order mark (0 when there is none). */
export function bomLength(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** Decode `bytes[start, end)`; ASCII takes a fast path that skips TextDecoder's call overhead. */
export function decodeRange(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let s = '';
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b >= 0x80) return decoder.decode(bytes.subarray(start, end));
      s += String.fromCharCode(b);
    }
    return s;
  }
  return decoder.decode(bytes.subarray(start, end));
}

/** The summary of one pass over the bytes: where the first bad byte is, and an upper bound on lines. */
export interface TextScan {
  /** Offset of the first NUL byte or invalid UTF-8 sequence, or -1. */
  badOffset: number;
  badKind: 'nul' | 'utf8' | null;
  /** Number of line feeds (plus lone carriage returns in files without line feeds). */
  newlines: number;
}

/** One pass: count line breaks and validate UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
export function scanText(bytes: Uint8Array): TextScan {
  const n = bytes.length;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b >= 0x20 && b < 0x80) continue;
    if (b === 10) lf++;
    else if (b === 13) cr++;
    else if (b === 0) return { badOffset: i, badKind: 'nul', newlines: lf };
    else if (b >= 0x80) {
      const len = utf8SequenceLength(bytes, i);
      if (len === 0) return { badOffset: i, badKind: 'utf8', newlines: lf };
      i += len - 1;
    }
  }
  return { badOffset: -1, badKind: null, newlines: lf > 0 ? lf : cr };
}

/** Length of the valid UTF-8 sequence starting at `i` (a byte ≥ 0x80), or 0 when it is invalid. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const c1 = bytes[i + 1] ?? 0;
  const cont = (k: number) => ((bytes[i + k] ?? 0) & 0xc0) === 0x80;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return c1 >= 0xa0 && c1 <= 0xbf && cont(2) ? 3 : 0;
  if (b === 0xed) return c1 >= 0x80 && c1 <= 0x9f && cont(2) ? 3 : 0;
  if (b >= 0xe1 && b <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xf0) return c1 >= 0x90 && c1 <= 0xbf && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return c1 >= 0x80 && c1 <= 0x8f && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** 1-based line of byte `offset` (CRLF, LF and lone CR each end a line, as the editor counts). */
export function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 10) line++;
    else if (b === 13 && bytes[i + 1] !== 10) line++;
  }
  return line;
}

/** Magic numbers of files people point at instead of a CSV, with what to do about them. */
const SIGNATURES: ReadonlyArray<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an Excel .xlsx workbook is one): export the sheet as CSV UTF-8, or unzip the archive'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel .xls workbook: export the sheet as CSV UTF-8'],
  [[0x1f, 0x8b], 'gzip-compressed (.gz): decompress it first'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image, not a CSV'],
  [[0xff, 0xd8, 0xff], 'a JPEG image, not a CSV'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document, not a CSV'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file: convert it to CSV (e.g. pandas.read_parquet(...).to_csv(...))'],
];

/** What kind of binary file `bytes` is, from its first bytes, or undefined. */
function binaryKind(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find(([magic]) => magic.every((b, i) => bytes[i] === b))?.[1];
}

/** The GradLabError for a failed `scanText`, placed at the bad byte's line (and column when known). */
export function badTextError(bytes: Uint8Array, scan: TextScan, column?: string): GradLabError {
  const kind = binaryKind(bytes);
  if (kind) return new GradLabError('csv', `This file is ${kind}.`, { kind: 'csv', row: 1 });
  const row = lineAt(bytes, scan.badOffset);
  const where = column === undefined ? `line ${row}` : `line ${row}, column "${column}"`;
  const message =
    scan.badKind === 'nul'
      ? `This does not look like a CSV text file: it holds a NUL byte (${where}). Is it a spreadsheet or another binary file? Export it as UTF-8 CSV.`
      : `Invalid UTF-8 at ${where} (byte 0x${bytes[scan.badOffset]!.toString(16).padStart(2, '0')}). Is the file in another encoding such as Latin-1 or GBK? Save it as UTF-8.`;
  return new GradLabError('csv', message, column === undefined ? { kind: 'csv', row } : { kind: 'csv', row, column });
}
