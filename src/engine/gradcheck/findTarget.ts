/**
 * The check's finder: a full TypeScript parse of the file, its top-level functions, the function
 * to check, its companion gradient and its `@point` tags. Same rules as the CodeLens's token scan.
 */
import ts from 'typescript';
import { GradLabError, type Place } from '../errors';
import {
  docTags,
  findCompanion,
  siteArity,
  siteShape,
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
  /** The first top-level function of each name. */
  functions: Map<string, ParsedFunction>;
  /** Later top-level functions of a name already declared (JavaScript keeps the last one). */
  duplicates: Map<string, ParsedFunction[]>;
}

export interface CheckTarget {
  fn: ParsedFunction;
  shape: FunctionShape;
  /** Arguments passed to an `args` function (its required ones when optional ones follow). */
  arity: number;
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

/**
 * The syntax error of a parsed module, as {@link syntaxError} finds it, without a second parse and
 * an emit: for TypeScript files the parser's own diagnostics are what transpileModule reports
 * (10k lines: ~80 ms instead of ~350 ms, 1.6 s cold in a fresh CLI process).
 */
export function moduleSyntaxError(module: ParsedModule, path: string): GradLabError | undefined {
  const sf = module.sourceFile;
  const parsed = (sf as unknown as { parseDiagnostics?: unknown }).parseDiagnostics;
  const kind = scriptKind(path);
  if (Array.isArray(parsed) && (kind === ts.ScriptKind.TS || kind === ts.ScriptKind.TSX))
    return syntaxErrorOf(parsed as ts.Diagnostic[], sf.text);
  return syntaxError(path, sf.text); // JavaScript has checks of its own (no types in a .js file)
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

/** Where a function's types are written: itself, or a `const f: (…) => T` annotation. */
interface TypeSource {
  parameters: readonly ts.ParameterDeclaration[];
  type?: ts.TypeNode;
  typeParameters?: readonly ts.TypeParameterDeclaration[];
}

const isThisParameter = (p: ts.ParameterDeclaration) =>
  ts.isIdentifier(p.name) && p.name.text === 'this';

/**
 * A type annotation as the text the shape rules know (`number`, `number[]`, `Float64Array`, …)
 * when it means one of them through parentheses, `readonly`, `Array<…>`, a type parameter's
 * `extends number` or a type alias of the file; else its own text.
 */
function canonicalType(
  t: ts.TypeNode | undefined,
  sf: ts.SourceFile,
  scope: ReadonlyMap<string, ts.TypeNode | undefined>,
  depth = 0,
): string | undefined {
  if (!t) return undefined;
  const raw = t.getText(sf);
  if (depth > 8) return raw;
  const inner = (u: ts.TypeNode | undefined) => canonicalType(u, sf, scope, depth + 1);
  if (t.kind === ts.SyntaxKind.NumberKeyword) return 'number';
  if (ts.isParenthesizedTypeNode(t)) return inner(t.type) ?? raw;
  if (ts.isTypeOperatorNode(t) && t.operator === ts.SyntaxKind.ReadonlyKeyword)
    return inner(t.type) === 'number[]' ? 'number[]' : raw;
  if (ts.isArrayTypeNode(t)) return inner(t.elementType) === 'number' ? 'number[]' : raw;
  if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) {
    const name = t.typeName.text;
    const args = t.typeArguments ?? [];
    if ((name === 'Array' || name === 'ReadonlyArray') && args.length === 1)
      return inner(args[0]) === 'number' ? 'number[]' : raw;
    if (name === 'Float64Array' || name === 'Float32Array') return name; // TS 5.7: Float64Array<ArrayBuffer>
    if (args.length === 0 && scope.has(name)) return inner(scope.get(name)) ?? raw;
  }
  return raw;
}

/** Top-level `type X = …` aliases without type parameters. */
function typeAliases(sf: ts.SourceFile): Map<string, ts.TypeNode | undefined> {
  const aliases = new Map<string, ts.TypeNode | undefined>();
  for (const st of sf.statements)
    if (ts.isTypeAliasDeclaration(st) && !st.typeParameters) aliases.set(st.name.text, st.type);
  return aliases;
}

function site(
  source: string,
  sf: ts.SourceFile,
  aliases: ReadonlyMap<string, ts.TypeNode | undefined>,
  statement: ts.Statement,
  name: ts.Identifier,
  node: FunctionNode,
  types: TypeSource = node,
  docAt?: number,
): ParsedFunction {
  const start = statement.getStart(sf);
  // Type parameters (`<T extends number>`) stand for their constraint.
  const scope = new Map(aliases);
  for (const tp of [...(types.typeParameters ?? []), ...(node.typeParameters ?? [])])
    scope.set(tp.name.text, tp.constraint);
  const own = node.parameters.filter((p) => !isThisParameter(p));
  const declared = types.parameters.filter((p) => !isThisParameter(p));
  const typeOf = (i: number) => declared[i]?.type ?? own[i]?.type;
  // As written, unless only the resolved text says what it is (`T[]`, an alias).
  const paramTypes = own.map((_, i) => {
    const t = typeOf(i);
    const raw = t?.getText(sf);
    return classifyType(raw) === 'other' ? canonicalType(t, sf, scope) : raw;
  });
  let optionalFrom = 0;
  own.forEach((p, i) => {
    const d = declared[i];
    const optional =
      p.questionToken !== undefined ||
      p.initializer !== undefined ||
      p.dotDotDotToken !== undefined ||
      (d !== undefined &&
        d !== p &&
        (d.questionToken !== undefined || d.dotDotDotToken !== undefined));
    if (!optional) optionalFrom = i + 1;
  });
  const exported =
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const async = (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  return {
    name: name.text,
    start,
    end: statement.getEnd(),
    nameStart: name.getStart(sf),
    nameEnd: name.getEnd(),
    params: paramTypes.map(classifyType),
    rest: own.some((p) => p.dotDotDotToken !== undefined),
    optionalFrom,
    async,
    returns: classifyType(canonicalType(types.type ?? node.type, sf, scope)),
    ...docTags(source, start, docAt),
    node,
    statement,
    exported,
    paramNames: own.map((p) => p.name.getText(sf)),
    paramTypes,
  };
}

/** `const f: (x: number[]) => number = …`: the annotation, through aliases of the file. */
function functionTypeOf(
  t: ts.TypeNode | undefined,
  aliases: ReadonlyMap<string, ts.TypeNode | undefined>,
  depth = 0,
): ts.FunctionTypeNode | undefined {
  if (!t || depth > 8) return undefined;
  if (ts.isFunctionTypeNode(t)) return t;
  if (ts.isParenthesizedTypeNode(t)) return functionTypeOf(t.type, aliases, depth + 1);
  if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && !t.typeArguments)
    return functionTypeOf(aliases.get(t.typeName.text), aliases, depth + 1);
  return undefined;
}

function scriptKind(path: string): ts.ScriptKind {
  if (/\.tsx$/i.test(path)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(path)) return ts.ScriptKind.JSX;
  if (/\.(js|mjs|cjs)$/i.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Parses `source` and lists its top-level functions: declarations (an overloaded one with the
 * first overload's JSDoc when it has none of its own), and `const f = (…) => …` / `function (…) {…}` declarators,
 * typed by an annotation when their parameters are not.
 */
export function parseModule(path: string, source: string): ParsedModule {
  const sourceFile = ts.createSourceFile(
    path,
    source,
    ts.ScriptTarget.Latest,
    true,
    scriptKind(path),
  );
  const aliases = typeAliases(sourceFile);
  const functions = new Map<string, ParsedFunction>();
  const duplicates = new Map<string, ParsedFunction[]>();
  const add = (f: ParsedFunction) => {
    const first = functions.get(f.name);
    if (!first) functions.set(f.name, f);
    else duplicates.set(f.name, [...(duplicates.get(f.name) ?? []), f]);
  };
  let overload: ts.FunctionDeclaration | undefined;
  for (const st of sourceFile.statements) {
    const pending = overload;
    overload = undefined;
    if (ts.isFunctionDeclaration(st) && st.name && !st.asteriskToken) {
      if (!st.body) {
        // An overload signature: the implementation that follows takes its types and JSDoc.
        const isDeclare = (ts.getModifiers(st) ?? []).some(
          (m) => m.kind === ts.SyntaxKind.DeclareKeyword,
        );
        overload =
          !isDeclare && pending?.name?.text === st.name.text ? pending : isDeclare ? undefined : st;
        continue;
      }
      const first = pending?.name?.text === st.name.text ? pending : undefined;
      add(site(source, sourceFile, aliases, st, st.name, st, st, first?.getStart(sourceFile)));
    } else if (ts.isVariableStatement(st)) {
      st.declarationList.declarations.forEach((d) => {
        const init = d.initializer;
        if (!ts.isIdentifier(d.name) || !init) return;
        if (!(ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return;
        if (ts.isFunctionExpression(init) && init.asteriskToken) return;
        const annotation = functionTypeOf(d.type, aliases);
        if (d.type && !annotation) return; // typed as something GradLab cannot read
        add(site(source, sourceFile, aliases, st, d.name, init, annotation ?? init));
      });
    }
  }
  return { sourceFile, lines: new LineIndex(source), functions, duplicates };
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
  if (!fn) throw notFound(module, name);
  const place = placeOf(module, fn);
  assertSingle(module, fn);
  let companion: CheckTarget['companion'] = null;
  let tried: string[];
  if (forcedGradient !== undefined && forcedGradient !== 'autodiff') {
    tried = [forcedGradient];
    const g = module.functions.get(forcedGradient);
    if (!g) {
      const other = describeDeclaration(module, forcedGradient);
      throw new GradLabError(
        'not-found',
        `No top-level function named "${forcedGradient}" (the gradient asked for) in the file${other ? `: ${other.text}` : ''}.`,
        other?.place ?? place,
      );
    }
    companion = { name: forcedGradient, rule: 'jsdoc', site: g };
  } else {
    const found = findCompanion(fn, module.functions);
    tried = found.tried;
    if (found.companion && forcedGradient !== 'autodiff') {
      const g = module.functions.get(found.companion.name);
      if (!g) {
        const other = describeDeclaration(module, found.companion.name);
        throw new GradLabError(
          'not-found',
          `The @gradient tag of "${name}" names "${found.companion.name}", which is not a top-level function of the file${other ? ` (${other.text})` : ''} (tried: ${tried.join(', ')}).`,
          tagPlace(module, fn, 'gradient') ?? place,
        );
      }
      companion = { ...found.companion, site: g };
    }
  }
  const shape = resolveShape(module, fn);
  if (companion) {
    assertSingle(module, companion.site);
    if (companion.site.async)
      throw new GradLabError(
        'unsupported',
        `"${companion.name}", the gradient of "${name}", is async: it returns a Promise, and a gradient check calls it synchronously. Remove async.`,
        placeOf(module, companion.site),
      );
  }
  const arity = siteArity(fn);
  return {
    fn,
    shape,
    arity,
    companion,
    tried,
    tagPoints: tagPoints(module, fn, shape, arity),
    place,
  };
}

/** A name declared twice: JavaScript runs the last, TypeScript reports a duplicate; say which. */
function assertSingle(module: ParsedModule, fn: ParsedFunction): void {
  const again = module.duplicates.get(fn.name)?.[0];
  if (!again) return;
  const first = placeOf(module, fn);
  const second = placeOf(module, again);
  throw new GradLabError(
    'syntax',
    `"${fn.name}" is declared twice (line ${first.kind === 'source' ? first.line : '?'} and line ${second.kind === 'source' ? second.line : '?'}): JavaScript keeps the last one. Remove or rename one of them.`,
    second,
  );
}

/** The "not found" error: what `name` is when it is not a top-level function, and what is. */
function notFound(module: ParsedModule, name: string): GradLabError {
  const known = [...module.functions.keys()];
  const shown = known.length > 20 ? [...known.slice(0, 20), `… (${known.length} in all)`] : known;
  const list = known.length
    ? `functions: ${shown.join(', ')}`
    : 'it declares no top-level function';
  const other = describeDeclaration(module, name);
  if (other) {
    return new GradLabError(
      'not-found',
      `No top-level function named "${name}" in the file: ${other.text}. GradLab checks top-level functions (function ${name === 'default' ? 'loss' : name}(…) {…} or const ${name === 'default' ? 'loss' : name} = (…) => …) (${list}).`,
      other.place,
    );
  }
  return new GradLabError(
    'not-found',
    `No top-level function named "${name}" in the file (${list}).`,
  );
}

/**
 * What `name` is in the file when it is not a checkable top-level function: a method of a class
 * or an object, a nested function, a generator, a bodiless declaration, a non-function constant,
 * an anonymous default export. Undefined when the file has nothing of that name.
 */
export function describeDeclaration(
  module: ParsedModule,
  name: string,
): { text: string; place: Place } | undefined {
  const sf = module.sourceFile;
  const at = (n: ts.Node): Place => ({ kind: 'source', ...module.lines.position(n.getStart(sf)) });
  const line = (n: ts.Node) => module.lines.position(n.getStart(sf)).line;
  const holder = (n: ts.Node): string => {
    for (let p = n.parent; p; p = p.parent) {
      if (ts.isClassLike(p)) return `a method of class ${p.name ? p.name.text : '(anonymous)'}`;
      if (ts.isObjectLiteralExpression(p)) {
        const v = p.parent;
        return v && ts.isVariableDeclaration(v) && ts.isIdentifier(v.name)
          ? `a method of the object \`${v.name.text}\``
          : 'a method of an object literal';
      }
      if (ts.isModuleDeclaration(p)) return `declared inside namespace ${p.name.getText(sf)}`;
      if (ts.isFunctionLike(p) && p !== n) {
        const fname = 'name' in p && p.name ? p.name.getText(sf) : undefined;
        return `declared inside ${fname ? `function ${fname}` : 'another function'}`;
      }
    }
    return 'declared';
  };
  let found: { text: string; place: Place } | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    const anonymousDefault =
      (ts.isFunctionDeclaration(n) && !n.name) ||
      (ts.isExportAssignment(n) &&
        (ts.isArrowFunction(n.expression) || ts.isFunctionExpression(n.expression)));
    if (name === 'default' && anonymousDefault && n.parent === sf) {
      found = {
        text: `the default export at line ${line(n)} has no name; name it (export default function loss(…)) and check it by that name`,
        place: at(n),
      };
      return;
    }
    const named = (n as { name?: ts.Node }).name;
    if (named && ts.isIdentifier(named) && named.text === name && named !== undefined) {
      let what: string | undefined;
      if (ts.isMethodDeclaration(n) || ts.isGetAccessor(n) || ts.isSetAccessor(n)) what = holder(n);
      else if (ts.isPropertyDeclaration(n) || ts.isPropertyAssignment(n)) what = `${holder(n)}`;
      else if (ts.isFunctionDeclaration(n)) {
        if (n.parent !== sf) what = holder(n);
        else if (n.asteriskToken)
          what = 'a generator function (function*), which yields instead of returning a number';
        else if (!n.body) what = 'declared without a body (declare or an overload signature alone)';
      } else if (ts.isVariableDeclaration(n) && n.parent.parent.parent === sf) {
        const init = n.initializer;
        what = !init
          ? 'a variable without a value'
          : n.type
            ? `a variable typed \`${n.type.getText(sf)}\`, which is not a function type GradLab reads`
            : `a variable whose value is ${ts.isCallExpression(init) ? 'computed by a call' : 'not a function expression'}`;
      } else if (ts.isClassDeclaration(n)) what = 'a class';
      if (what) found = { text: `"${name}" is ${what} (line ${line(n)})`, place: at(named) };
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
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

const ACCEPTED =
  'GradLab checks (x: number[]), (x: number) or (a: number, b: number, …) returning a number';

/** Why `fn`'s signature is not checkable, naming the parameter or return type at fault. */
function whyNot(fn: ParsedFunction): string {
  if (fn.async)
    return `"${fn.name}" is async: it returns a Promise, and a gradient check calls it synchronously. Remove async (the loss must compute its number directly)`;
  const rest = fn.node.parameters.find((p) => p.dotDotDotToken !== undefined);
  if (rest && fn.optionalFrom === 0)
    return `"${fn.name}" takes a rest parameter (${rest.getText()}); give it one array parameter instead (${rest.name.getText()}: number[]). ${ACCEPTED}`;
  if (fn.params.length === 0) return `"${fn.name}" takes no parameters. ${ACCEPTED}`;
  if (fn.returns === 'vector' || fn.returns === 'other') {
    const t = fn.node.type?.getText() ?? 'something else';
    return `"${fn.name}" returns ${t}, not a number. ${ACCEPTED}`;
  }
  const k = fn.params.findIndex((c) => c === 'other');
  if (k >= 0) {
    const p = fn.node.parameters.filter((q) => !isThisParameter(q))[k]!;
    return `"${fn.name}" takes ${p.getText()}: not a number or an array of numbers. ${ACCEPTED}`;
  }
  return `"${fn.name}" mixes an array parameter with others. ${ACCEPTED}`;
}

function resolveShape(module: ParsedModule, fn: ParsedFunction): FunctionShape {
  const declared = siteShape(fn);
  const place = placeOf(module, fn);
  if (declared === 'no') throw new GradLabError('unsupported', `${whyNot(fn)}.`, place);
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
function tagPoints(
  module: ParsedModule,
  fn: ParsedFunction,
  shape: FunctionShape,
  arity: number,
): number[][] {
  const tags = fn.tags.filter((t) => t.tag === 'point');
  return tags.map((t, k) => {
    const place = tagPlace(module, fn, 'point', k);
    let value: unknown;
    try {
      value = JSON.parse(pointText(t.value));
    } catch {
      throw new GradLabError(
        'bad-point',
        `@point ${t.value}: not a JSON number or array of numbers (e.g. @point [1, 2, 3]).`,
        place,
      );
    }
    try {
      return normalizePoint(value, shape, arity);
    } catch (e) {
      throw new GradLabError('bad-point', `@point ${t.value}: ${(e as Error).message}.`, place);
    }
  });
}

/**
 * The point of a tag's text: a bracketed list or a number at its start; words after it (a JSDoc
 * description, `@point [1, 2] the minimum`) are not part of it.
 */
export function pointText(value: string): string {
  const t = value.trim();
  if (t.startsWith('[')) {
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '[') depth++;
      else if (t[i] === ']' && --depth === 0) {
        const after = t.slice(i + 1);
        return after === '' || /^\s/.test(after) ? t.slice(0, i + 1) : t;
      }
    }
    return t;
  }
  const m = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?(?=\s|$)/i.exec(t);
  return m ? m[0].replace(/^\+/, '') : t;
}

/** A point as given (number or array) as the argument vector for `shape`; throws a plain Error. */
export function normalizePoint(value: unknown, shape: FunctionShape, arity: number): number[] {
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list)) throw new Error('expected a number or an array of numbers');
  const bad = list.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) {
    const v: unknown = list[bad];
    const what = Array.isArray(v)
      ? 'an array (a point is one flat list of numbers)'
      : typeof v === 'number'
        ? String(v)
        : (JSON.stringify(v) ?? String(v));
    throw new Error(`element ${bad} is ${what}, not a finite number`);
  }
  if (shape === 'scalar' && list.length !== 1)
    throw new Error(`expected one number, got ${list.length}`);
  if (shape === 'args' && list.length !== arity)
    throw new Error(`expected ${arity} arguments, got ${list.length}`);
  if (shape === 'vector' && list.length === 0) throw new Error('expected a non-empty vector');
  return list as number[];
}
