/**
 * Maps a line and column of transpiled JavaScript back to the TypeScript source, with the source
 * map transpileModule writes. TypeScript's emit does not keep lines (it drops imports, types and
 * blank lines), so a user's stack frame needs this to point at the right line.
 */

/** Segments of one generated line: [generatedColumn, sourceLine, sourceColumn], 0-based. */
type Segment = [number, number, number];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** A decoded source map (version 3, one source). */
export class SourceMap {
  private readonly lines: Segment[][];

  constructor(mappings: string) {
    this.lines = decode(mappings);
  }

  static fromJson(json: string): SourceMap {
    const parsed = JSON.parse(json) as { mappings?: unknown };
    return new SourceMap(typeof parsed.mappings === 'string' ? parsed.mappings : '');
  }

  /**
   * The source position of generated 1-based `line`, `column`: the nearest mapped segment at or
   * before the column on that line (or the line's first one). Undefined when the line has none.
   */
  original(line: number, column: number): { line: number; column: number } | undefined {
    const segments = this.lines[line - 1];
    if (!segments || segments.length === 0) return undefined;
    let best = segments[0]!;
    for (const s of segments) if (s[0] <= column - 1) best = s;
    return { line: best[1] + 1, column: best[2] + 1 };
  }
}

function decode(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let srcLine = 0;
  let srcCol = 0;
  for (const lineText of mappings.split(';')) {
    const segments: Segment[] = [];
    let genCol = 0;
    for (const seg of lineText.split(',')) {
      if (seg === '') continue;
      const v = vlq(seg);
      genCol += v[0] ?? 0;
      if (v.length < 4) continue; // a segment with no source
      srcLine += v[2]!;
      srcCol += v[3]!;
      segments.push([genCol, srcLine, srcCol]);
    }
    segments.sort((a, b) => a[0] - b[0]);
    lines.push(segments);
  }
  return lines;
}

/** The signed numbers of one base64-VLQ segment. */
function vlq(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of text) {
    const digit = DIGIT.get(c);
    if (digit === undefined) break;
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    out.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
    value = 0;
    shift = 0;
  }
  return out;
}
