/**
 * Cell words with a meaning of their own: missing-value markers (pandas' default `na_values`, case
 * folded) and the booleans true/false.
 */

/** Lower-cased missing-value markers; the empty cell is missing too. */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  '', 'na', 'n/a', 'nan', '-nan', 'null', 'none', '#n/a', '#na', '#n/a n/a', '<na>', 'nil', '?',
]);

/** True when the (already trimmed) text marks a missing value. */
export function isMissingText(text: string): boolean {
  return text.length <= 8 && MISSING_TOKENS.has(text.toLowerCase());
}

/** true/false for boolean words (any case), undefined for anything else. */
export function booleanValue(text: string): boolean | undefined {
  if (text.length !== 4 && text.length !== 5) return undefined;
  const t = text.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/** True when the trimmed bytes `[start, end)` mark a missing value. */
export function isMissingBytes(bytes: Uint8Array, start: number, end: number): boolean {
  while (start < end && (bytes[start] === 32 || bytes[start] === 9)) start++;
  while (end > start && (bytes[end - 1] === 32 || bytes[end - 1] === 9)) end--;
  if (end - start > 8) return false;
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return MISSING_TOKENS.has(s.toLowerCase());
}
