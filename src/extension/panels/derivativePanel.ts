/**
 * The derivative result panel: one webview (view type gradlab.derivative) reused for every
 * result, opened beside the editor. The host computes; the webview draws and posts typed
 * requests, each checked on arrival. A serializer brings the panel back after a reload, with its
 * last view but without the editor it came from (Copy works; Insert and Replace are disabled).
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import {
  DERIVATIVE_VIEW_TYPE,
  parseDerivativePanelState,
  parseDerivativePanelToHost,
  type DerivativePanelToHost,
  type DerivativeView,
  type HostToDerivativePanel,
  type PanelAction,
} from '../../protocol/derivative';
import { assertNever } from '../../protocol/is';
import type { ExtensionServices } from '../services';
import { replot } from '../differentiate/compute';
import {
  EditRefused,
  insertBelowTargets,
  replaceTargets,
  type EditContext,
} from '../differentiate/editTargets';
import { loadSymbolic } from '../differentiate/symbolicApi';

/** What the panel last rendered, as the webview reported it (for tests and the log). */
export interface RenderedReport {
  input: string;
  entries: number;
  plotted: boolean;
}

export class DerivativePanel implements vscode.Disposable {
  /** Spelled out (and typed to match the protocol's) so the manifest check finds it. */
  static readonly viewType: typeof DERIVATIVE_VIEW_TYPE = 'gradlab.derivative';
  private static current: DerivativePanel | undefined;

  /** The open panel, if any. */
  static get instance(): DerivativePanel | undefined {
    return DerivativePanel.current;
  }

  /** Show `view` in the panel, creating it beside the active editor the first time. */
  static createOrShow(
    services: ExtensionServices,
    view: DerivativeView,
    edit: EditContext | undefined,
  ): DerivativePanel {
    const existing = DerivativePanel.current;
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
      existing.show(view, edit);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      DerivativePanel.viewType,
      vscode.l10n.t('Derivative'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(services.context.extensionUri),
    );
    DerivativePanel.current = new DerivativePanel(panel, services, view, edit);
    return DerivativePanel.current;
  }

  /** The serializer's entry: a panel restored after a reload, with the state its webview saved. */
  static revive(services: ExtensionServices, panel: vscode.WebviewPanel, state: unknown): void {
    DerivativePanel.current?.dispose();
    panel.webview.options = webviewOptions(services.context.extensionUri);
    const view = parseDerivativePanelState(state)?.view;
    if (state !== undefined && !view)
      services.log.warn('Derivative panel: the saved state was malformed and is ignored');
    DerivativePanel.current = new DerivativePanel(panel, services, view, undefined);
  }

