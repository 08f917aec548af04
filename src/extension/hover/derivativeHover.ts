/**
 * The derivative hover: over an expression (or inside a selection) it shows the derivative as
 * code in the input's syntax, as an image of its LaTeX (hovers cannot typeset math), and a
 * numeric spot check against central differences. Text that does not parse shows nothing: a
 * hover never reports errors. The engine and MathJax load on the first hover, not at activation.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { commentStyleFor, extractExpression } from '../differentiate/extractExpression';
import { hoverContent, type HoverContent } from '../differentiate/compute';
import { loadSymbolic } from '../differentiate/symbolicApi';
import { syntaxFor, type SyntaxSetting } from '../differentiate/syntaxFor';
import { hoverImage, inkFor, themeKindName, type HoverImage } from './hoverSvg';
import { LruCache } from './lruCache';

/** Longest text a hover tries (selections included): beyond this it stays quiet. */
const MAX_HOVER_CHARS = 300;

interface CachedHover {
  content: HoverContent;
  image: HoverImage | undefined;
}

export class DerivativeHoverProvider implements vscode.HoverProvider {
  /** Keyed by syntax, theme kind and text; `null` remembers "nothing to show". */
  private readonly cache = new LruCache<string, CachedHover | null>(64);

  constructor(private readonly services: ExtensionServices) {}

  async provideHover(
    doc: vscode.TextDocument,
    pos: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const config = this.services.config;
    if (!config.hoverEnabled || token.isCancellationRequested) return undefined;
    const target = hoverTarget(doc, pos);
    if (!target) return undefined;
    const syntax = syntaxFor(config.syntax, doc.languageId, target.text);
    const kind = themeKindName(vscode.window.activeColorTheme.kind);
    const key = `${syntax}\u0000${kind}\u0000${target.text}`;
    let entry = this.cache.get(key);
    if (entry === undefined) {
      entry = await this.compute(target.text, syntax, kind, config.simplifyBudgetMs);
      this.cache.set(key, entry);
    }
    if (!entry || token.isCancellationRequested) return undefined;
    return new vscode.Hover(render(entry), target.range);
  }

  private async compute(
    text: string,
    syntax: SyntaxSetting,
    kind: ReturnType<typeof themeKindName>,
    budgetMs: number,
  ): Promise<CachedHover | null> {
    let content: HoverContent | undefined;
    try {
      const api = await loadSymbolic();
      content = hoverContent(api, text, syntax, budgetMs);
    } catch (e) {
      // Prose, half-typed code, unknown functions: the hover stays quiet; the log keeps a trace.
      this.services.log.trace(
        `Derivative hover: nothing for "${text}": ${e instanceof Error ? e.message : String(e)}`,
      );
      return null;
    }
    if (!content) return null;
    let image: HoverImage | undefined;
    try {
      const { texToSvg } = await import('./texToSvg');
      image = hoverImage(await texToSvg(content.latex), inkFor(kind));
      if (!image)
        this.services.log.trace(
          `Derivative hover: the image for "${text}" is too large; text only`,
        );
    } catch (e) {
      this.services.log.warn(
        `Derivative hover: no image for "${text}": ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    return { content, image };
  }
}

/** The selection under the hover, else the expression around it on its line. */
function hoverTarget(
  doc: vscode.TextDocument,
  pos: vscode.Position,
): { text: string; range: vscode.Range } | undefined {
  const editor = vscode.window.visibleTextEditors.find(
    (e) => e.document === doc && e.selections.some((s) => !s.isEmpty && s.contains(pos)),
  );
  const sel = editor?.selections.find((s) => !s.isEmpty && s.contains(pos));
  if (sel) {
    const text = doc
      .getText(sel)
      .replace(/\s*\r?\n\s*/g, ' ')
      .trim()
      .replace(/;$/, '');
    return text && text.length <= MAX_HOVER_CHARS ? { text, range: sel } : undefined;
  }
  const line = doc.lineAt(pos.line).text;
  if (line.length > 4 * MAX_HOVER_CHARS) return undefined;
  const e = extractExpression(line, {
    column: pos.character,
    comment: commentStyleFor(doc.languageId),
    maxLength: MAX_HOVER_CHARS,
  });
  if (!e || pos.character < e.start || pos.character > e.end) return undefined;
  return { text: e.text, range: new vscode.Range(pos.line, e.start, pos.line, e.end) };
}

const FENCE_LANGUAGE: Record<HoverContent['syntax'], string> = {
  mathjs: 'text',
  javascript: 'javascript',
  python: 'python',
};

function render({ content, image }: CachedHover): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  const one = content.variables.length === 1;
  md.appendMarkdown(
    `**${one ? vscode.l10n.t('GradLab: derivative') : vscode.l10n.t('GradLab: gradient')}**\n\n`,
  );
  const lines = content.entries.map((e) =>
    one ? e.code : `${leftSide(e.wrt[0]!, one)} = ${e.code}`,
  );
  if (image) md.appendMarkdown(`![${escapeAlt(lines.join('; '))}](${image.uri})\n\n`);
  md.appendCodeblock(lines.join('\n'), FENCE_LANGUAGE[content.syntax]);
  if (content.omitted > 0)
    md.appendMarkdown(
      `${vscode.l10n.t('…and {0} more variables: run "GradLab: Differentiate Selection" for all of them.', content.omitted)}\n\n`,
    );
  if (content.spot.length) {
    const at = Object.entries(content.point)
      .map(([v, x]) => `${v} = ${num(x)}`)
      .join(', ');
    const values = content.spot
      .map(
        (i) => `${leftSide(i.wrt, one)}: ${num(i.symbolic)} ${i.ok ? '≈' : '≠'} ${num(i.numeric)}`,
      )
      .join('; ');
    const sentence = content.spot.every((i) => i.ok)
      ? vscode.l10n.t('✓ Spot check at {0}: symbolic ≈ central difference ({1})', at, values)
      : vscode.l10n.t('⚠ Spot check at {0}: symbolic ≠ central difference ({1})', at, values);
    md.appendMarkdown(escapeMarkdown(sentence));
  }
  return md;
}

function leftSide(v: string, one: boolean): string {
  return one ? `d/d${v}` : `∂/∂${v}`;
}

function num(x: number | null): string {
  if (x === null) return vscode.l10n.t('undefined');
  return Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-4)
    ? x.toExponential(4)
    : String(Number(x.toPrecision(6)));
}

function escapeAlt(s: string): string {
  return s
    .replace(/[[\]\\`]/g, ' ')
    .replace(/\s+/g, ' ')
    .slice(0, 200);
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}

/** Register the hover for the languages in `gradlab.hover.languages`, again whenever they change. */
export function registerDerivativeHover(services: ExtensionServices): vscode.Disposable {
  const provider = new DerivativeHoverProvider(services);
  let languages = '';
  let registration: vscode.Disposable | undefined;
  const register = () => {
    const next = services.config.hoverLanguages;
    if (next.join('\n') === languages) return;
    languages = next.join('\n');
    registration?.dispose();
    registration = vscode.languages.registerHoverProvider(
      next.map((language) => ({ language })),
      provider,
    );
  };
  register();
  const watcher = services.config.onDidChange(register);
  return new vscode.Disposable(() => {
    watcher.dispose();
    registration?.dispose();
  });
}
