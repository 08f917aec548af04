/**
 * Tokens of a JavaScript or Python expression, with 0-based offsets into the original text.
 * Comments are skipped (`//` and `/* *\/` in JavaScript, `#` in Python), and so is a backslash
 * line continuation. Characters pasted from papers and PDFs read as what they mean: − × · ÷ as
 * operators, √ as a prefix square root, ² and ⁻¹ as postfix powers ('sup' tokens).
 */
import { GradLabError } from '../../errors';

export type TokenKind = 'number' | 'ident' | 'op' | 'string' | 'sup' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** 0-based offset of the token's first character. */
  pos: number;
  /** The number's value, or the exponent of a superscript. */
  value?: number;
}

const OPS = [
  '===',
  '!==',
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
  '√',
];
/** Typographic operators and the ASCII they stand for. */
export const UNICODE_OPERATORS: Readonly<Record<string, string>> = {
  '\u2212': '-', // − minus sign
  '\u2013': '-', // – en dash, as PDFs render minus signs
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\uFE63': '-',
  '\uFF0D': '-',
  '\u00D7': '*', // ×
  '\u00B7': '*', // ·
  '\u22C5': '*', // ⋅
  '\u2217': '*', // ∗
  '\u00F7': '/', // ÷
  '\u2215': '/', // ∕
};
/** Superscript digits and signs: x² is x^2, x⁻¹ is x^-1. */
export const SUPERSCRIPTS: Readonly<Record<string, string>> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
  '⁺': '+',
};
const SUPERSCRIPT_RUN = /^[⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+/;
const NUMBER = /^(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?/;
// Letters, then letters and decimal digits: x² is x squared, not a name (² is a number, No).
const IDENT = /^[\p{L}_$][\p{L}\p{Nd}\p{Mn}\p{Mc}_$]*/u;

const syntaxError = (message: string, pos: number): GradLabError =>
  new GradLabError('syntax', message, { kind: 'expression', column: pos + 1 });

/** The exponent a run of superscript characters spells (⁻¹² → −12). */
export function superscriptValue(run: string): number {
  return Number([...run].map((c) => SUPERSCRIPTS[c]).join(''));
}

export function tokenize(text: string, comments: 'javascript' | 'python' = 'python'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch) || (ch === '\\' && /^\\\r?\n/.test(text.slice(i)))) {
      i++;
      continue;
    }
    if (comments === 'python' && ch === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (comments === 'javascript' && ch === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (comments === 'javascript' && ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw syntaxError('Unterminated comment /*.', i);
      i = end + 2;
      continue;
    }
    const rest = text.slice(i);
    const num = NUMBER.exec(rest);
    if (num && /[\d.]/.test(ch)) {
      const raw = num[0];
      if (raw.endsWith('_') || raw.includes('__')) throw syntaxError(`Malformed number ${raw}.`, i);
      const value = Number(raw.replace(/_/g, ''));
      if (!Number.isFinite(value))
        throw new GradLabError('unsupported', `The number ${raw} is too large: it is not finite.`, {
          kind: 'expression',
          column: i + 1,
        });
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
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) throw syntaxError(`Unterminated string ${rest.slice(0, 12)}.`, i);
      tokens.push({ kind: 'string', text: text.slice(i + 1, end), pos: i });
      i = end + 1;
      continue;
    }
    const sup = SUPERSCRIPT_RUN.exec(rest);
    if (sup) {
      tokens.push({ kind: 'sup', text: sup[0], pos: i, value: superscriptValue(sup[0]) });
      i += sup[0].length;
      continue;
    }
    const unicode = UNICODE_OPERATORS[ch];
    if (unicode) {
      tokens.push({ kind: 'op', text: unicode, pos: i });
      i++;
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

/**
 * The tokens without parentheses that directly wrap another pair, ((x)) → (x): they add nothing,
 * and each level costs the recursive-descent parser several stack frames. Unbalanced input is
 * returned as it is, for the parser to report with its column.
 */
export function dropDoubledParentheses(tokens: Token[]): Token[] {
  const isOp = (k: number, text: string): boolean =>
    tokens[k]?.kind === 'op' && tokens[k]!.text === text;
  const match = new Map<number, number>();
  const open: number[] = [];
  let doubled = false;
  for (let k = 0; k < tokens.length; k++) {
    if (isOp(k, '(')) {
      open.push(k);
      doubled ||= isOp(k + 1, '(');
    } else if (isOp(k, ')')) {
      const o = open.pop();
      if (o === undefined) return tokens;
      match.set(o, k);
    }
  }
  if (!doubled || open.length > 0) return tokens;
  const drop = new Set<number>();
  for (const [o, c] of match) {
    if (isOp(o + 1, '(') && match.get(o + 1) === c - 1) drop.add(o + 1).add(c - 1);
  }
  return tokens.filter((_, k) => !drop.has(k));
}
