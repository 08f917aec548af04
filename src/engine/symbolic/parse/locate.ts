/**
 * Columns in the original text for errors found after mathjs has parsed it (mathjs's nodes keep
 * no positions). 1-based, as an editor shows them.
 */

const IDENT_CHAR = /[\p{L}\p{N}_$.]/u;

/** Column of the first `name` that stands alone as an identifier, optionally followed by '('. */
export function findIdentifier(text: string, name: string, call = false): number | undefined {
  let from = 0;
  for (;;) {
    const i = text.indexOf(name, from);
    if (i < 0) return undefined;
    const before = i > 0 ? text[i - 1]! : '';
    const rest = text.slice(i + name.length);
    const after = rest[0] ?? '';
    const standalone = !IDENT_CHAR.test(before) && !(after && /[\p{L}\p{N}_$]/u.test(after));
    if (standalone && (!call || /^\s*\(/.test(rest))) return i + 1;
    from = i + 1;
  }
}

/** Column of the first occurrence of an operator's text. */
export function findText(text: string, needle: string): number | undefined {
  const i = text.indexOf(needle);
  return i < 0 ? undefined : i + 1;
}
