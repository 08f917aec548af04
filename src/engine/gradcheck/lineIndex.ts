/** Offsets to 1-based line and column (UTF-16 code units, as editors count them). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based { line, column } of `offset`. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }

  /** Offset of 1-based `line`, `column` (clamped to the text's lines). */
  offset(line: number, column: number): number {
    const l = Math.min(Math.max(line, 1), this.starts.length);
    return this.starts[l - 1]! + Math.max(column, 1) - 1;
  }
}

/** The `/** … *\/` comment that ends right before `start` (only whitespace between), or undefined. */
export function docCommentBefore(
  text: string,
  start: number,
): { text: string; start: number } | undefined {
  let i = start - 1;
  while (i >= 0 && /\s/.test(text.charAt(i))) i--;
  if (i < 1 || text.charAt(i) !== '/' || text.charAt(i - 1) !== '*') return undefined;
  const open = text.lastIndexOf('/*', i - 2);
  if (open < 0 || text.charAt(open + 2) !== '*') return undefined;
  return { text: text.slice(open, i + 1), start: open };
}
