/**
 * The CodeLens's finder: top-level functions and their companions from TypeScript's scanner alone
 * (tokens, no syntax tree), because it runs on every keystroke. A full parse of a 5000-line file
 * takes 10–25 ms; the token pass takes 1–3 ms. findCheckTarget parses properly when a check runs,
 * and applies the same rules (functionSite.ts), so both agree on well-formed code.
 */
import ts from 'typescript';
import { checkableFrom, docTags, tagsBefore, type FunctionSite } from './functionSite';
import { classifyType, type TypeClass } from './signature';
import type { CheckableFunction } from './types';

// Local copies: ts.SyntaxKind is a large enum object in dictionary mode, and reading it once per
// token made the scan 10× slower than TypeScript's scanner itself.
const {
  AbstractKeyword,
  AsyncKeyword,
  AtToken,
  BigIntLiteral,
  ClassKeyword,
  CloseBraceToken,
  CloseBracketToken,
  CloseParenToken,
  ColonToken,
  CommaToken,
  ConstKeyword,
  DeclareKeyword,
  DefaultKeyword,
  DoKeyword,
  DotDotDotToken,
  EndOfFileToken,
  EnumKeyword,
  EqualsGreaterThanToken,
  EqualsToken,
  ExclamationToken,
  ExportKeyword,
  FalseKeyword,
  ForKeyword,
  FunctionKeyword,
  Identifier,
  IfKeyword,
  ImportKeyword,
  InterfaceKeyword,
  LessThanToken,
  LetKeyword,
  MinusMinusToken,
  NoSubstitutionTemplateLiteral,
  NullKeyword,
  NumericLiteral,
  OpenBraceToken,
  OpenBracketToken,
  OpenParenToken,
  PlusPlusToken,
  QuestionToken,
  ReturnKeyword,
  SemicolonToken,
  SlashEqualsToken,
  SlashToken,
  StringLiteral,
  SuperKeyword,
  TemplateHead,
  TemplateTail,
  ThisKeyword,
  TrueKeyword,
  TypeKeyword,
  Unknown,
  VarKeyword,
  WhileKeyword,
} = ts.SyntaxKind;

/**
 * The tokens of a file with their bracket depth (an opener and its closer share a depth), in
 * typed arrays: a 5000-line file has ~40k tokens, and plain arrays of them cost more in allocation
 * and GC than the scan itself.
 */
interface Tokens {
  /** Number of tokens; the arrays may be longer. */
  length: number;
  kind: Int32Array;
  start: Int32Array;
  end: Int32Array;
  depth: Int32Array;
  /** 1 when a line break comes before the token. */
  newline: Uint8Array;
}

function allocate(capacity: number): Tokens {
  return {
    length: 0,
    kind: new Int32Array(capacity),
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    depth: new Int32Array(capacity),
    newline: new Uint8Array(capacity),
  };
}

function grow(t: Tokens): Tokens {
  const bigger = allocate(t.kind.length * 2);
  bigger.kind.set(t.kind);
  bigger.start.set(t.start);
  bigger.end.set(t.end);
  bigger.depth.set(t.depth);
  bigger.newline.set(t.newline);
  bigger.length = t.length;
  return bigger;
}

/** After these a `/` divides; elsewhere it starts a regular expression. */
const VALUE_END = new Set<number>([
  Identifier,
  NumericLiteral,
  BigIntLiteral,
  StringLiteral,
  NoSubstitutionTemplateLiteral,
  TemplateTail,
  CloseParenToken,
  CloseBracketToken,
  CloseBraceToken,
  ThisKeyword,
  SuperKeyword,
  TrueKeyword,
  FalseKeyword,
  NullKeyword,
  PlusPlusToken,
  MinusMinusToken,
]);

let scanner: ts.Scanner | undefined;

