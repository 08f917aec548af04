/**
 * GradLab's engine, for Node users (dist/engine.js): pure TypeScript, no VS Code.
 * Each capability adds its public functions here as it lands.
 */
export { GradLabError, asGradLabError, isGradLabError } from './errors';
export type { Place, ErrorCode } from './errors';
export * from './autodiff';
export * from './nn';
export { Rng, seededRandom, gatherRows } from './numeric';
export * as numeric from './numeric';
export { listCheckableFunctions, runGradcheck, deriveGradientSource, sortedRows } from './gradcheck';
export type { GradcheckRequest, GradcheckOptions, GradcheckResult, PointResult, Diagnosis, DiagnosisKind, CheckableFunction, EpsSweep, ReportRow, DerivedGradient, FunctionShape, ModuleReader } from './gradcheck';
export * from './symbolic';
export * from './data';
export * from './train';