  /** The last message posted to the webview, and the last view it reported drawn. */
  lastPosted: HostToDerivativePanel | undefined;
  lastRendered: RenderedReport | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: ExtensionServices,
    private view: DerivativeView | undefined,
    private edit: EditContext | undefined,
  ) {
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage(
      (raw: unknown) => void this.handleMessage(raw),
      undefined,
      this.disposables,
    );
  }

  get currentView(): DerivativeView | undefined {
    return this.view;
  }

  /** Replace the shown result (and the editor targets it acts on). */
  show(view: DerivativeView, edit: EditContext | undefined): void {
    this.view = view;
    this.edit = edit;
    this.panel.title = titleFor(view);
    void this.post({ type: 'derivative/show', view, canEdit: edit !== undefined });
  }

  /**
   * Handle one message from the webview (exposed so tests can drive the panel's actions the way
   * its buttons do). Malformed or unknown messages are logged and dropped.
   */
  async handleMessage(raw: unknown): Promise<void> {
    const msg = parseDerivativePanelToHost(raw);
    if (!msg) {
      this.services.log.warn(`Derivative panel: dropped a malformed message ${safeJson(raw)}`);
      return;
    }
    try {
      await this.dispatch(msg);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.services.log.error(
        `Derivative panel: ${msg.type} failed: ${e instanceof EditRefused || !(e instanceof Error) ? message : (e.stack ?? message)}`,
      );
      await this.post({ type: 'status', level: 'error', message });
      if (e instanceof EditRefused) void vscode.window.showWarningMessage(message);
    }
  }

  private async dispatch(msg: DerivativePanelToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        if (this.view) this.panel.title = titleFor(this.view);
        return this.post({
          type: 'init',
          l10nBundle: vscode.l10n.bundle,
          canEdit: this.edit !== undefined,
          ...(this.view ? { view: this.view } : {}),
        });
      case 'plot/range':
        return this.replot(msg.xmin, msg.xmax);
      case 'action/run':
        return this.run(msg.action);
      case 'view/rendered':
        this.lastRendered = { input: msg.input, entries: msg.entries, plotted: msg.plotted };
        this.services.log.trace(
          `Derivative panel drew ${msg.entries} result(s) for ${msg.input}${msg.plotted ? ' with a plot' : ''}`,
        );
        return;
      default:
        return assertNever(msg);
    }
  }

  private async replot(xmin: number, xmax: number): Promise<void> {
    if (!this.view) return;
    const api = await loadSymbolic();
    const plot = replot(api, this.view.request, this.services.config.simplifyBudgetMs, xmin, xmax);
    if (!plot) return;
    this.view = { ...this.view, plot };
    await this.post({ type: 'plot/data', plot });
  }

  private async run(action: PanelAction): Promise<void> {
    const view = this.view;
    if (!view) return;
    switch (action) {
      case 'copyLatex':
        await vscode.env.clipboard.writeText(view.latex);
        return this.post({
          type: 'status',
          level: 'info',
          message: vscode.l10n.t('Copied the LaTeX to the clipboard.'),
        });
      case 'copyCode':
        await vscode.env.clipboard.writeText(view.code);
        return this.post({
          type: 'status',
          level: 'info',
          message: vscode.l10n.t('Copied the code to the clipboard.'),
        });
      case 'insertBelow':
      case 'replaceSelection': {
        if (!this.edit)
          throw new EditRefused(
            vscode.l10n.t(
              'The editor this result came from is gone. Run "GradLab: Differentiate Selection" again.',
            ),
          );
        await (action === 'insertBelow'
          ? insertBelowTargets(this.edit)
          : replaceTargets(this.edit));
        return this.post({
          type: 'status',
          level: 'info',
          message:
            action === 'insertBelow'
              ? vscode.l10n.t('Inserted below the expression.')
              : vscode.l10n.t('Replaced the expression. Undo (Ctrl+Z) restores it.'),
        });
      }
      default:
        return assertNever(action);
    }
  }

  private async post(message: HostToDerivativePanel): Promise<void> {
    this.lastPosted = message;
    // A hidden webview drops messages; it asks again with "ready" when it is shown.
    await this.panel.webview.postMessage(message);
  }

  private html(): string {
    const webview = this.panel.webview;
    const root = this.services.context.extensionUri;
    const uri = (...p: string[]) =>
      webview.asWebviewUri(vscode.Uri.joinPath(root, ...p)).toString();
    const nonce = randomBytes(16).toString('base64');
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    const lang = vscode.env.language.replace(/[^A-Za-z-]/g, '');
    return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('media', 'vendor', 'katex', 'katex.min.css')}">
<link rel="stylesheet" href="${uri('media', 'derivativePanel.css')}">
<title>${escapeHtml(vscode.l10n.t('Derivative'))}</title>
</head>
<body>
<main id="app"></main>
<script nonce="${nonce}" src="${uri('dist', 'webview', 'derivativePanel.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (DerivativePanel.current === this) DerivativePanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()!.dispose();
  }
}

function webviewOptions(
  extensionUri: vscode.Uri,
): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
  };
}

function titleFor(view: DerivativeView): string {
  switch (view.request.mode) {
    case 'gradient':
      return vscode.l10n.t('Gradient');
    case 'hessian':
      return vscode.l10n.t('Hessian');
    case 'nth':
    case 'derivative':
      return vscode.l10n.t('Derivative');
  }
}

/** Register the serializer (in activate) so VS Code can restore a panel that was open before a reload. */
export function registerDerivativePanelSerializer(services: ExtensionServices): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(DerivativePanel.viewType, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      DerivativePanel.revive(services, panel, state);
    },
  });
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!,
  );
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v).slice(0, 200);
  } catch {
    return String(v);
  }
}
