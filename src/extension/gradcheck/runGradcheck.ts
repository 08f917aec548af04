/**
 * One gradient check from the editor: trust gate → points (@point tags, else the input box) →
 * the worker job under a cancellable progress notification → diagnostics, the report panel and
 * a status-bar message. Errors propagate to the command wrapper (logged, shown with "Show Log").
 */
import * as vscode from 'vscode';
import { GradLabError, isGradLabError } from '../../engine/errors';
import { fromWire } from '../workers/workerHost';
import {
  parseGradcheckReport,
  parsePointsInput,
  type GradcheckJob,
  type GradcheckReport,
} from '../../protocol/gradcheck';
import type { ExtensionServices } from '../services';
import { ensureTrustedForUserCode } from './trustGate';
import type { GradcheckFeature } from './feature';
import { hashText } from './insertDerived';

export interface GradcheckTarget {
  uri: vscode.Uri;
  functionName: string;
  /** Given: no @point tags, no input box. */
  points?: number[][];
}

/** Points chosen by the person: explicit, or seeded random ones (of `dimension` for a vector). */
type PointChoice = { points: number[][] } | { dimension?: number } | undefined;

/**
 * The trust gate of the gradient check (./trustGate.ts with VS Code's trust and UI): true in a
 * trusted workspace; otherwise explains, offers "Manage Workspace Trust", and returns false.
 * `functionName` names the function in the explanation when it is known.
 */
export function trustedForUserCode(functionName?: string): Promise<boolean> {
  return ensureTrustedForUserCode(
    {
      isTrusted: () => vscode.workspace.isTrusted,
      warn: (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
      manageTrust: () => vscode.commands.executeCommand('workbench.trust.manage'),
    },
    {
      message:
        functionName === undefined
          ? vscode.l10n.t(
              'GradLab did not run the gradient check: it runs functions from this workspace, and the workspace is not trusted (Restricted Mode). Trust the workspace to run it.',
            )
          : vscode.l10n.t(
              'GradLab did not check the gradient of {0}: the check runs functions from this workspace, and the workspace is not trusted (Restricted Mode). Trust the workspace to run it.',
              functionName,
            ),
      manage: vscode.l10n.t('Manage Workspace Trust'),
    },
  );
}

/** Checks `target`; undefined when the person cancelled or the workspace is not trusted. */
export async function runGradcheck(
  services: ExtensionServices,
  feature: GradcheckFeature,
  target: GradcheckTarget,
): Promise<GradcheckReport | undefined> {
  const { functionName } = target;
  const trusted = await trustedForUserCode(functionName);
  if (!trusted) return undefined;

  const doc = await vscode.workspace.openTextDocument(target.uri);
  let choice: PointChoice = target.points ? { points: target.points } : {};
  if (!target.points) {
    const listed = (await feature.lister.list(doc)).find((f) => f.name === functionName);
    if (!listed || listed.pointTags === 0) {
      choice = await askForPoints(functionName, listed?.shape ?? null);
      if (!choice) return undefined;
    }
  }

  const source = doc.getText();
  const job: GradcheckJob = {
    source,
    path: doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.path,
    readImports: doc.uri.scheme === 'file',
    functionName,
    settings: {
      eps: services.config.gradcheckEps,
      atol: services.config.gradcheckAtol,
      rtol: services.config.gradcheckRtol,
    },
    timeoutMs: services.config.gradcheckTimeoutMs,
    ...choice,
  };
  services.log.info(
    `gradcheck ${functionName} in ${vscode.workspace.asRelativePath(doc.uri)} (timeout ${job.timeoutMs} ms)`,
  );

  let report: GradcheckReport;
  try {
    report = await runInWorker(services, job, doc.uri.toString());
  } catch (e) {
    const err = isGradLabError(e)
      ? e
      : new GradLabError('internal', e instanceof Error ? e.message : String(e), undefined, {
          cause: e,
        });
    feature.lastError = err;
    if (err.code !== 'cancelled') feature.diagnostics.showError(doc, err);
    throw err;
  }
  report.sourceHash = hashText(source);
  feature.lastReport = report;
  feature.lastError = undefined;
  feature.diagnostics.showReport(doc, report);
  feature.showPanel(report);
  const failing = report.points.reduce((n, p) => n + p.mismatches.length, 0);
  const total = report.points.reduce((n, p) => n + p.rows.length, 0);
  vscode.window.setStatusBarMessage(
    report.ok
      ? vscode.l10n.t(
          '$(pass) Gradient of {0} agrees with finite differences (points checked: {1})',
          functionName,
          String(report.points.length),
        )
      : vscode.l10n.t(
          '$(warning) Gradient of {0}: {1} of {2} components disagree with finite differences',
          functionName,
          String(failing),
          String(total),
        ),
    10_000,
  );
  services.log.info(
    `gradcheck ${functionName}: ${report.ok ? 'ok' : `${failing} mismatches`} in ${report.totalMs.toFixed(0)} ms`,
  );
  return report;
}

async function runInWorker(
  services: ExtensionServices,
  job: GradcheckJob,
  uri: string,
): Promise<GradcheckReport> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Checking the gradient of {0}…', job.functionName),
      cancellable: true,
    },
    async (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        // The engine enforces timeoutMs on the user's code in its own sandbox; this backstop also
        // covers loading the compiler and parsing, and ends a worker that stopped answering.
        const raw = await services.worker.run<unknown>('gradcheck', job, {
          signal: abort.signal,
          timeoutMs: job.timeoutMs + 15_000,
        });
        const report = parseGradcheckReport({ ...(raw as object), uri });
        if (!report)
          throw new GradLabError(
            'internal',
            'The worker returned a malformed gradient-check report.',
          );
        return report;
      } catch (e) {
        if (abort.signal.aborted) throw new GradLabError('cancelled', 'Cancelled.');
        throw isGradLabError(e)
          ? e
          : fromWire({ code: 'internal', message: e instanceof Error ? e.message : String(e) });
      } finally {
        sub.dispose();
      }
    },
  );
}

