/**
 * A gradient for a function that has none: a generated TypeScript function that runs a tape copy
 * of the function (and of the same-file helpers it calls) and replays the tape backwards. The
 * check runs this very text appended to the file, so what is checked is what gets inserted.
 */
import ts from 'typescript';
import { tapeFunctionSource, unfollowed } from './adTransform';
import type { CheckTarget, ParsedFunction, ParsedModule } from './findTarget';
import { TAPE_FUNCTION, tapeRuntimeSource } from './tapeRuntime';
import type { DerivedGradient } from './types';

export interface DeriveOptions {
  /** The generated function's name. Default: the first free of NAMEGrad, NAMEGradDerived, … */
  name?: string;
  /** The tape helper's name. Default gradlabTape. */
  tapeName?: string;
  /** Include the tape helper. Default: when the file has no function of that name. */
  includeTape?: boolean;
  /** Export the generated function. Default: when the checked function is exported. */
  exported?: boolean;
}

/** Names of the top-level functions `fn` reaches (itself first), and identifiers imported by the file that it uses. */
function reachable(
  module: ParsedModule,
  fn: ParsedFunction,
): { functions: ParsedFunction[]; imported: string[] } {
  const importedNames = new Set<string>();
  for (const st of module.sourceFile.statements) {
    const clause = ts.isImportDeclaration(st) ? st.importClause : undefined;
    if (!clause || clause.isTypeOnly) continue;
    if (clause.name) importedNames.add(clause.name.text);
    const b = clause.namedBindings;
    if (b && ts.isNamedImports(b))
      for (const e of b.elements) if (!e.isTypeOnly) importedNames.add(e.name.text);
    if (b && ts.isNamespaceImport(b)) importedNames.add(b.name.text);
  }
  const seen = new Map<string, ParsedFunction>([[fn.name, fn]]);
  const imported = new Set<string>();
  const queue = [fn];
  while (queue.length > 0) {
    const cur = queue.shift()!;
    const walk = (n: ts.Node): void => {
      if (ts.isIdentifier(n)) {
        const other = module.functions.get(n.text);
        if (other && !seen.has(n.text)) {
          seen.set(n.text, other);
          queue.push(other);
        }
        if (importedNames.has(n.text) && ts.isCallExpression(n.parent) && n.parent.expression === n)
          imported.add(n.text);
        if (
          importedNames.has(n.text) &&
          ts.isPropertyAccessExpression(n.parent) &&
          ts.isCallExpression(n.parent.parent)
        )
          imported.add(n.text);
      }
      ts.forEachChild(n, walk);
    };
    if (cur.node.body) walk(cur.node.body);
  }
  return { functions: [...seen.values()], imported: [...imported] };
}

/** The first of NAMEGrad, NAMEGradDerived, NAMEGrad2, … that the file does not declare. */
function freeName(module: ParsedModule, base: string): string {
  const taken = (n: string) =>
    module.functions.has(n) || new RegExp(`\\b${n}\\b`).test(module.sourceFile.text);
  for (const n of [`${base}Grad`, `${base}GradDerived`]) if (!taken(n)) return n;
  for (let k = 2; ; k++) if (!taken(`${base}Grad${k}`)) return `${base}Grad${k}`;
}

