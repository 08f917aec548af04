/**
 * GradLab's entry point. activate() only registers: no engine import, no worker, no file I/O.
 * mathjs, the TypeScript compiler and the training engine load on first use, the heavy ones in
 * the worker thread (dist/worker.js).
 */
import * as vscode from 'vscode';
import { Config } from './config/config';
import { createLog } from './log';
import { registerCommands } from './commands';
import { WorkerHost } from './workers/workerHost';
import { TrainingPanel } from './panels/trainingPanel';
import { GradcheckPanel } from './panels/gradcheckPanel';
import { gradcheckFeature, registerGradcheck } from './gradcheck/feature';
import { DerivativePanel, registerDerivativePanelSerializer } from './panels/derivativePanel';
import { registerDerivativeHover } from './hover/derivativeHover';
import type { GradcheckReport } from '../protocol/gradcheck';
import type { GradLabError } from '../engine/errors';
import type { ExtensionServices } from './services';

let services: ExtensionServices | undefined;

export interface GradLabApi {
  /** For tests: the services and how long activate() took. */
  services: ExtensionServices;
  activationMs: number;
  /** @internal For tests: the open training panel (handleMessage, onDidPost, state, dialogs). */
  trainingPanel(): TrainingPanel | undefined;
  /** @internal For tests: the last gradient-check report, and the one the report panel shows. */
  gradcheckReports(): { last: GradcheckReport | undefined; panel: GradcheckReport | undefined; error: GradLabError | undefined };
  /** @internal For tests: the open derivative panel (handleMessage, lastPosted, lastRendered). */
  derivativePanel(): DerivativePanel | undefined;
}

export function activate(context: vscode.ExtensionContext): GradLabApi {
  const t0 = performance.now();
  const log = createLog();
  const config = new Config();
  const worker = new WorkerHost(context.extensionPath, log, () => vscode.l10n.bundle);
  services = { context, config, log, worker };
  context.subscriptions.push(log, config, ...registerCommands(services));
  const s = services;
  context.subscriptions.push(
    // Registered now so that VS Code can restore a training panel that was open before a reload.
    vscode.window.registerWebviewPanelSerializer(TrainingPanel.viewType, {
      deserializeWebviewPanel: async (panel, state) => void TrainingPanel.revive(s, panel, state),
    }),
    { dispose: () => TrainingPanel.current?.dispose() },
    ...registerGradcheck(s),
    // The derivative panel's serializer (restores it after a reload) and the derivative hover;
    // the symbolic engine and MathJax load on first use, not here.
    registerDerivativePanelSerializer(s),
    { dispose: () => DerivativePanel.instance?.dispose() },
    registerDerivativeHover(s),
  );
  const activationMs = performance.now() - t0;
  log.trace(`activated in ${activationMs.toFixed(1)} ms`);
  return {
    services,
    activationMs,
    trainingPanel: () => TrainingPanel.current,
    gradcheckReports: () => ({ last: gradcheckFeature(s).lastReport, panel: GradcheckPanel.currentReport, error: gradcheckFeature(s).lastError }),
    derivativePanel: () => DerivativePanel.instance,
  };
}

export async function deactivate(): Promise<void> {
  await services?.worker.dispose();
  services = undefined;
}