function tokenize(source: string): Tokens {
  scanner ??= ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard);
  scanner.setText(source);
  // Tokens are at least a character apart, except at the end of a template.
  let t = allocate((source.length >> 2) + 64);
  // '(' '[' '{' or 't' for a template's `${`.
  const stack: string[] = [];
  let prev: number = Unknown;
  let prevPostfixBang = false;
  for (let kind = scanner.scan(); kind !== EndOfFileToken; kind = scanner.scan()) {
    if (kind === SlashToken || kind === SlashEqualsToken) {
      if (!VALUE_END.has(prev) && !prevPostfixBang) kind = scanner.reScanSlashToken();
    }
    let depth = stack.length;
    if (kind === OpenParenToken) stack.push('(');
    else if (kind === OpenBracketToken) stack.push('[');
    else if (kind === OpenBraceToken) stack.push('{');
    else if (kind === TemplateHead) stack.push('t');
    else if (kind === CloseParenToken || kind === CloseBracketToken) depth = pop(stack);
    else if (kind === CloseBraceToken) {
      if (stack[stack.length - 1] === 't') {
        kind = scanner.reScanTemplateToken(false);
        if (kind === TemplateTail) depth = pop(stack);
        else depth = stack.length - 1;
      } else depth = pop(stack);
    }
    // `x!` (non-null) ends a value; `!x` does not.
    prevPostfixBang = kind === ExclamationToken && (VALUE_END.has(prev) || prevPostfixBang);
    if (t.length === t.kind.length) t = grow(t);
    const n = t.length++;
    t.kind[n] = kind;
    t.start[n] = scanner.getTokenStart();
    t.end[n] = scanner.getTokenEnd();
    t.depth[n] = depth;
    t.newline[n] = scanner.hasPrecedingLineBreak() ? 1 : 0;
    prev = kind;
  }
  return t;
}

function pop(stack: string[]): number {
  if (stack.length > 0) stack.pop();
  return stack.length;
}

/** Index of the first token after `from` with `kind` at `depth`, or -1. */
function next(t: Tokens, from: number, kind: number, depth: number): number {
  for (let i = from + 1; i < t.length; i++) {
    if (t.depth[i]! < depth) return -1;
    if (t.kind[i] === kind && t.depth[i] === depth) return i;
  }
  return -1;
}

/** The parameters between the `(` at `open` and the `)` at `close`. */
function params(
  source: string,
  t: Tokens,
  open: number,
  close: number,
): { types: TypeClass[]; rest: boolean; optionalFrom: number } {
  const inner = t.depth[open]! + 1;
  const types: TypeClass[] = [];
  let rest = false;
  let optionalFrom = 0;
  let first = open + 1;
  for (let i = open + 1; i <= close; i++) {
    if (i < close && !(t.kind[i] === CommaToken && t.depth[i] === inner)) continue;
    // `this: T` declares the receiver's type; it is not an argument.
    if (
      first < i &&
      !(t.kind[first] === ThisKeyword && (first + 1 === i || t.kind[first + 1] === ColonToken))
    ) {
      const isRest = t.kind[first] === DotDotDotToken;
      if (isRest) rest = true;
      let colon = -1;
      let eq = i;
      let question = false;
      for (let j = first; j < i; j++) {
        if (t.depth[j] !== inner) continue;
        if (colon < 0 && t.kind[j] === QuestionToken) question = true;
        else if (colon < 0 && t.kind[j] === ColonToken) colon = j;
        else if (t.kind[j] === EqualsToken) {
          eq = j;
          break;
        }
      }
      const typeEnd = eq < i ? t.start[eq]! : t.end[i - 1]!;
      types.push(classifyType(colon < 0 ? undefined : source.slice(t.end[colon], typeEnd)));
      if (!(isRest || question || eq < i)) optionalFrom = types.length;
    }
    first = i + 1;
  }
  return { types, rest, optionalFrom };
}

/** A return type annotation from `colon` up to (not including) token `stop`. */
function returnType(source: string, t: Tokens, colon: number, stop: number): TypeClass {
  if (colon < 0 || stop <= colon + 1) return 'none';
  return classifyType(source.slice(t.end[colon], t.start[stop]));
}

const MODIFIERS = new Set<number>([ExportKeyword, DefaultKeyword, AsyncKeyword, DeclareKeyword]);
const STATEMENT_START = new Set<number>([
  ExportKeyword,
  ImportKeyword,
  FunctionKeyword,
  ConstKeyword,
  LetKeyword,
  VarKeyword,
  ClassKeyword,
  InterfaceKeyword,
  TypeKeyword,
  EnumKeyword,
  IfKeyword,
  ForKeyword,
  WhileKeyword,
  DoKeyword,
  ReturnKeyword,
  AtToken,
  DeclareKeyword,
  AbstractKeyword,
]);

