/**
 * The gradient check's long-lived parts, created once per activation: the function lister, the
 * diagnostics, the CodeLens provider and the report panel's serializer. activate() registers
 * them (cheap: no worker, no engine); the commands reach them through gradcheckFeature().
 */
import * as vscode from 'vscode';
import type { GradLabError } from '../../engine/errors';
import type { GradcheckReport } from '../../protocol/gradcheck';
import type { ExtensionServices } from '../services';
import { reportError } from '../commands';
import { GradcheckPanel, type GradcheckPanelActions } from '../panels/gradcheckPanel';
import { GRADCHECK_SELECTOR, GradcheckCodeLensProvider } from './codeLensProvider';
import { GradcheckDiagnostics } from './diagnostics';
import { FunctionLister } from './functionList';
import { insertDerivedGradient } from './insertDerived';
import { runGradcheck } from './runGradcheck';

export class GradcheckFeature implements vscode.Disposable {
  readonly lister: FunctionLister;
  readonly diagnostics = new GradcheckDiagnostics();
  /** The last finished check (tests read it; so does "Insert derived gradient" without a panel). */
  lastReport: GradcheckReport | undefined;
  /** The last check's failure (cleared by a check that finishes), for tests and the log. */
  lastError: GradLabError | undefined;
  readonly actions: GradcheckPanelActions;

  constructor(private readonly services: ExtensionServices) {
    this.lister = new FunctionLister(services);
    this.actions = {
      goTo: (report, which) => goTo(report, which),
      insertDerived: (report) => this.insertDerived(report),
      rerun: async (report) => {
        const points = report.points.map((p) => p.x);
        await runGradcheck(services, this, {
          uri: vscode.Uri.parse(report.uri),
          functionName: report.functionName,
          points,
        });
      },
      failed: (where, e) => reportError(services, where, e),
    };
  }

  showPanel(report: GradcheckReport): void {
    GradcheckPanel.createOrShow(this.services, this.actions, report);
  }

  /** Inserts the derived gradient of `report` (default: the panel's, else the last check's). */
  async insertDerived(report = GradcheckPanel.currentReport ?? this.lastReport): Promise<boolean> {
    if (!report?.derived) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Run a gradient check on a function without a gradient first: GradLab then derives one that you can insert.',
        ),
      );
      return false;
    }
    const outcome = await insertDerivedGradient(report);
    if (outcome === 'changed') {
      const again = vscode.l10n.t('Check again');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t(
          '{0} changed since the check, so the derived gradient was not inserted. Check again, then insert.',
          vscode.workspace.asRelativePath(vscode.Uri.parse(report.uri)),
        ),
        again,
      );
      if (choice === again) await this.actions.rerun(report);
    } else if (outcome === 'present') {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('{0} is already defined in the file.', report.derived.name),
      );
    }
    return outcome === 'inserted';
  }

  dispose(): void {
    this.lister.dispose();
    this.diagnostics.dispose();
  }
}

const features = new WeakMap<ExtensionServices, GradcheckFeature>();

/** The feature for these services, created (and owned by the extension context) on first use. */
export function gradcheckFeature(services: ExtensionServices): GradcheckFeature {
  let f = features.get(services);
  if (!f) {
    f = new GradcheckFeature(services);
    features.set(services, f);
    services.context.subscriptions.push(f);
  }
  return f;
}

/** activate(): the CodeLens provider and the panel serializer. */
export function registerGradcheck(services: ExtensionServices): vscode.Disposable[] {
  const feature = gradcheckFeature(services);
  const lenses = new GradcheckCodeLensProvider(services, feature.lister);
  return [
    lenses,
    vscode.languages.registerCodeLensProvider(GRADCHECK_SELECTOR, lenses),
    GradcheckPanel.registerSerializer(services, feature.actions),
  ];
}

async function goTo(report: GradcheckReport, which: 'gradient' | 'function'): Promise<void> {
  const [place, name] =
    which === 'gradient' && report.gradientName !== null && report.gradientPlace
      ? [report.gradientPlace, report.gradientName]
      : [report.functionPlace, report.functionName];
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(report.uri));
  const column =
    vscode.window.visibleTextEditors.find((e) => e.document === doc)?.viewColumn ??
    vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preview: false });
  if (!place) return;
  const start = new vscode.Position(place.line - 1, place.column - 1);
  editor.selection = new vscode.Selection(start, start.translate(0, name.length));
  editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
