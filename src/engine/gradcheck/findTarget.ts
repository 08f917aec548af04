/**
 * The check's finder: a full TypeScript parse of the file, its top-level functions, the function
 * to check, its companion gradient and its `@point` tags. Same rules as the CodeLens's token scan.
 */
import ts from 'typescript';
import { GradLabError, type Place } from '../errors';
import {
  findCompanion,
  siteShape,
  tagsBefore,
  type Companion,
  type FunctionSite,
} from './functionSite';
import { LineIndex } from './lineIndex';
import { classifyType } from './signature';
import type { FunctionShape } from './types';

/** A top-level function with its syntax node. */
export interface ParsedFunction extends FunctionSite {
  node: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;
  /** The statement that declares it. */
  statement: ts.Statement;
  exported: boolean;
  /** Parameter names and type texts, as written. */
  paramNames: string[];
  paramTypes: (string | undefined)[];
}

export interface ParsedModule {
  sourceFile: ts.SourceFile;
  lines: LineIndex;
  functions: Map<string, ParsedFunction>;
}

export interface CheckTarget {
  fn: ParsedFunction;
  shape: FunctionShape;
  companion: (Companion & { site: ParsedFunction }) | null;
  tried: string[];
  /** Points from `@point` tags, as argument vectors of the shape. */
  tagPoints: number[][];
  place: Place;
}

