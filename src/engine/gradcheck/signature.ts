/**
 * The rules that decide what is checkable, shared by the fast token scan (listCheckableFunctions)
 * and the full parse (findCheckTarget), so that the CodeLens and the check never disagree.
 */
import type { CompanionRule, FunctionShape } from './types';

/** A parameter or return type, from its source text: what the check can pass or expect. */
export type TypeClass = 'number' | 'vector' | 'other' | 'none';

const VECTOR_TYPES = new Set([
  'number[]',
  'readonlynumber[]',
  'Array<number>',
  'ReadonlyArray<number>',
  'Float64Array',
  'Float32Array',
]);

/** `text` is a type annotation's source (or undefined when there is none). */
export function classifyType(text: string | undefined): TypeClass {
  if (text === undefined) return 'none';
  // `(number)[]` and `number[]` are the same type; parentheses only group.
  const t = text.replace(/\s+/g, '').replace(/^\((number)\)/, '$1');
  if (t === 'number') return 'number';
  return VECTOR_TYPES.has(t) ? 'vector' : 'other';
}

/**
 * The shape a function's signature declares: null when nothing says (untyped single parameter),
 * 'no' when it cannot be a checkable function (no parameter, a string parameter, returns an array).
 * Parameters from `optionalFrom` on are optional (`b?: T`, `b = 1`, `...rest`): when the whole list
 * is not checkable, the required ones alone may be (the check never passes the others).
 */
export function shapeOf(
  params: readonly TypeClass[],
  returns: TypeClass,
  rest: boolean,
  optionalFrom = params.length,
): FunctionShape | null | 'no' {
  const all = shapeOfAll(params, returns, rest);
  if (all !== 'no' || optionalFrom >= params.length) return all;
  return shapeOfAll(params.slice(0, optionalFrom), returns, false);
}

/** How many parameters a check passes: all of them, or the required ones (see {@link shapeOf}). */
export function checkedArity(
  params: readonly TypeClass[],
  returns: TypeClass,
  rest: boolean,
  optionalFrom = params.length,
): number {
  return shapeOfAll(params, returns, rest) !== 'no'
    ? params.length
    : Math.min(optionalFrom, params.length);
}

function shapeOfAll(
  params: readonly TypeClass[],
  returns: TypeClass,
  rest: boolean,
): FunctionShape | null | 'no' {
  if (params.length === 0 || rest) return 'no';
  if (returns !== 'number' && returns !== 'none') return 'no';
  if (params.length === 1) {
    const p = params[0]!;
    return p === 'number' ? 'scalar' : p === 'vector' ? 'vector' : p === 'none' ? null : 'no';
  }
  return params.every((p) => p === 'number' || p === 'none') ? 'args' : 'no';
}

/** The companion names tried after a `@gradient` tag, in order: lossGrad, gradLoss, loss_grad. */
export function companionCandidates(name: string): { name: string; rule: CompanionRule }[] {
  const cap = name.charAt(0).toUpperCase() + name.slice(1);
  return [
    { name: `${name}Grad`, rule: 'NAMEGrad' },
    { name: `grad${cap}`, rule: 'gradNAME' },
    { name: `${name}_grad`, rule: 'NAME_grad' },
  ];
}

/** The `@point` and `@gradient` tags of a JSDoc comment, with offsets into the comment text. */
export interface DocTag {
  tag: 'point' | 'gradient';
  value: string;
  /** Offset of the `@` in the comment text. */
  offset: number;
}

// A value runs to the end of its line or to the next tag on the same line.
const TAG = /@(point|gradient)\b[ \t]*([^\r\n]*?)(?=[ \t]+@(?:point|gradient)\b|[\r\n]|$)/g;

/** Reads the tags from a `/** … *\/` comment's text; a tag's value runs to the end of its line. */
export function readDocTags(comment: string): DocTag[] {
  const tags: DocTag[] = [];
  TAG.lastIndex = 0;
  for (let m = TAG.exec(comment); m !== null; m = TAG.exec(comment)) {
    const value = m[2]!.replace(/\*\/\s*$/, '').trim();
    tags.push({ tag: m[1] as 'point' | 'gradient', value, offset: m.index });
  }
  return tags;
}

/** The name after `@gradient` (first word), or undefined. */
export function gradientTagName(tags: readonly DocTag[]): string | undefined {
  const tag = tags.find((t) => t.tag === 'gradient');
  const m = tag ? /^[A-Za-z_$][\w$]*/.exec(tag.value) : null;
  return m ? m[0] : undefined;
}
