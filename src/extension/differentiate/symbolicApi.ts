/**
 * The symbolic engine, loaded on first use: `await loadSymbolic()` in a command or a hover,
 * never at activation (mathjs comes with it). esbuild keeps the module in dist/extension.js but
 * evaluates it only when this promise is first created.
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