/** Start of the declaration whose keyword is token `i`: its leading modifiers included. */
function declarationStart(t: Tokens, i: number): number {
  let s = i;
  while (s > 0 && t.depth[s - 1] === 0 && MODIFIERS.has(t.kind[s - 1]!)) s--;
  return s;
}

/**
 * Index of the last token of a body that starts at token `i`: a `{` block, else an expression up
 * to `;` or the next statement. With `semicolon`, a `;` right after a block belongs to it too.
 */
function bodyEnd(t: Tokens, i: number, semicolon: boolean): number {
  const d = t.depth[i]!;
  const last = t.length - 1;
  if (t.kind[i] === OpenBraceToken) {
    const close = next(t, i, CloseBraceToken, d);
    if (close < 0) return last;
    return semicolon && t.kind[close + 1] === SemicolonToken ? close + 1 : close;
  }
  for (let j = i + 1; j < t.length; j++) {
    if (t.depth[j] !== d) continue;
    if (t.kind[j] === SemicolonToken) return j;
    if (t.newline[j] && STATEMENT_START.has(t.kind[j]!)) return j - 1;
  }
  return last;
}

/**
 * The `{` of a body that follows a return type starting after token `from`, or -1 when a `;` or a
 * new statement comes first (an overload signature or a `declare`).
 */
function bodyBrace(t: Tokens, from: number): number {
  for (let j = from + 1; j < t.length; j++) {
    if (t.depth[j] !== 0) continue;
    if (t.kind[j] === OpenBraceToken) return j;
    if (t.kind[j] === SemicolonToken || (t.newline[j] && STATEMENT_START.has(t.kind[j]!)))
      return -1;
  }
  return -1;
}

/** An identifier, or a word that is a keyword only in places (`constructor`, `type`, `of`): TypeScript's contextual keywords run from `abstract` to `of`. */
const isName = (kind: number) =>
  kind === Identifier || (kind >= AbstractKeyword && kind <= ts.SyntaxKind.OfKeyword);

/** `function name(…) {…}` at token `i`. */
function functionDeclaration(source: string, t: Tokens, i: number): FunctionSite | undefined {
  const nameAt = i + 1;
  if (!isName(t.kind[nameAt]!)) return undefined;
  // Type parameters (`function f<T>(…)`) sit between the name and the parameters.
  const open =
    t.kind[nameAt + 1] === LessThanToken ? next(t, nameAt + 1, OpenParenToken, 0) : nameAt + 1;
  if (open < 0 || t.kind[open] !== OpenParenToken) return undefined;
  const close = next(t, open, CloseParenToken, 0);
  if (close < 0) return undefined;
  const body = t.kind[close + 1] === ColonToken ? bodyBrace(t, close + 1) : close + 1;
  if (body < 0 || t.kind[body] !== OpenBraceToken) return undefined; // an overload or `declare`
  const p = params(source, t, open, close);
  const start = t.start[declarationStart(t, i)]!;
  return {
    name: source.slice(t.start[nameAt], t.end[nameAt]),
    start,
    end: t.end[bodyEnd(t, body, false)]!,
    nameStart: t.start[nameAt]!,
    nameEnd: t.end[nameAt]!,
    params: p.types,
    rest: p.rest,
    optionalFrom: p.optionalFrom,
    async: i > 0 && t.kind[i - 1] === AsyncKeyword && t.depth[i - 1] === 0,
    returns: returnType(source, t, t.kind[close + 1] === ColonToken ? close + 1 : -1, body),
    ...tagsBefore(source, start),
  };
}

