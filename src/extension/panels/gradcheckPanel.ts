/**
 * The gradient-check report: one editor panel beside the code (created or revealed), drawn by
 * dist/webview/gradcheckPanel.js under a strict CSP. The host keeps the report; the panel keeps
 * a copy with setState, so that it survives being hidden and, through the serializer, a reload.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { assertNever } from '../../protocol/is';
import {
  parsePanelState,
  parsePanelToHost,
  type GradcheckReport,
  type HostToPanel,
} from '../../protocol/gradcheck';
import type { ExtensionServices } from '../services';

/** What the panel asks the host to do besides drawing. */
export interface GradcheckPanelActions {
  goTo(report: GradcheckReport, which: 'gradient' | 'function'): Promise<void>;
  insertDerived(report: GradcheckReport): Promise<boolean>;
  rerun(report: GradcheckReport): Promise<void>;
  /** A button failed: log it and show it like a command's failure. */
  failed(where: string, e: unknown): void;
}

export class GradcheckPanel implements vscode.Disposable {
  static readonly viewType = 'gradlab.gradcheck';
  private static current: GradcheckPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** Shows `report` in the one report panel, creating it beside the editor if needed. */
  static createOrShow(
    services: ExtensionServices,
    actions: GradcheckPanelActions,
    report: GradcheckReport,
  ): GradcheckPanel {
    const existing = GradcheckPanel.current;
    if (existing) {
      existing.show(report);
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      GradcheckPanel.viewType,
      GradcheckPanel.title(report),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      GradcheckPanel.options(services.context.extensionUri),
    );
    GradcheckPanel.current = new GradcheckPanel(panel, services, actions, report);
    return GradcheckPanel.current;
  }

  /** Registers the serializer that brings the panel back after a window reload. */
  static registerSerializer(
    services: ExtensionServices,
    actions: GradcheckPanelActions,
  ): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(GradcheckPanel.viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        panel.webview.options = GradcheckPanel.options(services.context.extensionUri);
        GradcheckPanel.current?.dispose();
        GradcheckPanel.current = new GradcheckPanel(
          panel,
          services,
          actions,
          parsePanelState(state).report,
        );
      },
    });
  }

  /** The report on show, for tests and for "Insert derived gradient" from the palette. */
  static get currentReport(): GradcheckReport | undefined {
    return GradcheckPanel.current?.report;
  }

  private static options(
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

  private static title(report: GradcheckReport | undefined): string {
    return report
      ? vscode.l10n.t('Gradient check: {0}', report.functionName)
      : vscode.l10n.t('Gradient check');
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly services: ExtensionServices,
    private readonly actions: GradcheckPanelActions,
    private report: GradcheckReport | undefined,
  ) {
    panel.iconPath = new vscode.ThemeIcon('beaker');
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage(
      (raw: unknown) => this.receive(raw),
      undefined,
      this.disposables,
    );
  }

  show(report: GradcheckReport): void {
    this.report = report;
    this.panel.title = GradcheckPanel.title(report);
    void this.post({ type: 'gradcheck/report', report });
  }

  private async receive(raw: unknown): Promise<void> {
    const msg = parsePanelToHost(raw);
    if (!msg) {
      this.services.log.warn(
        `Dropped a malformed message from the gradient-check panel: ${JSON.stringify(raw)?.slice(0, 200)}`,
      );
      return;
    }
    const report = this.report;
    try {
      switch (msg.type) {
        case 'ready':
          await this.post({
            type: 'init',
            l10nBundle: vscode.l10n.bundle ?? {},
            ...(report ? { report } : {}),
          });
          return;
        case 'gradcheck/goToGradient':
          if (report) await this.actions.goTo(report, 'gradient');
          return;
        case 'gradcheck/goToFunction':
          if (report) await this.actions.goTo(report, 'function');
          return;
        case 'gradcheck/insertDerived':
          if (report)
            await this.post({
              type: 'gradcheck/inserted',
              ok: await this.actions.insertDerived(report),
            });
          return;
        case 'gradcheck/rerun':
          if (report) await this.actions.rerun(report);
          return;
        default:
          assertNever(msg);
      }
    } catch (e) {
      this.actions.failed(`gradcheck panel ${msg.type}`, e);
    }
  }

  private post(msg: HostToPanel): Thenable<boolean> {
    return this.panel.webview.postMessage(msg);
  }

  private html(): string {
    const webview = this.panel.webview;
    const root = this.services.context.extensionUri;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(
      vscode.Uri.joinPath(root, 'dist', 'webview', 'gradcheckPanel.js'),
    );
    const css = webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'gradcheck.css'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    // The report travels by message (and setState), never inside the HTML: it holds text from the workspace.
    return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>${escapeHtml(GradcheckPanel.title(this.report))}</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (GradcheckPanel.current === this) GradcheckPanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
