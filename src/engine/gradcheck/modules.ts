/**
 * Turns the checked file and the local files it imports into CommonJS for the worker, with
 * TypeScript's own transpileModule: platform-independent JavaScript that ships inside the .vsix
 * (esbuild, a native binary, is a build tool only). The host reads and resolves `./x` imports;
 * the worker gets a map of module sources and links them with a tiny loader.
 */
import ts from 'typescript';
import { GradLabError, type Place } from '../errors';
import { syntaxErrorOf } from './findTarget';
import { LineIndex } from './lineIndex';
import { SourceMap } from './sourceMap';
import type { ModuleReader } from './types';

/** Bare imports the worker may load (pure, no I/O). Anything else is an `unsupported` error. */
export const ALLOWED_BARE_IMPORTS: readonly string[] = [
  'assert',
  'assert/strict',
  'node:assert',
  'node:assert/strict',
];

/** One module for the worker. */
export interface WorkerModule {
  /** CommonJS code; its stack frames carry `path` as their file name. */
  code: string;
  /** Each `require` specifier in code → the path of the module it loads (or the bare name). */
  deps: Record<string, string>;
}

export interface BuiltModules {
  entry: string;
  modules: Record<string, WorkerModule>;
  /** Source maps, to put stack frames back on TypeScript lines. */
  maps: Map<string, SourceMap>;
  /** Line count of each source, to tell code appended by GradLab from the user's. */
  sourceLines: Map<string, number>;
}

