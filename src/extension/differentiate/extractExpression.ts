/**
 * Finds the math expression on one line of a source file, a Markdown note or plain text, so that
 * "Differentiate Selection" without a selection and the hover know what to parse. Pure (no
 * `vscode`): the Node unit tests cover it.
 *
 * The line is narrowed step by step, keeping offsets so the caller can replace exactly the
 * expression: an inline code span under the cursor wins; otherwise leading comment, quote and
 * list markers go, then a trailing comment, then the `;`-separated statement under the cursor,
 * then `const y =` / `return` / `def f(x):` / `(x) =>` prefixes and a trailing `;` or `,`.
 * Prose is rejected here ("loss curve" would parse as the product loss·curve in mathjs).
 */

/** How trailing comments are written in the document's language. */
export type CommentStyle = 'c' | 'hash' | 'none';

export interface ExtractOptions {
  /** 0-based column of the cursor or the hover; picks the statement or code span under it. */
  column?: number;
  /** Trailing comments to cut: `//` (C-like), `#` (Python) or none (Markdown, plain text). */
  comment?: CommentStyle;
  /** Longest expression worth parsing; longer text is rejected. */
  maxLength?: number;
}

export interface ExtractedExpression {
  /** The expression text, equal to line.slice(start, end). */
  text: string;
  /** 0-based offsets in the line, end exclusive. */
  start: number;
  end: number;
  /** The assigned name when the line reads `name = expr` (`const y = …`, `self.loss = …`). */
  assignedTo?: string;
}

/** The comment style for a VS Code language id. */
export function commentStyleFor(languageId: string): CommentStyle {
  if (languageId === 'python') return 'hash';
  if (/^(type|java)script(react)?$/.test(languageId) || languageId === 'c' || languageId === 'cpp')
    return 'c';
  return 'none';
}

