import * as vscode from 'vscode';

/** The GradLab LogOutputChannel ("Developer: Set Log Level → GradLab" changes its level). */
export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('GradLab', { log: true });
}
