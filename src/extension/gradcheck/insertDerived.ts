/**
 * "Insert derived gradient": puts the engine's generated gradient function into the file, right
 * after the checked function, as one WorkspaceEdit (one Undo removes it). The offsets come from
 * the checked text, so the edit is refused when the file has changed since the check.
 */
import * as vscode from 'vscode';
import { GradLabError } from '../../engine/errors';
import type { GradcheckReport } from '../../protocol/gradcheck';

/** FNV-1a of the text, as 8 hex digits: enough to tell "the same text" from "edited since". */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export type InsertOutcome = 'inserted' | 'changed' | 'present';

/** Inserts `report.derived` into its file; says why not when the file changed or already has it. */
export async function insertDerivedGradient(report: GradcheckReport): Promise<InsertOutcome> {
  const derived = report.derived;
  if (!derived)
    throw new GradLabError(
      'not-found',
      vscode.l10n.t(
        'This check used a gradient from the file; there is no derived gradient to insert.',
      ),
    );
  const uri = vscode.Uri.parse(report.uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const name = derived.name.replace(/[$]/g, '\\$');
  if (new RegExp(`(^|[^\\w$])(function\\s+|(const|let|var)\\s+)${name}(?![\\w$])`).test(text))
    return 'present';
  if (report.sourceHash !== undefined && hashText(text) !== report.sourceHash) return 'changed';
  if (derived.insertAt > text.length) return 'changed';
  const at = doc.positionAt(derived.insertAt);
  // After the closing brace: a blank line, then the function; at a line start: the same, ending the line.
  const body = derived.text.replace(/^\s*\n/, '').trimEnd();
  const insertion = at.character === 0 ? `\n${body}\n` : `\n\n${body}`;
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, at, insertion);
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new GradLabError(
      'internal',
      vscode.l10n.t('VS Code did not apply the edit to {0}.', vscode.workspace.asRelativePath(uri)),
    );
  }
  const column =
    vscode.window.visibleTextEditors.find((e) => e.document === doc)?.viewColumn ??
    vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: column });
  const start = doc.positionAt(derived.insertAt + (at.character === 0 ? 1 : 2));
  editor.revealRange(
    new vscode.Range(start, start),
    vscode.TextEditorRevealType.InCenterIfOutsideViewport,
  );
  editor.selection = new vscode.Selection(start, start);
  return 'inserted';
}
