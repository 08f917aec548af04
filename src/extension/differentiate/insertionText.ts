/**
 * The line "Insert Below" writes. When the expression was assigned (`const y = …`, `y = …`), the
 * derivative gets its own assignment in the same language, so the file stays valid code:
 * `const dy_dx = …;` in JavaScript/TypeScript, `dy_dx = …` in Python. Otherwise the bare code.
 * Pure (no `vscode`).
 */
import type { DerivativeRequest } from '../../protocol/derivative';

export interface InsertionContext {
  /** The assigned name on the expression's line, if any (ExtractedExpression.assignedTo). */
  assignedTo?: string;
  /** The document's VS Code language id. */
  languageId: string;
  /** The line's leading whitespace, repeated on the new line. */
  indent: string;
}

/** The name for the derivative of `name`: dy_dx, d2y_dx2, grad_y, hess_y. */
export function derivativeName(
  name: string,
  request: Pick<DerivativeRequest, 'mode' | 'wrt' | 'order'>,
): string {
  const base = name.slice(name.lastIndexOf('.') + 1);
  switch (request.mode) {
    case 'gradient':
      return `grad_${base}`;
    case 'hessian':
      return `hess_${base}`;
    case 'derivative':
    case 'nth': {
      const v = request.wrt[0]!;
      return request.order === 1
        ? `d${base}_d${v}`
        : `d${request.order}${base}_d${v}${request.order}`;
    }
  }
}

/** The text of the new line (without its line break). */
export function insertionText(
  code: string,
  request: Pick<DerivativeRequest, 'mode' | 'wrt' | 'order'>,
  ctx: InsertionContext,
): string {
  if (ctx.assignedTo === undefined) return ctx.indent + code;
  const name = derivativeName(ctx.assignedTo, request);
  if (/^(type|java)script(react)?$/.test(ctx.languageId))
    return `${ctx.indent}const ${name} = ${code};`;
  return `${ctx.indent}${name} = ${code}`;
}
