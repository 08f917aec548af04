/**
 * Which syntax to parse an expression in. With `gradlab.syntax` = auto the engine detects it from
 * the text, but the document's language settles the ambiguous cases: `x ** 2` in a TypeScript
 * file is JavaScript (the engine alone would say Python), and `x*x + 1` in a Python file should
 * come back as Python code. Text with a clear mark of another syntax (`^`, `Math.`, `np.`) is left
 * to the engine. Pure (no `vscode`).
 */
import type { Syntax } from '../../protocol/derivative';

export type SyntaxSetting = Syntax | 'auto';

const JS_LANGUAGES = /^(type|java)script(react)?$/;
const FOREIGN_TO_JS = /\^|(?:^|[^\w$.])(?:np|numpy|math|torch|F|scipy|jnp|jax)\s*\./;
const FOREIGN_TO_PYTHON = /\^|(?:^|[^\w$.])Math\s*\./;

export function syntaxFor(setting: SyntaxSetting, languageId: string, text: string): SyntaxSetting {
  if (setting !== 'auto') return setting;
  if (JS_LANGUAGES.test(languageId)) return FOREIGN_TO_JS.test(text) ? 'auto' : 'javascript';
  if (languageId === 'python') return FOREIGN_TO_PYTHON.test(text) ? 'auto' : 'python';
  return 'auto';
}
