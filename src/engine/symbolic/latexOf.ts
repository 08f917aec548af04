/** toLatex(text): the LaTeX of an expression, through the same cache as everything else. */
import { parseExpression } from './api';
import type { ParseOptions } from './parse';

export function guardedLatex(text: string, options: ParseOptions = {}): string {
  return parseExpression(text, options).latex;
}
