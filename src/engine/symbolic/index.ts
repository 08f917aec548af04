/**
 * Symbolic differentiation: the engine behind "Differentiate Selection", the derivative hover
 * and `gradlab diff`. Pure and synchronous; mathjs (its parser and node classes only) is created
 * on first use, so `await import()` of the engine stays cheap until something is parsed.
 *
 *   parseExpression(text, { syntax? })                    → Formula
 *   differentiate(text, { wrt?, order?, syntax?, simplifyBudgetMs? }) → DiffResult
 *   partialDerivative(text, ['x', 'y'], { syntax? })      → Derivative  (∂²f/∂x∂y)
 *   hessian(text, { wrt?, syntax? })                      → HessianResult
 *   spotCheck(result, point?)                             → SpotCheck[] ({ symbolic, numeric, ok })
 *   suggestPoint(result)                                  → Point where everything is defined
 *   parsePoint('x=1.5,y=-2', variables)                   → Point
 *   detectSyntax(text)                                    → 'mathjs' | 'javascript' | 'python'
 *   variableLatex(name)                                   → LaTeX of a variable name (theta → \theta)
 *   toLatex(text, { syntax? })                            → string
 *   clearSymbolicCache()                                  → forget cached parses and derivatives
 *
 * A Formula (and a Derivative, which adds wrt, order, sequence, simplification) carries `expr`
 * (mathjs syntax; functions mathjs lacks keep their names — sigmoid, relu, leaky_relu, softplus,
 * heaviside (relu′), logsumexp, erfc — and parseExpression reads it back), `latex` (KaTeX),
 * `code` (the input's syntax: JS with Math.*, Python with the input's np./math./torch. style), `helpers` (functions `code` needs that its language lacks:
 * erf in JS, scipy.special.erf with NumPy), `evaluate(point)` → number | null and
 * `compile(order)` → (values) => number | null for plots. Results are cached by text (LRU of
 * 128): repeat calls are map lookups; treat results as immutable.
 *
 * Input: besides plain expressions, a line of code gives its expression (`const y = …;`,
 * `return …`, `y = …`, `lambda x: …`, `(x) => …`, `def f(x): return …`, comments, TypeScript's
 * `x!` and `as number`); mathjs syntax also reads LaTeX (`\frac{1}{1+e^{-x}}`, `\sigma(w^\top x)`),
 * text pasted from papers (× · − ÷ ² ⁻¹ √ π) and textbook `sin x`, `sin^2 x`. Conditionals —
 * `l > r ? a : b`, `a if l > r else b`, `np.where(l > r, a, b)`, `(x > 0) * x` — print as
 * `l > r ? a : b` (np.where / torch.where / `a if c else b` in Python code).
 *
 * Conventions: `pi` and `e` are constants in every syntax; other names are variables. relu′,
 * |x|′, max′ and min′ are undefined at their kinks: evaluate returns null there (generated code
 * uses the frameworks' convention, 0 at relu's kink), and a derivative is null wherever the
 * function itself is (d/dx log x at x = −1). A conditional's derivative is null on its
 * boundary unless both branches meet there with equal slopes (Huber at |x| = δ), and a comparison
 * with NaN is false, as in the code. leaky_relu's α defaults to 0.01. Errors
 * are GradLabError: 'syntax' and 'unknown-function' carry { kind: 'expression', column } with the
 * 1-based column in the text as given ('unsupported' and 'bad-argument' too when they have a
 * place); 'bad-argument' for options, 'bad-point' for points.
 */
export {
  MAX_ORDER,
  clearSymbolicCache,
  differentiate,
  hessian,
  parseExpression,
  partialDerivative,
  spotCheck,
  suggestPoint,
  toLatex,
} from './api';
export type { DiffResult, DifferentiateOptions, HessianResult } from './api';
export { Derivative, Formula } from './formula';
export type { Point } from './formula';
export { detectSyntax } from './parse';
export type { ParseOptions, Syntax, SyntaxOption } from './parse';
export { latexSymbol as variableLatex } from './print/latex';
export { parsePoint } from './point';
export type { PythonModule } from './print/python';
export type { SimplifyStatus } from './simplify';
export type { SpotCheck, SpotCheckOptions } from './spotCheck';
