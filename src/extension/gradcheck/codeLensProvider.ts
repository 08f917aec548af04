/**
 * "Check gradient" above every function that has a gradient companion, and "Derive gradient"
 * above typed functions without one. Cheap: the token scan runs in the worker once per document
 * version; the lens only carries the command and its arguments. Hidden in an untrusted workspace,
 * where the check cannot run, and when `gradlab.codeLens.enabled` is false.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import type { FunctionLister } from './functionList';

export const GRADCHECK_AT = 'gradlab.gradcheckAt';

/** Arguments of `gradlab.gradcheckAt` (a CodeLens passes the first two). */
export interface GradcheckAtArgs {
  uri: vscode.Uri | string;
  functionName: string;
  /** Skips the @point tags and the input box. */
  points?: number[][];
}

export const GRADCHECK_SELECTOR: vscode.DocumentSelector = [
  { language: 'typescript', scheme: 'file' },
  { language: 'typescript', scheme: 'untitled' },
  { language: 'javascript', scheme: 'file' },
  { language: 'javascript', scheme: 'untitled' },
];

export class GradcheckCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly services: ExtensionServices,
    private readonly lister: FunctionLister,
  ) {
    this.subscriptions = [
      this.changed,
      services.config.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    ];
  }

  async provideCodeLenses(
    doc: vscode.TextDocument,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeLens[]> {
    if (!this.services.config.codeLensEnabled || !vscode.workspace.isTrusted) return [];
    // Most files declare no function at all: skip the worker round trip.
    if (!/\bfunction\b|=>/.test(doc.getText())) return [];
    let list;
    try {
      list = await this.lister.list(doc);
    } catch (e) {
      this.services.log.warn(`gradcheck CodeLens: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
    if (token.isCancellationRequested) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const f of list) {
      const range = new vscode.Range(doc.positionAt(f.nameStart), doc.positionAt(f.nameEnd));
      const args: GradcheckAtArgs = { uri: doc.uri, functionName: f.name };
      if (f.companion !== null) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: vscode.l10n.t('Check gradient'),
            tooltip: vscode.l10n.t(
              'Compare {0} with finite differences of {1}',
              f.companion,
              f.name,
            ),
            command: GRADCHECK_AT,
            arguments: [args],
          }),
        );
      } else if (f.shape !== null) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: vscode.l10n.t('Derive gradient'),
            tooltip: vscode.l10n.t(
              'Derive the gradient of {0} by automatic differentiation and check it against finite differences',
              f.name,
            ),
            command: GRADCHECK_AT,
            arguments: [args],
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
