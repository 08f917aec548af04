/**
 * The symbolic engine, loaded on first use: `await loadSymbolic()` in a command or a hover,
 * never at activation (mathjs comes with it). scripts/build.js builds it as its own bundle,
 * dist/lazy/symbolic.js, and turns this `import()` into a require() of that file, so the host
 * neither parses nor runs it until this promise is first created. Its errors are another copy of
 * GradLabError: test them with `isGradLabError`, not `instanceof`.
 */
import type * as Symbolic from '../../engine/symbolic';

export type SymbolicEngine = typeof Symbolic;
export type Formula = Symbolic.Formula;
export type Derivative = Symbolic.Derivative;

let engine: Promise<SymbolicEngine> | undefined;

export function loadSymbolic(): Promise<SymbolicEngine> {
  engine ??= import('../../engine/symbolic');
  return engine;
}
