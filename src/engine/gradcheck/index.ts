/**
 * Gradient check of TypeScript functions: the CodeLens finder, the check itself (sandboxed worker,
 * central differences, torch's pass rule, diagnoses, eps sweep) and autodiff-derived gradients.
 */
import { deriveGradient, type DeriveOptions } from './deriveGradient';
import { findCheckTarget, moduleSyntaxError, parseModule } from './findTarget';
import type { DerivedGradient } from './types';

export { listCheckableFunctions } from './listFunctions';
export {
  runGradcheck,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MEMORY_MB,
  DEFAULT_RANDOM_POINTS,
  SWEEP_EPS,
  PROBE_EPS,
} from './runGradcheck';
export { sortedRows, passes } from './compare';
export { ALLOWED_BARE_IMPORTS } from './modules';
export * from './types';

/**
 * The autodiff gradient of `functionName` as TypeScript to insert after it (no check, no worker).
 * runGradcheck returns the same thing, checked, in `result.derived` when there is no companion.
 */
export function deriveGradientSource(
  path: string,
  source: string,
  functionName: string,
  options?: DeriveOptions,
): DerivedGradient {
  const module = parseModule(path, source);
  const syntax = moduleSyntaxError(module, path);
  if (syntax) throw syntax;
  return deriveGradient(module, findCheckTarget(module, functionName, 'autodiff'), options);
}

/** The same function as runGradcheck (the extension's worker job calls it by this name). */
export { runGradcheck as gradcheck } from './runGradcheck';
