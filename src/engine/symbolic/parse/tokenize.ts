/** Tokens of a JavaScript or Python expression, with 0-based offsets into the original text. */
import { GradLabError } from '../../errors';

export type TokenKind = 'number' | 'ident' | 'op' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** 0-based offset of the token's first character. */
  pos: number;
  value?: number;
}

const OPS = [
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '=>',
  '->',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '(',
  ')',
  ',',
  '.',
  '=',
  '[',
  ']',
  '{',
  '}',
  '<',
  '>',
  '?',
  ':',
  '!',
  '&',
  '|',
  '~',
  '@',
  ';',
];
const NUMBER = /^(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?/;
const IDENT = /^[\p{L}_$][\p{L}\p{N}_$]*/u;

const syntaxError = (message: string, pos: number): GradLabError =>
  new GradLabError('syntax', message, { kind: 'expression', column: pos + 1 });

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch) || (ch === '\\' && /^\\\r?\n/.test(text.slice(i)))) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const num = NUMBER.exec(rest);
    if (num && /[\d.]/.test(ch)) {
      const raw = num[0];
      if (raw.endsWith('_') || raw.includes('__')) throw syntaxError(`Malformed number ${raw}.`, i);
      const value = Number(raw.replace(/_/g, ''));
      const after = rest[raw.length];
      if (after !== undefined && /[\p{L}_$]/u.test(after)) {
        throw syntaxError(
          `Missing operator after ${raw} (write ${raw} * ${after}…).`,
          i + raw.length,
        );
      }
      tokens.push({ kind: 'number', text: raw, pos: i, value });
      i += raw.length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (id) {
      tokens.push({ kind: 'ident', text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (!op) throw syntaxError(`Unexpected character ${JSON.stringify(ch)}.`, i);
    tokens.push({ kind: 'op', text: op, pos: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', pos: text.length });
  return tokens;
}
