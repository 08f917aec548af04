import * as vscode from 'vscode';
import type { GradcheckReport } from '../../protocol/gradcheck';
import type { ExtensionServices } from '../services';
import { gradcheckFeature } from '../gradcheck/feature';
import { functionAt } from '../gradcheck/functionList';
import { runGradcheck, trustedForUserCode } from '../gradcheck/runGradcheck';

/**
 * "GradLab: Gradient Check Function": checks the function at the cursor (or the function whose
 * gradient companion holds the cursor) against central differences. Resolves to the report.
 */
export async function gradcheckFunction(
  services: ExtensionServices,
): Promise<GradcheckReport | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !/^(type|java)script$/.test(editor.document.languageId)) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Open a TypeScript or JavaScript file and put the cursor in the function to check.',
      ),
    );
    return undefined;
  }
  // In Restricted Mode refuse at once: no function list, so no worker starts (the palette entry
  // is hidden then, but a keybinding or another extension can still run the command).
  if (!(await trustedForUserCode())) return undefined;
  const feature = gradcheckFeature(services);
  const doc = editor.document;
  // The name is all the check needs; list first so that a cursor in no function gets an answer
  // before anything runs.
  const list = await feature.lister.list(doc);
  const fn = functionAt(list, doc.offsetAt(editor.selection.active));
  if (!fn) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Put the cursor in a top-level function that takes number[] or numbers and returns a number, then run the check again.',
      ),
    );
    return undefined;
  }
  return runGradcheck(services, feature, { uri: doc.uri, functionName: fn.name });
}
