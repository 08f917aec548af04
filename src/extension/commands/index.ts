/**
 * The command table. Each command lives in its own file and is listed here; registerCommands
 * wraps every handler so that a failure is logged and shown with a "Show Log" action, never lost.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { isGradLabError } from '../../engine/errors';
import { showLog } from './showLog';
import { openTrainingPanel } from './openTrainingPanel';
import { trainOnCsv } from './trainOnCsv';
import { gradcheckAt } from './gradcheckAt';
import { gradcheckFunction } from './gradcheckFunction';
import { insertDerivedGradient } from './insertDerivedGradient';
import { differentiateSelection } from './differentiateSelection';

export type CommandHandler = (services: ExtensionServices, ...args: unknown[]) => unknown;

/** Command id → handler. Every id here is contributed in package.json (a test checks both ways). */
export const COMMANDS: Record<string, CommandHandler> = {
  'gradlab.showLog': showLog,
  'gradlab.openTrainingPanel': openTrainingPanel,
  'gradlab.trainOnCsv': trainOnCsv,
  'gradlab.gradcheckFunction': gradcheckFunction,
  'gradlab.gradcheckAt': gradcheckAt,
  'gradlab.insertDerivedGradient': insertDerivedGradient,
  'gradlab.differentiateSelection': differentiateSelection,
};

export function registerCommands(services: ExtensionServices, table: Record<string, CommandHandler> = COMMANDS): vscode.Disposable[] {
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(services, ...args);
      } catch (e) {
        reportError(services, id, e);
        return undefined;
      }
    }),
  );
}

/** Log `e` and show it with a "Show Log" action. Cancellation is not an error: it stays quiet. */
export function reportError(services: ExtensionServices, where: string, e: unknown): void {
  if (isGradLabError(e) && e.code === 'cancelled') {
    services.log.info(`${where}: cancelled`);
    return;
  }
  const message = e instanceof Error ? e.message : String(e);
  services.log.error(`${where}: ${e instanceof Error && !isGradLabError(e) ? (e.stack ?? message) : message}`);
  const showLogAction = vscode.l10n.t('Show Log');
  void vscode.window.showErrorMessage(vscode.l10n.t('GradLab: {0}', message), showLogAction).then((choice) => {
    if (choice === showLogAction) services.log.show(true);
  });
}
