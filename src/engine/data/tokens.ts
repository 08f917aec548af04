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

/** A hint for a header row that is mostly numbers: the file probably has no header line. */
export function headerHint(names: readonly string[]): string {
  const numbers = names.filter((n) => n.trim() !== '' && Number.isFinite(Number(n))).length;
  return numbers * 3 >= names.length && numbers > 0
    ? ' The header line looks like data (numbers): GradLab reads the first line as the header, so add a line naming the columns.'
    : '';
}

/** Cell text for a message: control characters made visible, at most 60 characters. */
export function shownText(text: string): string {
  let visible = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    visible += code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : c;
    if (visible.length > 60) break;
  }
  return visible.length > 60 ? `${visible.slice(0, 57)}…` : visible;
}

const DATE = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})([ T]\d{1,2}:\d{2}(:\d{2})?)?$/;
const WITH_UNIT = /^[-+]?[$€£¥]?\s?\d[\d.,]*\s?(%|[$€£¥]|[a-zA-Zµ]{1,3})$|^[-+]?[$€£¥]\s?\d[\d.,]*$/;

/**
 * Why a text column may have been meant as numbers, from a few of its levels: dates, or numbers
 * with a unit or currency sign ("12%", "$5", "3 kg"). '' when neither fits most of them.
 */
export function levelsHint(levels: readonly string[]): string {
  const sample = levels.slice(0, 20).map((l) => l.trim());
  const most = (re: RegExp) => sample.length > 0 && sample.filter((l) => re.test(l)).length >= 0.8 * sample.length;
  if (most(DATE)) return ' Its values look like dates, which GradLab reads as text: derive numbers from them (year, month, days since a start) in another column.';
  if (most(WITH_UNIT)) return ` Its values look like numbers with a unit or sign (such as "${shownText(sample[0]!)}"): remove it so that the column reads as numbers.`;
  return '';
}
