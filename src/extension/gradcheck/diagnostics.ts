/**
 * The gradient check in the Problems panel: a warning on the gradient function's name when it
 * disagrees with finite differences, an error on the user's line when the code fails there.
 * Cleared when the check passes, when the document changes (the numbers no longer describe it)
 * and when it closes.
 */
import * as vscode from 'vscode';
import type { GradLabError } from '../../engine/errors';
import { formatValue, type GradcheckReport } from '../../protocol/gradcheck';

export class GradcheckDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('gradlab');
  private readonly subscriptions = [
    this.collection,
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) this.collection.delete(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
  ];

  /** After a check: a warning when it failed, nothing when it passed. */
  showReport(doc: vscode.TextDocument, report: GradcheckReport): void {
    if (report.ok) {
      this.collection.delete(doc.uri);
      return;
    }
    const d = new vscode.Diagnostic(
      nameRange(doc, report),
      mismatchMessage(report),
      mismatchSeverity(report),
    );
    d.source = 'GradLab';
    d.code = 'gradcheck';
    this.collection.set(doc.uri, [d]);
  }

  /** After a failed run: an error on the user's line when the error has one, else nothing. */
  showError(doc: vscode.TextDocument, e: GradLabError): void {
    if (e.place?.kind !== 'source' || e.place.line > doc.lineCount) {
      this.collection.delete(doc.uri);
      return;
    }
    const line = doc.lineAt(e.place.line - 1);
    const start = Math.min(
      Math.max(e.place.column - 1, line.firstNonWhitespaceCharacterIndex),
      line.range.end.character,
    );
    const range = new vscode.Range(
      line.lineNumber,
      start,
      line.lineNumber,
      Math.max(line.range.end.character, start + 1),
    );
    const d = new vscode.Diagnostic(range, e.message, vscode.DiagnosticSeverity.Error);
    d.source = 'GradLab';
    d.code = 'gradcheck';
    this.collection.set(doc.uri, [d]);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The gradient's name (or the function's, when the gradient was derived or lives elsewhere). */
function nameRange(doc: vscode.TextDocument, report: GradcheckReport): vscode.Range {
  const [place, name] =
    report.gradientName !== null && report.gradientPlace
      ? [report.gradientPlace, report.gradientName]
      : [report.functionPlace, report.functionName];
  if (!place || place.line > doc.lineCount) return new vscode.Range(0, 0, 0, 0);
  const start = new vscode.Position(place.line - 1, place.column - 1);
  return new vscode.Range(start, start.translate(0, name.length));
}

/** Information rather than a warning when every explanation says "probably not a bug". */
function mismatchSeverity(report: GradcheckReport): vscode.DiagnosticSeverity {
  return report.diagnoses.length > 0 && report.diagnoses.every((d) => d.notABug)
    ? vscode.DiagnosticSeverity.Information
    : vscode.DiagnosticSeverity.Warning;
}

/**
 * "Gradient of f disagrees with finite differences at component 3: analytic 2.0, numeric -2.0
 * (flipped sign?)" for the worst component of the first failing point. Whole sentences per
 * explanation, so that translations can order their words freely.
 */
export function mismatchMessage(report: GradcheckReport): string {
  const point = report.points.find((p) => !p.ok);
  const row = point?.rows.find((r) => !r.ok) ?? point?.rows[0];
  const f = report.functionName;
  if (!row) return vscode.l10n.t('Gradient of {0} disagrees with finite differences.', f);
  const [i, a, n] = [String(row.index), formatValue(row.analytic), formatValue(row.numeric)];
  const d =
    report.diagnoses.find((x) => x.indices.length === 0 || x.indices.includes(row.index)) ??
    report.diagnoses[0];
  const v = d?.factor !== undefined ? formatValue(d.factor) : '';
  switch (d?.kind) {
    case 'sign':
      return vscode.l10n.t(
        'Gradient of {0} disagrees with finite differences at component {1}: analytic {2}, numeric {3} (flipped sign?)',
        f,
        i,
        a,
        n,
      );
    case 'factor':
      return vscode.l10n.t(
        'Gradient of {0} disagrees with finite differences at component {1}: analytic {2}, numeric {3} (off by a factor of {4}?)',
        f,
        i,
        a,
        n,
        v,
      );
    case 'ratio':
      return vscode.l10n.t(
        'Gradient of {0} disagrees with finite differences at component {1}: analytic {2}, numeric {3} (a constant ratio of {4}: a missing factor?)',
        f,
        i,
        a,
        n,
        v,
      );
    case 'off-by-one':
      return vscode.l10n.t(
        'Gradient of {0} disagrees with finite differences at component {1}: analytic {2}, numeric {3} (components shifted by {4}: an off-by-one index?)',
        f,
        i,
        a,
        n,
        String(d.shift ?? 1),
      );
    case 'kink':
      return vscode.l10n.t(
        'Gradient of {0} disagrees with finite differences at component {1}: analytic {2}, numeric {3} (a kink: the difference changes with eps, probably not a bug)',
        f,
        i,
        a,
        n,
      );
    case 'round-off':
      return vscode.l10n.t(
        'Gradient of {0} disagrees with finite differences at component {1}: analytic {2}, numeric {3} (round-off in the finite differences, probably not a bug)',
        f,
        i,
        a,
        n,
      );
    case 'float32':
      return vscode.l10n.t(
        'Gradient of {0} disagrees with finite differences at component {1}: analytic {2}, numeric {3} (float32 round-off?)',
        f,
        i,
        a,
        n,
      );
    default:
      return vscode.l10n.t(
        'Gradient of {0} disagrees with finite differences at component {1}: analytic {2}, numeric {3}',
        f,
        i,
        a,
        n,
      );
  }
}