/** The derived gradient of `target.fn` as insertable TypeScript. */
export function deriveGradient(
  module: ParsedModule,
  target: CheckTarget,
  options: DeriveOptions = {},
): DerivedGradient {
  const fn = target.fn;
  const { functions, imported } = reachable(module, fn);
  const texts = functions.map((g) => g.node.getText(module.sourceFile)).join('\n');
  const ad = /\bad\b/.test(texts) ? 'gradlabAd' : 'ad';
  const name = options.name ?? freeName(module, fn.name);
  const tapeName = options.tapeName ?? TAPE_FUNCTION;
  const includeTape = options.includeTape ?? !module.functions.has(tapeName);
  const exported = options.exported ?? fn.exported;
  // Helpers first, the function itself last; all hoisted, so the order is for readers only.
  const copies = [...functions.slice(1), fn].map((g) =>
    tapeFunctionSource(g.node, g.name, ad, module.sourceFile),
  );
  const params = signature(fn, target.shape, target.arity);
  const call =
    target.shape === 'vector'
      ? `${ad}.gradient(${fn.name}, ${params.names[0]})`
      : target.shape === 'scalar'
        ? `${ad}.derivative(${fn.name}, ${params.names[0]})`
        : `${ad}.gradientArgs(${fn.name}, [${params.names.join(', ')}])`;
  const helpers =
    functions.length > 1 ? ` (and the helper${functions.length > 2 ? 's' : ''} it calls)` : '';
  const lines = [
    '',
    '',
    '/**',
    ` * Gradient of \`${fn.name}\`, derived by GradLab: reverse-mode automatic differentiation of a copy`,
    ` * of \`${fn.name}\`${helpers} that records each operation on a tape. Regenerate it if \`${fn.name}\``,
    ' * changes.',
    ' */',
    `${exported ? 'export ' : ''}function ${name}(${params.list}): ${target.shape === 'scalar' ? 'number' : 'number[]'} {`,
    `  const ${ad} = ${tapeName}();`,
    ...copies.map((c) => indent(c, '  ')),
    `  return ${call};`,
    '}',
  ];
  if (includeTape) lines.push('', tapeRuntimeSource(tapeName).trimEnd());
  const warnings = imported.map(
    (n) =>
      `${fn.name} calls ${n}, which is imported: autodiff does not see inside it, so its result counts as a constant. Move it into this file.`,
  );
  const unseen = functions.flatMap((g) => unfollowed(g.node, g.name, module.sourceFile));
  if (unseen.length > 0)
    warnings.push(
      `Autodiff follows arithmetic, Math and comparisons, but ${unseen.join('; ')}: where that touches a value computed from x, the derived gradient loses it. If the check fails, write ${name} by hand.`,
    );
  const text = lines.join('\n') + '\n';
  const js = isJavaScript(module.sourceFile.fileName);
  return { name, text: js ? toJavaScript(text) : text, insertAt: fn.end, warnings };
}

/** True for files whose language has no type annotations (the inserted text must match it). */
function isJavaScript(fileName: string): boolean {
  return /\.(js|mjs|cjs|jsx)$/i.test(fileName);
}

/** The same code without TypeScript's types and `!`: TypeScript's own emitter, comments kept. */
function toJavaScript(text: string): string {
  const out = ts.transpileModule(text, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      removeComments: false,
    },
  }).outputText;
  return '\n\n' + out.replace(/\n?export \{\};\s*$/, '\n').trimStart();
}

function signature(
  fn: ParsedFunction,
  shape: CheckTarget['shape'],
  arity: number,
): { names: string[]; list: string } {
  // Optional parameters past the checked ones keep their defaults: the gradient does not take them.
  const names = fn.paramNames
    .slice(0, arity)
    .map((n, i) => (/^[A-Za-z_$][\w$]*$/.test(n) ? n : `arg${i}`));
  const fallback = shape === 'vector' ? 'number[]' : 'number';
  const list = names.map((n, i) => `${n}: ${fn.paramTypes[i] ?? fallback}`).join(', ');
  return { names, list };
}

/** The printer indents by 4; the copies read better at the file's usual 2, under `prefix`. */
function indent(text: string, prefix: string): string {
  const reindent = !text.includes('`');
  return text
    .split('\n')
    .map((line) => {
      const m = reindent ? /^( {4})+/.exec(line) : null;
      const body = m ? ' '.repeat(m[0].length / 2) + line.slice(m[0].length) : line;
      return line.trim() === '' ? '' : prefix + body;
    })
    .join('\n');
}
