/**
 * What "Differentiate Selection" works on: each selection, or, for an empty cursor, the
 * expression on the cursor's line. With several cursors every one becomes a target (the panel
 * shows the primary's result; Insert and Replace apply to all of them in one undoable edit).
 */
import * as vscode from 'vscode';
import { commentStyleFor, extractExpression } from './extractExpression';

export interface Target {
  /** The exact document range the expression occupies (what Replace replaces). */
  range: vscode.Range;
  /** The expression text (document text at `range`, newlines of a multi-line selection as spaces). */
  text: string;
  /** The document text at `range` when the target was taken (Replace checks it is still there). */
  original: string;
  assignedTo?: string;
}

/** The targets in `editor`, primary selection first, without duplicates. */
export function collectTargets(editor: vscode.TextEditor): Target[] {
  const doc = editor.document;
  const comment = commentStyleFor(doc.languageId);
  const out: Target[] = [];
  for (const sel of editor.selections) {
    const t = sel.isEmpty ? fromLine(doc, sel.active, comment) : fromSelection(doc, sel, comment);
    if (t && !out.some((o) => o.range.isEqual(t.range))) out.push(t);
  }
  return out;
}

function fromLine(
  doc: vscode.TextDocument,
  pos: vscode.Position,
  comment: ReturnType<typeof commentStyleFor>,
): Target | undefined {
  const line = doc.lineAt(pos.line).text;
  const e = extractExpression(line, { column: pos.character, comment });
  if (!e) return undefined;
  const range = new vscode.Range(pos.line, e.start, pos.line, e.end);
  return {
    range,
    text: e.text,
    original: e.text,
    ...(e.assignedTo !== undefined ? { assignedTo: e.assignedTo } : {}),
  };
}

/**
 * A selection on one line is narrowed like a line (a selected `const y = x**2;` becomes `x**2`);
 * a selection the extractor rejects, or one over several lines, is taken as it is, trimmed: the
 * user chose it, so the engine gets to judge it.
 */
function fromSelection(
  doc: vscode.TextDocument,
  sel: vscode.Selection,
  comment: ReturnType<typeof commentStyleFor>,
): Target | undefined {
  const raw = doc.getText(sel);
  if (sel.isSingleLine) {
    const e = extractExpression(raw, { comment });
    if (e) {
      const range = new vscode.Range(
        sel.start.translate(0, e.start),
        sel.start.translate(0, e.end),
      );
      return {
        range,
        text: e.text,
        original: e.text,
        ...(e.assignedTo !== undefined ? { assignedTo: e.assignedTo } : {}),
      };
    }
  }
  const startOffset = doc.offsetAt(sel.start) + (raw.length - raw.trimStart().length);
  const endOffset = doc.offsetAt(sel.end) - (raw.length - raw.trimEnd().length);
  if (endOffset <= startOffset) return undefined;
  const range = new vscode.Range(doc.positionAt(startOffset), doc.positionAt(endOffset));
  const original = doc.getText(range);
  return { range, text: original.replace(/\s*\r?\n\s*/g, ' '), original };
}
