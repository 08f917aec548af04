/**
 * The workspace's CSV files for the training panel: listed with findFiles, read as bytes through
 * workspace.fs (so remote and virtual workspaces work), and checked before a webview-supplied
 * URI is used: only a .csv file inside an open workspace folder is accepted.
 */
import * as vscode from 'vscode';
import type { CsvFile } from '../../protocol/training';

export const MAX_LISTED_CSV_FILES = 500;

export async function listCsvFiles(): Promise<CsvFile[]> {
  const uris = await vscode.workspace.findFiles(
    '**/*.csv',
    '**/node_modules/**',
    MAX_LISTED_CSV_FILES,
  );
  return uris.map(toCsvFile).sort((a, b) => a.label.localeCompare(b.label));
}

export function toCsvFile(uri: vscode.Uri): CsvFile {
  return { uri: uri.toString(), label: vscode.workspace.asRelativePath(uri, false) };
}

/** The URI if it names a .csv file inside an open workspace folder, else undefined. */
export function workspaceCsvUri(text: string): vscode.Uri | undefined {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(text, true);
  } catch {
    return undefined;
  }
  if (!/\.csv$/i.test(uri.path) || !vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  return uri;
}

/** The file's bytes as VS Code sees them: an unsaved editor's text wins over the disk. */
export async function readCsvBytes(uri: vscode.Uri): Promise<Uint8Array> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) return new TextEncoder().encode(open.getText());
  return vscode.workspace.fs.readFile(uri);
}
