/**
 * Insert Below and Replace Selection: each is ONE TextEditor.edit over every target, so a single
 * Undo restores the text byte for byte (U9). Before editing, each target's text is compared with
 * what was differentiated; if the document moved on, nothing is edited.
 */
import * as vscode from 'vscode';
import type { DerivativeRequest } from '../../protocol/derivative';
import { insertionText } from './insertionText';
import type { Target } from './targets';

export interface EditTarget extends Target {
  /** The derivative as code in the expression's syntax (what Replace writes). */
  code: string;
}

/** Where the panel's result came from: the document, its editor column and every target. */
export interface EditContext {
  uri: vscode.Uri;
  languageId: string;
  viewColumn: vscode.ViewColumn | undefined;
  request: Pick<DerivativeRequest, 'mode' | 'wrt' | 'order'>;
  targets: EditTarget[];
}

/** The edit was not made; the message says why, for the user. */
export class EditRefused extends Error {
  override readonly name = 'EditRefused';
}

interface PlannedEdit {
  start: number;
  end: number;
  text: string;
}

/** Replace every target with its code; afterwards the targets cover the new code. */
export async function replaceTargets(ctx: EditContext): Promise<void> {
  const editor = await editorFor(ctx);
  const doc = editor.document;
  const edits = ctx.targets.map((t) => ({
    start: doc.offsetAt(t.range.start),
    end: doc.offsetAt(t.range.end),
    text: t.code,
  }));
  await apply(editor, ctx, edits);
}

/** Insert each target's code on a new line below its line (targets on one line share a block). */
export async function insertBelowTargets(ctx: EditContext): Promise<void> {
  const editor = await editorFor(ctx);
  const doc = editor.document;
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const byLine = new Map<number, string[]>();
  for (const t of ctx.targets) {
    const line = doc.lineAt(t.range.end.line);
    const indent = /^\s*/.exec(doc.lineAt(t.range.start.line).text)![0];
    const text = insertionText(t.code, ctx.request, {
      indent,
      languageId: ctx.languageId,
      ...(t.assignedTo !== undefined ? { assignedTo: t.assignedTo } : {}),
    });
    byLine.set(line.lineNumber, [...(byLine.get(line.lineNumber) ?? []), text]);
  }
  const edits = [...byLine].map(([lineNumber, texts]) => {
    const end = doc.offsetAt(doc.lineAt(lineNumber).range.end);
    return { start: end, end, text: texts.map((t) => eol + t).join('') };
  });
  await apply(editor, ctx, edits);
}

async function apply(
  editor: vscode.TextEditor,
  ctx: EditContext,
  edits: PlannedEdit[],
): Promise<void> {
  const doc = editor.document;
  for (const t of ctx.targets) {
    if (doc.getText(t.range) !== t.original) {
      throw new EditRefused(
        vscode.l10n.t(
          'The expression changed after it was differentiated. Run "GradLab: Differentiate Selection" again.',
        ),
      );
    }
  }
  const before = ctx.targets.map((t) => ({
    start: doc.offsetAt(t.range.start),
    end: doc.offsetAt(t.range.end),
  }));
  const ok = await editor.edit(
    (b) => {
      for (const e of edits)
        b.replace(new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.text);
    },
    { undoStopBefore: true, undoStopAfter: true },
  );
  if (!ok)
    throw new EditRefused(
      vscode.l10n.t('VS Code did not apply the edit (is the document read-only?).'),
    );
  // Follow the targets through the edit, so a second action lands where the text now is.
  ctx.targets.forEach((t, i) => {
    const { start, end } = shift(before[i]!, edits);
    t.range = new vscode.Range(doc.positionAt(start), doc.positionAt(end));
    t.original = doc.getText(t.range);
  });
}

/** Where [start, end) lands after `edits` (non-overlapping, in original offsets). */
export function shift(
  span: { start: number; end: number },
  edits: readonly PlannedEdit[],
): { start: number; end: number } {
  let start = span.start;
  let end = span.end;
  for (const e of edits) {
    const delta = e.text.length - (e.end - e.start);
    if (e.start === span.start && e.end === span.end)
      end += delta; // the span itself was replaced
    else if (e.end <= span.start) {
      start += delta;
      end += delta;
    }
  }
  return { start, end };
}

async function editorFor(ctx: EditContext): Promise<vscode.TextEditor> {
  const key = ctx.uri.toString();
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
  if (visible) return visible;
  const doc = await vscode.workspace.openTextDocument(ctx.uri);
  return vscode.window.showTextDocument(doc, {
    viewColumn: ctx.viewColumn ?? vscode.ViewColumn.One,
    preserveFocus: true,
    preview: false,
  });
}