/** Syntax errors of `source`, as a GradLabError with the first one's place, or undefined. */
export function syntaxError(path: string, source: string): GradLabError | undefined {
  const out = ts.transpileModule(source, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  return syntaxErrorOf(out.diagnostics ?? [], source);
}

/** The first error among transpileModule's (syntactic) diagnostics, with its place in `source`. */
export function syntaxErrorOf(
  diagnostics: readonly ts.Diagnostic[],
  source: string,
): GradLabError | undefined {
  const d = diagnostics.find((x) => x.category === ts.DiagnosticCategory.Error);
  if (!d) return undefined;
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (d.start === undefined) return new GradLabError('syntax', `Syntax error: ${message}`);
  const { line, column } = new LineIndex(source).position(d.start);
  return new GradLabError('syntax', `Syntax error at line ${line}, column ${column}: ${message}`, {
    kind: 'source',
    line,
    column,
  });
}

type FunctionNode = ParsedFunction['node'];

function site(
  source: string,
  sf: ts.SourceFile,
  statement: ts.Statement,
  name: ts.Identifier,
  node: FunctionNode,
): ParsedFunction {
  const start = statement.getStart(sf);
  const typeText = (t: ts.TypeNode | undefined) => (t ? t.getText(sf) : undefined);
  const exported =
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return {
    name: name.text,
    start,
    end: statement.getEnd(),
    nameStart: name.getStart(sf),
    nameEnd: name.getEnd(),
    params: node.parameters.map((p) => classifyType(typeText(p.type))),
    rest: node.parameters.some((p) => p.dotDotDotToken !== undefined),
    returns: classifyType(typeText(node.type)),
    ...tagsBefore(source, start),
    node,
    statement,
    exported,
    paramNames: node.parameters.map((p) => p.name.getText(sf)),
    paramTypes: node.parameters.map((p) => typeText(p.type)),
  };
}

/** Parses `source` and lists its top-level functions (declarations and `const f = (…) => …`). */
export function parseModule(path: string, source: string): ParsedModule {
  const sourceFile = ts.createSourceFile(
    path,
    source,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const functions = new Map<string, ParsedFunction>();
  const add = (f: ParsedFunction) => void (functions.has(f.name) || functions.set(f.name, f));
  for (const st of sourceFile.statements) {
    if (ts.isFunctionDeclaration(st) && st.name && st.body && !st.asteriskToken) {
      add(site(source, sourceFile, st, st.name, st));
    } else if (ts.isVariableStatement(st)) {
      const d = st.declarationList.declarations[0];
      const init = d?.initializer;
      if (
        d &&
        ts.isIdentifier(d.name) &&
        !d.type &&
        init &&
        (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
      ) {
        if (!(ts.isFunctionExpression(init) && init.asteriskToken))
          add(site(source, sourceFile, st, d.name, init));
      }
    }
  }
  return { sourceFile, lines: new LineIndex(source), functions };
}

/** The place of a function's name, for errors and diagnostics. */
export function placeOf(module: ParsedModule, fn: FunctionSite): Place {
  return { kind: 'source', ...module.lines.position(fn.nameStart) };
}

/** Finds `name`, its companion (or null: derive by autodiff) and its `@point` tags. */
export function findCheckTarget(
  module: ParsedModule,
  name: string,
  forcedGradient?: string,
): CheckTarget {
  const fn = module.functions.get(name);
  if (!fn) {
    const known = [...module.functions.keys()];
    throw new GradLabError(
      'not-found',
      `No top-level function named "${name}" in the file` +
        (known.length
          ? ` (functions: ${known.join(', ')}).`
          : ' (it declares no top-level function).'),
    );
  }
  const place = placeOf(module, fn);
  let companion: CheckTarget['companion'] = null;
  let tried: string[];
  if (forcedGradient !== undefined && forcedGradient !== 'autodiff') {
    tried = [forcedGradient];
    const g = module.functions.get(forcedGradient);
    if (!g)
      throw new GradLabError(
        'not-found',
        `No top-level function named "${forcedGradient}" (the gradient asked for) in the file.`,
        place,
      );
    companion = { name: forcedGradient, rule: 'jsdoc', site: g };
  } else {
    const found = findCompanion(fn, module.functions);
    tried = found.tried;
    if (found.companion && forcedGradient !== 'autodiff') {
      const g = module.functions.get(found.companion.name);
      if (!g) {
        throw new GradLabError(
          'not-found',
          `The @gradient tag of "${name}" names "${found.companion.name}", which is not a top-level function of the file (tried: ${tried.join(', ')}).`,
          tagPlace(module, fn, 'gradient') ?? place,
        );
      }
      companion = { ...found.companion, site: g };
    }
  }
  const shape = resolveShape(module, fn);
  return { fn, shape, companion, tried, tagPoints: tagPoints(module, fn, shape), place };
}

function tagPlace(
  module: ParsedModule,
  fn: FunctionSite,
  tag: 'point' | 'gradient',
  nth = 0,
): Place | undefined {
  const t = fn.tags.filter((x) => x.tag === tag)[nth];
  return t ? { kind: 'source', ...module.lines.position(fn.docStart + t.offset) } : undefined;
}

function resolveShape(module: ParsedModule, fn: ParsedFunction): FunctionShape {
  const declared = siteShape(fn);
  const place = placeOf(module, fn);
  if (declared === 'no') {
    throw new GradLabError(
      'unsupported',
      `"${fn.name}" is not a function GradLab can check: it must take (x: number[]), (x: number) or (a: number, b: number, …) and return a number.`,
      place,
    );
  }
  if (declared !== null) return declared;
  // An untyped single parameter: the @point tags say whether it is a number or a vector.
  const first = fn.tags.find((t) => t.tag === 'point');
  if (first) return /^\s*\[/.test(first.value) ? 'vector' : 'scalar';
  throw new GradLabError(
    'unsupported',
    `Cannot tell whether "${fn.name}" takes a number or an array: annotate its parameter (x: number or x: number[]) or add a @point tag.`,
    place,
  );
}

/** The `@point` tags as argument vectors: [v] for a scalar, the list for args, the vector itself. */
function tagPoints(module: ParsedModule, fn: ParsedFunction, shape: FunctionShape): number[][] {
  const tags = fn.tags.filter((t) => t.tag === 'point');
  return tags.map((t, k) => {
    const place = tagPlace(module, fn, 'point', k);
    let value: unknown;
    try {
      value = JSON.parse(t.value);
    } catch {
      throw new GradLabError(
        'bad-point',
        `@point ${t.value}: not a JSON number or array of numbers.`,
        place,
      );
    }
    try {
      return normalizePoint(value, shape, fn.params.length);
    } catch (e) {
      throw new GradLabError('bad-point', `@point ${t.value}: ${(e as Error).message}`, place);
    }
  });
}

/** A point as given (number or array) as the argument vector for `shape`; throws a plain Error. */
export function normalizePoint(value: unknown, shape: FunctionShape, arity: number): number[] {
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error('expected finite numbers');
  }
  if (shape === 'scalar' && list.length !== 1)
    throw new Error(`expected one number, got ${list.length}`);
  if (shape === 'args' && list.length !== arity)
    throw new Error(`expected ${arity} arguments, got ${list.length}`);
  if (shape === 'vector' && list.length === 0) throw new Error('expected a non-empty vector');
  return list as number[];
}