/** `p` with `/` separators and no `.`/`..` segments. */
export function normalizePath(p: string): string {
  const slashed = p.replace(/\\/g, '/');
  const absolute = slashed.startsWith('/');
  const parts: string[] = [];
  for (const part of slashed.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return (absolute ? '/' : '') + parts.join('/');
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}

/** Files `./x` may name, in the order tried: x.ts, x.tsx, x/index.ts, x.js; `./x.js` → x.ts first; `./x.json` as is. */
export function candidatePaths(fromFile: string, spec: string): string[] {
  const base = normalizePath(`${dirname(fromFile)}/${spec}`);
  if (/\.(ts|tsx|mts|cts|json)$/.test(base)) return [base];
  if (/\.(js|mjs|cjs)$/.test(base)) return [base.replace(/\.(m|c)?js$/, '.$1ts'), base];
  return [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}.js`];
}

interface Transpiled {
  code: string;
  map: SourceMap;
  diagnostics: readonly ts.Diagnostic[];
}

/**
 * `throw e` → `throw __gradlab_thrown(e)`: the check's harness notes where a value that is not an
 * Error (`throw 42`, `throw "bad"`) was thrown, since such a value carries no stack of its own.
 * The value itself is thrown unchanged, so a user's own try/catch sees no difference.
 */
const markThrows: ts.TransformerFactory<ts.SourceFile> = (context) => (sourceFile) => {
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isThrowStatement(node)) {
      const expression = ts.visitNode(node.expression, visit) as ts.Expression;
      const call = ts.setTextRange(
        ts.factory.createCallExpression(
          ts.factory.createIdentifier('__gradlab_thrown'),
          undefined,
          [expression],
        ),
        node,
      );
      return ts.setTextRange(ts.factory.updateThrowStatement(node, call), node);
    }
    return ts.visitEachChild(node, visit, context);
  };
  return ts.visitNode(sourceFile, visit) as ts.SourceFile;
};

function transpile(path: string, source: string): Transpiled {
  const out = ts.transpileModule(source, {
    fileName: path,
    reportDiagnostics: true,
    transformers: { before: [markThrows] },
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      sourceMap: true,
      esModuleInterop: true,
      // Keep user code as written: no helpers, no downlevelling that would move lines.
      importHelpers: false,
    },
  });
  return {
    code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'),
    map: SourceMap.fromJson(out.sourceMapText ?? '{}'),
    diagnostics: out.diagnostics ?? [],
  };
}

/**
 * Transpiles `entrySource` and every local module it imports (transitively), reading them with
 * `read`. `appendToEntry` is TypeScript added at the end of the entry (GradLab's derived gradient);
 * `expose` names top-level functions of the entry that the worker calls, exported or not.
 */
export async function buildModules(
  entryPath: string,
  entrySource: string,
  read: ModuleReader | undefined,
  expose: readonly string[],
  appendToEntry = '',
): Promise<BuiltModules> {
  const entry = normalizePath(entryPath);
  const built: BuiltModules = { entry, modules: {}, maps: new Map(), sourceLines: new Map() };
  const queue: { path: string; source: string }[] = [{ path: entry, source: entrySource }];
  // Each file is read once, however many modules import it.
  const cache = new Map<string, string | undefined>([[entry, entrySource]]);
  const readOnce = async (p: string) => {
    if (!cache.has(p)) cache.set(p, read ? await read(p) : undefined);
    return cache.get(p);
  };
  while (queue.length > 0) {
    const { path, source } = queue.shift()!;
    if (built.modules[path]) continue;
    const isEntry = path === entry;
    if (!isEntry && /\.json$/i.test(path)) {
      // `import data from './data.json'`: the parsed value is the module (as Node and bundlers do).
      try {
        JSON.parse(source);
      } catch (e) {
        throw new GradLabError('syntax', `${path} is not valid JSON: ${(e as Error).message}`);
      }
      built.modules[path] = {
        code: `module.exports = JSON.parse(${JSON.stringify(source)});\n`,
        deps: {},
      };
      built.maps.set(path, new SourceMap(''));
      built.sourceLines.set(path, 1);
      continue;
    }
    const { code, map, diagnostics } = transpile(path, isEntry ? source + appendToEntry : source);
    const bad = syntaxErrorOf(diagnostics, source);
    if (bad)
      throw isEntry
        ? bad
        : new GradLabError('syntax', `${path}: ${bad.message}`, undefined, { cause: bad });
    const deps: Record<string, string> = {};
    for (const imp of ts.preProcessFile(code, true, true).importedFiles) {
      const spec = imp.fileName;
      if (deps[spec] !== undefined) continue;
      if (!spec.startsWith('./') && !spec.startsWith('../')) {
        if (!ALLOWED_BARE_IMPORTS.includes(spec)) throw badImport(path, source, isEntry, spec);
        deps[spec] = spec;
        continue;
      }
      const found = await readFirst(candidatePaths(path, spec), readOnce);
      if (!found)
        throw missingImport(
          path,
          source,
          isEntry,
          spec,
          candidatePaths(path, spec),
          read !== undefined,
        );
      deps[spec] = found.path;
      queue.push(found);
    }
    let finalCode = code;
    if (isEntry && expose.length > 0) {
      // Top-level functions are locals of the module function; this line hands them to the worker.
      // Computed keys: a function named __proto__ is a field like any other.
      const fields = expose.map(
        (n) =>
          `[${JSON.stringify(n)}]: typeof ${n} !== "undefined" ? ${n} : exports[${JSON.stringify(n)}]`,
      );
      finalCode += `;__gradlab_expose({ ${fields.join(', ')} });\n`;
    }
    built.modules[path] = { code: finalCode, deps };
    built.maps.set(path, map);
    built.sourceLines.set(path, source.split('\n').length);
  }
  return built;
}

async function readFirst(
  paths: string[],
  read: ModuleReader,
): Promise<{ path: string; source: string } | undefined> {
  for (const path of paths) {
    const source = await read(path);
    if (source !== undefined) return { path, source };
  }
  return undefined;
}

function importPlace(source: string, spec: string): Place | undefined {
  const imp = ts.preProcessFile(source, true, true).importedFiles.find((f) => f.fileName === spec);
  return imp ? { kind: 'source', ...new LineIndex(source).position(imp.pos) } : undefined;
}

function where(
  path: string,
  source: string,
  isEntry: boolean,
  spec: string,
): { place: Place | undefined; prefix: string } {
  const place = importPlace(source, spec);
  const line = place && place.kind === 'source' ? ` (line ${place.line})` : '';
  return {
    place: isEntry ? place : undefined,
    prefix: `${isEntry ? path.slice(path.lastIndexOf('/') + 1) : path}${line}`,
  };
}

function badImport(path: string, source: string, isEntry: boolean, spec: string): GradLabError {
  const { place, prefix } = where(path, source, isEntry, spec);
  return new GradLabError(
    'unsupported',
    `${prefix} imports "${spec}". A gradient check runs the file in a sandbox that loads only relative imports (./x) and ${ALLOWED_BARE_IMPORTS.join(', ')}; move the function and its helpers into local files.`,
    place,
  );
}

function missingImport(
  path: string,
  source: string,
  isEntry: boolean,
  spec: string,
  tried: string[],
  canRead: boolean,
): GradLabError {
  const { place, prefix } = where(path, source, isEntry, spec);
  const why = canRead ? `tried ${tried.join(', ')}` : 'no module reader was given to the check';
  return new GradLabError(
    'not-found',
    `${prefix} imports "${spec}", which was not found (${why}).`,
    place,
  );
}
