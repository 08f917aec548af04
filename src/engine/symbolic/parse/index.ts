/**
 * Parsing in three syntaxes to one core tree (nodes.ts): mathjs (`x^2`, `sin(x)`), JavaScript or
 * TypeScript (`Math.sin(x) ** 2`) and Python (`np.exp(-x**2)`). The syntax is detected from the
 * text unless the caller names it (the extension passes the document's language).
 */
import { GradLabError } from '../../errors';
import { type Node, variablesOf } from '../nodes';
import type { PythonModule } from '../print/python';
import { parseCode } from './codeSyntax';
import { findIdentifier } from './locate';
import { parseMathjs } from './mathjsSyntax';

export type Syntax = 'mathjs' | 'javascript' | 'python';

/** A syntax to parse in: one of Syntax, 'js' (= 'javascript'), or 'auto' to detect it. */
export type SyntaxOption = Syntax | 'js' | 'auto';

export interface ParseOptions {
  /** The input syntax; 'auto' (the default) detects it with detectSyntax. */
  syntax?: SyntaxOption;
}

export interface ParsedTree {
  node: Node;
  syntax: Syntax;
  variables: string[];
  /** For Python: the module style the code printer follows (np., math., torch., bare). */
  pythonModule: PythonModule;
}

const PY_PREFIX = /(?:^|[^\w$.])(?:np|numpy|math|torch|F|scipy|jnp|jax|nn|tf)\s*\./;
/** Python's own words: a conditional expression, a lambda, a def. */
const PY_WORDS = /\bif\b[\s\S]*\belse\b|^\s*lambda\b[\w\s,=.]*:|^\s*def\s+\w+\s*\(/;
/**
 * JavaScript/TypeScript statements around an expression: const y =, (x) => …, as number, a
 * trailing ; (unless ^ says mathjs), return without ** (with it, Python).
 */
const JS_WORDS =
  /^\s*(?:export\s+)?(?:const|let|var)\b|=>|===|!==|\bas\s+(?:number|const)\b|^[^^]*;\s*$|^\s*return\b(?![\s\S]*\*\*)/;

/**
 * The syntax a text is written in: `Math.` means JavaScript; `np.`, `math.`, `torch.` or `F.`
 * mean Python; otherwise `**` or Python's words (`a if c else b`, `lambda`) mean Python (both
 * languages read `**` the same way; pass `syntax: 'javascript'` for JavaScript output); a
 * JavaScript statement (`const y = …`, `return …`, `=>`) means JavaScript; the rest is mathjs.
 */
export function detectSyntax(text: string): Syntax {
  if (/(?:^|[^\w$.])Math\s*\./.test(text)) return 'javascript';
  if (PY_PREFIX.test(text) || PY_WORDS.test(text)) return 'python';
  if (JS_WORDS.test(text)) return 'javascript';
  // ** with c ? a : b: JavaScript (Python has no ?:, mathjs no **).
  if (text.includes('**')) return /\?[\s\S]*:/.test(text) ? 'javascript' : 'python';
  return 'mathjs';
}

export function parseTree(text: string, options: ParseOptions = {}): ParsedTree {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new GradLabError('syntax', 'The expression is empty.', { kind: 'expression', column: 1 });
  }
  const option = options.syntax ?? 'auto';
  const syntax = option === 'auto' ? detectSyntax(text) : option === 'js' ? 'javascript' : option;
  if (syntax === 'mathjs') {
    const node = parseMathjs(text);
    return { node, syntax, variables: inTextOrder(variablesOf(node), text), pythonModule: 'np' };
  }
  if (syntax !== 'javascript' && syntax !== 'python') {
    throw new GradLabError(
      'bad-argument',
      `Unknown syntax ${JSON.stringify(syntax)}: use mathjs, javascript or python.`,
    );
  }
  const { node, module } = parseCode(text, syntax);
  return {
    node,
    syntax,
    variables: inTextOrder(variablesOf(node), text),
    pythonModule: module ?? 'np',
  };
}

/**
 * Variables in the order the text first names them: a function that puts its arguments in
 * another order (F.binary_cross_entropy(p, y) is −(y ln p + …)) does not reorder the gradient.
 * Names the text does not spell (LaTeX's \\hat{y} is yhat) keep their place after the others.
 */
function inTextOrder(variables: string[], text: string): string[] {
  const at = new Map(variables.map((v) => [v, findIdentifier(text, v) ?? Infinity]));
  return [...variables].sort((a, b) => at.get(a)! - at.get(b)!);
}
