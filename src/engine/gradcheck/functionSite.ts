/**
 * A top-level function of the checked file, as both finders see it (the token scan for the
 * CodeLens and the full parse for the check), and the companion rules applied to it.
 */
import { LineIndex, docCommentBefore } from './lineIndex';
import {
  companionCandidates,
  gradientTagName,
  readDocTags,
  shapeOf,
  checkedArity,
  type DocTag,
  type TypeClass,
} from './signature';
import type { CheckableFunction, CompanionRule, FunctionShape } from './types';

export interface FunctionSite {
  name: string;
  /** From the first modifier (`export`) or keyword to the end of the declaration. */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  params: TypeClass[];
  rest: boolean;
  /** Index of the first of the trailing optional parameters (`b?`, `b = 1`, `...r`); default none. */
  optionalFrom?: number;
  /** `async`: it returns a Promise, which a check cannot use. */
  async?: boolean;
  returns: TypeClass;
  /** `@point` and `@gradient` tags of the JSDoc right before `start`. */
  tags: DocTag[];
  /** Offset of the JSDoc comment (tags' offsets are relative to it), or -1. */
  docStart: number;
}

/** Reads the JSDoc tags right before a declaration that starts at `start`. */
export function tagsBefore(source: string, start: number): { tags: DocTag[]; docStart: number } {
  const doc = docCommentBefore(source, start);
  return doc ? { tags: readDocTags(doc.text), docStart: doc.start } : { tags: [], docStart: -1 };
}

/**
 * The JSDoc tags of a declaration at `start`, or, when it has none and it is an overloaded
 * function's implementation, those of its first overload (at `overloadStart`).
 */
export function docTags(
  source: string,
  start: number,
  overloadStart?: number,
): { tags: DocTag[]; docStart: number } {
  const own = tagsBefore(source, start);
  return own.docStart < 0 && overloadStart !== undefined ? tagsBefore(source, overloadStart) : own;
}

export interface Companion {
  name: string;
  rule: CompanionRule;
  /** Undefined when a `@gradient` tag names a function the file lacks. */
  site: FunctionSite | undefined;
}

/**
 * The analytic gradient of `site`: the `@gradient` tag's function, else the first of NAMEGrad,
 * gradNAME, NAME_grad that is a top-level function of the file. `tried` lists the names looked at.
 */
export function findCompanion(
  site: FunctionSite,
  byName: ReadonlyMap<string, FunctionSite>,
): { companion: Companion | null; tried: string[] } {
  const tagged = gradientTagName(site.tags);
  if (tagged !== undefined) {
    return {
      companion: { name: tagged, rule: 'jsdoc', site: byName.get(tagged) },
      tried: [`@gradient ${tagged}`],
    };
  }
  const candidates = companionCandidates(site.name);
  for (const c of candidates) {
    const found = byName.get(c.name);
    if (found)
      return {
        companion: { name: c.name, rule: c.rule, site: found },
        tried: candidates.map((x) => x.name),
      };
  }
  return { companion: null, tried: candidates.map((x) => x.name) };
}

/** The declared shape of `site` ('no' = not a function the check can take). */
export function siteShape(site: FunctionSite): FunctionShape | null | 'no' {
  if (site.async) return 'no';
  return shapeOf(site.params, site.returns, site.rest, site.optionalFrom);
}

/** How many arguments a check passes to `site` (its required ones when the others do not fit). */
export function siteArity(site: FunctionSite): number {
  return checkedArity(site.params, site.returns, site.rest, site.optionalFrom);
}

/** The CodeLens list: checkable functions that are not themselves some function's gradient. */
export function checkableFrom(source: string, sites: readonly FunctionSite[]): CheckableFunction[] {
  const byName = new Map<string, FunctionSite>();
  for (const s of sites) if (!byName.has(s.name)) byName.set(s.name, s);
  const candidates: {
    site: FunctionSite;
    shape: FunctionShape | null;
    companion: Companion | null;
  }[] = [];
  const companions = new Set<string>();
  for (const site of byName.values()) {
    const shape = siteShape(site);
    if (shape === 'no') continue;
    const { companion } = findCompanion(site, byName);
    if (companion) companions.add(companion.name);
    candidates.push({ site, shape, companion });
  }
  const lines = new LineIndex(source);
  return candidates
    .filter((c) => !companions.has(c.site.name))
    .map(({ site, shape, companion }) => {
      const { line, column } = lines.position(site.nameStart);
      return {
        name: site.name,
        companion: companion?.name ?? null,
        companionRule: companion?.rule ?? null,
        shape,
        arity: siteArity(site),
        range: { start: site.start, end: site.end },
        nameRange: { start: site.nameStart, end: site.nameEnd },
        line,
        column,
        companionRange: companion?.site
          ? { start: companion.site.start, end: companion.site.end }
          : null,
        pointTags: site.tags.filter((t) => t.tag === 'point').length,
      };
    });
}
