import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { TrainingPanel } from '../panels/trainingPanel';
import { listCsvFiles } from '../panels/csvFiles';

/**
 * "GradLab: Train a Model on This CSV": from the explorer (the clicked file), the editor title or
 * the palette (the active .csv editor); with neither, the user picks one of the workspace's CSVs.
 */
export async function trainOnCsv(services: ExtensionServices, arg?: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : (activeCsv() ?? (await pickCsv()));
  if (!uri) return;
  const panel = TrainingPanel.createOrShow(services);
  await panel.openCsv(uri);
}

function activeCsv(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && /\.csv$/i.test(doc.uri.path) ? doc.uri : undefined;
}

async function pickCsv(): Promise<vscode.Uri | undefined> {
  const files = await listCsvFiles();
  if (files.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('There is no CSV file in this workspace to train on.'),
    );
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    files.map((f) => ({ label: f.label, uri: f.uri })),
    {
      title: vscode.l10n.t('Train a model on which CSV file?'),
      placeHolder: vscode.l10n.t('Type to filter the CSV files'),
    },
  );
  return pick ? vscode.Uri.parse(pick.uri) : undefined;
}
