/**
 * What the training panel's Results buttons do on the host: save the model as JSON, write the
 * charts as PNG files, open a PyTorch or scikit-learn script as an untitled document, and copy
 * the weights. Files go through workspace.fs; the dialogs can be replaced by tests.
 */
import * as vscode from 'vscode';
import type { ChartName, ScriptFlavor, TrainJobResult } from '../../protocol/training';

/** The dialogs the exports use; tests swap them for functions that answer without a person. */
export interface ExportDialogs {
  saveFile(
    defaultUri: vscode.Uri | undefined,
    filters: Record<string, string[]>,
  ): Thenable<vscode.Uri | undefined>;
  pickFolder(defaultUri: vscode.Uri | undefined): Thenable<vscode.Uri | undefined>;
}

export const realDialogs: ExportDialogs = {
  saveFile: (defaultUri, filters) =>
    vscode.window.showSaveDialog({ ...(defaultUri ? { defaultUri } : {}), filters }),
  pickFolder: async (defaultUri) =>
    (
      await vscode.window.showOpenDialog({
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        openLabel: vscode.l10n.t('Export Charts Here'),
        ...(defaultUri ? { defaultUri } : {}),
      })
    )?.[0],
};

/** "study-hours.csv" → "study-hours". */
export function stemOf(csv: vscode.Uri | undefined): string {
  const base = csv?.path.split('/').pop() ?? 'model';
  return base.replace(/\.csv$/i, '') || 'model';
}

function folderOf(csv: vscode.Uri | undefined): vscode.Uri | undefined {
  return csv ? vscode.Uri.joinPath(csv, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** Save the model JSON; returns the file written, or undefined if the user cancelled. */
export async function saveModel(
  job: TrainJobResult,
  csv: vscode.Uri | undefined,
  model: string,
  dialogs: ExportDialogs,
): Promise<vscode.Uri | undefined> {
  const folder = folderOf(csv);
  const suggested = folder
    ? vscode.Uri.joinPath(folder, `${stemOf(csv)}.${model}.model.json`)
    : undefined;
  const target = await dialogs.saveFile(suggested, { JSON: ['json'] });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(
    target,
    new TextEncoder().encode(JSON.stringify(job.model, null, 2) + '\n'),
  );
  return target;
}

/** Write each chart as <stem>-<chart>.png in a folder the user picks; returns the files written. */
export async function exportCharts(
  images: Array<{ name: ChartName; dataUrl: string }>,
  csv: vscode.Uri | undefined,
  dialogs: ExportDialogs,
): Promise<vscode.Uri[]> {
  const folder = await dialogs.pickFolder(folderOf(csv));
  if (!folder) return [];
  const written: vscode.Uri[] = [];
  for (const img of images) {
    const bytes = Buffer.from(img.dataUrl.slice(img.dataUrl.indexOf(',') + 1), 'base64');
    // A PNG starts with its 8-byte signature; anything else is not written.
    if (bytes.length < 8 || bytes.readUInt32BE(0) !== 0x89504e47) continue;
    const uri = vscode.Uri.joinPath(folder, `${stemOf(csv)}-${img.name}.png`);
    await vscode.workspace.fs.writeFile(uri, bytes);
    written.push(uri);
  }
  return written;
}

/** Open the exported script as an untitled Python document (the user saves it where they like). */
export async function openScript(job: TrainJobResult, flavor: ScriptFlavor): Promise<boolean> {
  const content = job.scripts[flavor];
  if (content === undefined) return false;
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  return true;
}

export async function copyWeights(job: TrainJobResult): Promise<void> {
  await vscode.env.clipboard.writeText(job.weightsText);
}