/** The input box: a JSON point (or list of points), or empty for seeded random points. */
async function askForPoints(
  functionName: string,
  shape: 'vector' | 'args' | 'scalar' | null,
): Promise<PointChoice> {
  const example = shape === 'scalar' ? '[0.5]' : shape === 'args' ? '[1, 2]' : '[1, 2, 3]';
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Gradient check of {0}', functionName),
    prompt: vscode.l10n.t(
      'The point(s) to check at, as a JSON array: {0} for one point, [{0}, {0}] for several. Leave empty for seeded random points.',
      example,
    ),
    placeHolder: vscode.l10n.t('Empty: seeded random points'),
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parsePointsInput(value);
      if (parsed.kind !== 'invalid') return undefined;
      return parsed.reason === 'not-json'
        ? vscode.l10n.t('This is not valid JSON. Example: {0}', example)
        : parsed.reason === 'not-array'
          ? vscode.l10n.t('Enter a non-empty JSON array, such as {0}.', example)
          : vscode.l10n.t(
              'Every entry must be a finite number (or a list of them, one per point).',
            );
    },
  });
  if (text === undefined) return undefined;
  const parsed = parsePointsInput(text);
  if (parsed.kind === 'points') return { points: parsed.points };
  if (parsed.kind === 'invalid') return undefined;
  if (shape !== 'vector') return {};
  const dim = await vscode.window.showInputBox({
    title: vscode.l10n.t('Gradient check of {0}', functionName),
    prompt: vscode.l10n.t('How many components does the input vector of {0} have?', functionName),
    value: '3',
    ignoreFocusOut: true,
    validateInput: (value) =>
      /^\s*[1-9]\d{0,5}\s*$/.test(value)
        ? undefined
        : vscode.l10n.t('Enter a whole number from 1 to 999999.'),
  });
  return dim === undefined ? undefined : { dimension: Number(dim) };
}
