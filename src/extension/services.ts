import type * as vscode from 'vscode';
import type { Config } from './config/config';
import type { Log } from './log';
import type { WorkerHost } from './workers/workerHost';

/** What every command, provider and panel receives: created once in activate(). */
export interface ExtensionServices {
  context: vscode.ExtensionContext;
  config: Config;
  log: Log;
  worker: WorkerHost;
}