const LEADING_MARKERS =
  /^(?:\/\/+|\/\*+|\*+\/?(?=\s)|#+(?=\s)|>+|[-+*](?=\s)|\d+[.)](?=\s)|<!--)\s*/;
const ASSIGNMENT =
  /^(?:(?:export\s+)?(?:const|let|var)\s+)?([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?:\s*:\s*[\w$.[\]<>| ]+?)?\s*=(?![=>])\s*/;
const RETURN = /^return\b\s*/;
const PY_DEF = /^def\s+[A-Za-z_]\w*\s*\([^)]*\)\s*(?:->\s*[^:]+)?:\s*/;
const LAMBDA =
  /^(?:lambda\b[^:]*:|(?:async\s+)?(?:\([^()]*\)|[A-Za-z_$][\w$]*)\s*(?::\s*[\w$.[\]<>| ]+)?\s*=>)\s*/;
const KEYWORDS = new Set([
  'if',
  'else',
  'for',
  'while',
  'import',
  'from',
  'class',
  'function',
  'new',
  'typeof',
  'in',
  'of',
  'is',
  'not',
  'and',
  'or',
  'with',
  'as',
  'yield',
  'await',
]);

/**
 * The expression on `line` (at `column` when given), or undefined when the line holds no
 * plausible formula. Example: `  const y = Math.sin(x) ** 2; // loss` → `Math.sin(x) ** 2`.
 */
export function extractExpression(
  line: string,
  options: ExtractOptions = {},
): ExtractedExpression | undefined {
  const maxLength = options.maxLength ?? 500;
  const span = codeSpanAt(line, options.column);
  if (span) return accept(line, span.start, span.end, undefined, maxLength);
  let start = 0;
  let end = line.length;
  // Leading markers may repeat: "> - `x`" or "// * x".
  for (let guard = 0; guard < 4; guard++) {
    const m = LEADING_MARKERS.exec(line.slice(start, end).trimStart());
    if (!m || m[0].length === 0) break;
    start += leadingSpace(line.slice(start, end)) + m[0].length;
  }
  end = start + cutTrailingComment(line.slice(start, end), options.comment ?? 'none');
  const statement = statementAt(line, start, end, options.column);
  start = statement.start;
  end = statement.end;
  let assignedTo: string | undefined;
  for (const prefix of [PY_DEF, RETURN, ASSIGNMENT, LAMBDA, RETURN]) {
    start += leadingSpace(line.slice(start, end));
    const m = prefix.exec(line.slice(start, end));
    if (!m) continue;
    // A lambda's name is a function's, not a value's: `const f = (x) => …` assigns no value.
    if (prefix === ASSIGNMENT) assignedTo = m[1];
    if (prefix === LAMBDA) assignedTo = undefined;
    start += m[0].length;
  }
  return accept(line, start, end, assignedTo, maxLength);
}

/** Trim, drop a trailing `;`/`,`/`*\/`/`-->`/backtick pair, and reject prose. */
function accept(
  line: string,
  start: number,
  end: number,
  assignedTo: string | undefined,
  maxLength: number,
): ExtractedExpression | undefined {
  start += leadingSpace(line.slice(start, end));
  for (;;) {
    const rest = line.slice(start, end);
    const trimmed = rest.replace(/(?:\s|;|,|\*\/|-->)+$/, '');
    if (trimmed.length === rest.length) break;
    end = start + trimmed.length;
  }
  if (line[start] === '`' && line[end - 1] === '`' && end - start >= 2) {
    start++;
    end--;
  }
  const text = line.slice(start, end);
  if (!looksLikeMath(text, maxLength)) return undefined;
  return assignedTo === undefined ? { text, start, end } : { text, start, end, assignedTo };
}

/**
 * True when `text` plausibly is a formula: an operator or a call, balanced brackets, no two
 * words in a row (prose) and no characters that never occur in the three syntaxes.
 */
export function looksLikeMath(text: string, maxLength = 500): boolean {
  if (text.length === 0 || text.length > maxLength) return false;
  if (/["'`{};=]|[?!]\s|:\s|\s:/.test(text.replace(/[<>!=]=/g, ' '))) return false;
  if (!/[-+*/^%]|[A-Za-z_]\w*\s*\(/.test(text)) return false;
  let depth = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (depth < 0) return false;
  }
  if (depth !== 0) return false;
  for (const w of text.match(/[A-Za-z_$][\w$]*/g) ?? []) if (KEYWORDS.has(w)) return false;
  // Two words or numbers side by side ("loss curve", "2 apples") are prose, not math.
  return !/[\w$.]\s+[A-Za-z_$]/.test(text);
}

/** The inline code span (`…`) that contains `column`, without its backticks. */
function codeSpanAt(
  line: string,
  column: number | undefined,
): { start: number; end: number } | undefined {
  if (column === undefined) return undefined;
  const re = /`([^`]+)`/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (column >= m.index && column <= m.index + m[0].length)
      return { start: m.index + 1, end: m.index + m[0].length - 1 };
  }
  return undefined;
}

/** Offset of the trailing comment in `text` (its length when there is none), ignoring strings. */
function cutTrailingComment(text: string, style: CommentStyle): number {
  if (style === 'none') return text.length;
  const marker = style === 'c' ? /\/\/|\/\*/g : /#/g;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote && text[i - 1] !== '\\') quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      continue;
    }
    marker.lastIndex = i;
    const m = marker.exec(text);
    if (m && m.index === i) return i;
  }
  return text.length;
}

/** The `;`-separated statement of line[start, end) that holds `column` (the first one without). */
function statementAt(
  line: string,
  start: number,
  end: number,
  column: number | undefined,
): { start: number; end: number } {
  let depth = 0;
  let segStart = start;
  let last = { start, end };
  for (let i = start; i <= end; i++) {
    const ch = i < end ? line[i] : ';';
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ';' && depth <= 0) {
      if (line.slice(segStart, i).trim() !== '') {
        last = { start: segStart, end: i };
        if (column === undefined || column <= i) return last;
      }
      segStart = i + 1;
    }
  }
  return last;
}

function leadingSpace(s: string): number {
  return s.length - s.trimStart().length;
}