/** `const name = (…) => …`, `const name = function (…) {…}` at token `i` (the `const`). */
function variableFunction(source: string, t: Tokens, i: number): FunctionSite | undefined {
  const nameAt = i + 1;
  if (!isName(t.kind[nameAt]!) || t.kind[nameAt + 1] !== EqualsToken) return undefined;
  let j = nameAt + 2;
  const async = t.kind[j] === AsyncKeyword;
  if (async) j++;
  let open: number;
  let close: number;
  let types: TypeClass[];
  let rest = false;
  let optionalFrom = 1;
  if (t.kind[j] === FunctionKeyword) {
    open = t.kind[j + 1] === Identifier ? j + 2 : j + 1;
    if (t.kind[open] !== OpenParenToken) return undefined;
    close = next(t, open, CloseParenToken, 0);
  } else if (t.kind[j] === OpenParenToken) {
    open = j;
    close = next(t, open, CloseParenToken, 0);
  } else if (t.kind[j] === Identifier && t.kind[j + 1] === EqualsGreaterThanToken) {
    open = -1;
    close = j;
  } else return undefined;
  if (close < 0) return undefined;
  if (open < 0) types = ['none'];
  else ({ types, rest, optionalFrom } = params(source, t, open, close));
  const extra = { optionalFrom, async };
  let colon = -1;
  let body: number;
  if (t.kind[j] === FunctionKeyword) {
    if (t.kind[close + 1] === ColonToken) colon = close + 1;
    body = colon < 0 ? close + 1 : bodyBrace(t, colon);
    if (body < 0 || t.kind[body] !== OpenBraceToken) return undefined;
  } else {
    if (t.kind[close + 1] === ColonToken) colon = close + 1;
    const arrow = colon < 0 ? close + 1 : next(t, colon, EqualsGreaterThanToken, 0);
    if (arrow < 0 || t.kind[arrow] !== EqualsGreaterThanToken) return undefined;
    body = arrow + 1; // the return type runs to the arrow
    return siteOf(
      source,
      t,
      i,
      nameAt,
      types,
      rest,
      returnType(source, t, colon, arrow),
      body,
      extra,
    );
  }
  return siteOf(source, t, i, nameAt, types, rest, returnType(source, t, colon, body), body, extra);
}

function siteOf(
  source: string,
  t: Tokens,
  keyword: number,
  nameAt: number,
  types: TypeClass[],
  rest: boolean,
  returns: TypeClass,
  body: number,
  extra: { optionalFrom: number; async: boolean },
): FunctionSite | undefined {
  if (body >= t.length) return undefined;
  const start = t.start[declarationStart(t, keyword)]!;
  return {
    name: source.slice(t.start[nameAt], t.end[nameAt]),
    start,
    end: t.end[bodyEnd(t, body, true)]!,
    nameStart: t.start[nameAt]!,
    nameEnd: t.end[nameAt]!,
    params: types,
    rest,
    ...extra,
    returns,
    ...tagsBefore(source, start),
  };
}

/** Every top-level function of `source`, by the token scan. */
export function scanFunctionSites(source: string): FunctionSite[] {
  const t = tokenize(source);
  const sites: FunctionSite[] = [];
  // The first overload signature of a run (`function f(x: T): R;` without a body): the
  // implementation that follows reads its JSDoc from there when it has none of its own.
  let overload: { name: string; start: number } | undefined;
  for (let i = 0; i < t.length; i++) {
    if (t.depth[i] !== 0) continue;
    const k = t.kind[i];
    let site: FunctionSite | undefined;
    if (k === FunctionKeyword) {
      site = functionDeclaration(source, t, i);
      if (site) {
        if (overload?.name === site.name)
          Object.assign(site, docTags(source, site.start, overload.start));
        overload = undefined;
      } else if (isName(t.kind[i + 1]!)) {
        const from = declarationStart(t, i);
        let declared = false;
        for (let j = from; j < i; j++) if (t.kind[j] === DeclareKeyword) declared = true;
        const name = source.slice(t.start[i + 1], t.end[i + 1]);
        if (declared) overload = undefined;
        else if (overload?.name !== name) overload = { name, start: t.start[from]! };
      }
    } else if (k === ConstKeyword || k === LetKeyword || k === VarKeyword) {
      site = variableFunction(source, t, i);
      overload = undefined;
    }
    if (site) sites.push(site);
  }
  return sites;
}

/**
 * The functions a CodeLens can offer to check, with their companions, from a syntactic scan (fast
 * enough for every keystroke: about 2 ms for 5000 lines). Top-level functions only: function
 * declarations and `const f = (…) => …` / `const f = function …`, exported or not.
 * @example listCheckableFunctions(doc.getText()).map((f) => new vscode.CodeLens(range(f.nameRange)))
 */
export function listCheckableFunctions(source: string): CheckableFunction[] {
  return checkableFrom(source, scanFunctionSites(source));
}
