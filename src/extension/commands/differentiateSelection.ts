/**
 * "GradLab: Differentiate Selection": the selection (or the expression on the cursor's line) →
 * its derivative, gradient, Hessian or Nth derivative in the result panel. With several
 * variables a QuickPick asks which. With several cursors, each selection is differentiated the
 * same way; the panel shows the primary one, and Insert/Replace edit all of them at once.
 */
import * as vscode from 'vscode';
import { GradLabError, isGradLabError } from '../../engine/errors';
import {
  DERIVATIVE_MODES,
  type DerivativeMode,
  type DerivativeView,
} from '../../protocol/derivative';
import { isInteger, isOneOf, isRecord, isString } from '../../protocol/is';
import type { ExtensionServices } from '../services';
import { computeDerivatives, computeView, makeRequest } from '../differentiate/compute';
import type { EditTarget } from '../differentiate/editTargets';
import { loadSymbolic, type Formula, type SymbolicEngine } from '../differentiate/symbolicApi';
import { syntaxFor, type SyntaxSetting } from '../differentiate/syntaxFor';
import { collectTargets } from '../differentiate/targets';
import { DerivativePanel } from '../panels/derivativePanel';

export const MAX_ORDER = 10;

/** What to compute; passed as the command's argument, or chosen in the QuickPick. */
export interface DifferentiateChoice {
  mode: DerivativeMode;
  wrt?: string;
  order?: number;
}

/** The command. Returns the view it showed (undefined when there was nothing to do or the user cancelled). */
export async function differentiateSelection(
  services: ExtensionServices,
  rawChoice?: unknown,
): Promise<DerivativeView | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Open a file and select an expression to differentiate.'),
    );
    return undefined;
  }
  const targets = collectTargets(editor);
  const primary = targets[0];
  if (!primary) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No expression found here. Select one, or put the cursor on a line that holds one, such as x^2 * sin(x).',
      ),
    );
    return undefined;
  }
  const engine = await loadSymbolic();
  const languageId = editor.document.languageId;
  const budgetMs = services.config.simplifyBudgetMs;
  const f = parseOrExplain(
    engine,
    primary.text,
    syntaxFor(services.config.syntax, languageId, primary.text),
  );
  if (f.variables.length === 0) {
    throw new GradLabError(
      'bad-argument',
      vscode.l10n.t('"{0}" has no variables to differentiate by.', primary.text),
    );
  }
  const choice = parseChoice(rawChoice, f.variables) ?? (await chooseMode(f.variables));
  if (!choice) return undefined;
  const request = makeRequest(
    primary.text,
    f.syntax,
    choice.mode,
    f.variables,
    choice.wrt,
    choice.order,
  );
  services.log.info(
    `Differentiate (${request.mode}, wrt ${request.wrt.join(',')}, order ${request.order}): ${primary.text}`,
  );
  const view = computeView(engine, request, { budgetMs });

  const editTargets: EditTarget[] = [{ ...primary, code: view.code }];
  const skipped: string[] = [];
  for (const t of targets.slice(1)) {
    try {
      const g = engine.parseExpression(t.text, {
        syntax: syntaxFor(services.config.syntax, languageId, t.text),
      });
      // Each selection is differentiated the same way, by its own variables (a missing one gives 0).
      const v = request.wrt[0]!;
      const wrt =
        request.mode === 'gradient' || request.mode === 'hessian'
          ? g.variables
          : g.variables.includes(v)
            ? [v]
            : [];
      const code =
        wrt.length === 0
          ? '0'
          : computeDerivatives(
              engine,
              {
                input: t.text,
                syntax: g.syntax,
                mode: request.mode,
                wrt: [...wrt],
                order: request.order,
              },
              budgetMs,
            ).code;
      editTargets.push({ ...t, code });
    } catch (e) {
      services.log.warn(
        `Differentiate: left out "${t.text}": ${e instanceof Error ? e.message : String(e)}`,
      );
      skipped.push(t.text);
    }
  }
  if (skipped.length) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        '{0} of the selections could not be differentiated and were left out: {1}',
        skipped.length,
        skipped.join(', '),
      ),
    );
  }
  view.targets = editTargets.length;
  DerivativePanel.createOrShow(services, view, {
    uri: editor.document.uri,
    languageId,
    viewColumn: editor.viewColumn,
    request,
    targets: editTargets,
  });
  return view;
}

function parseOrExplain(engine: SymbolicEngine, text: string, syntax: SyntaxSetting): Formula {
  try {
    return engine.parseExpression(text, { syntax });
  } catch (e) {
    if (!isGradLabError(e)) throw e;
    throw new GradLabError(
      e.code,
      vscode.l10n.t('Cannot differentiate "{0}": {1}', text, e.message),
      e.place,
      { cause: e },
    );
  }
}

/** The command's argument as a choice valid for `variables`, or undefined (then the user chooses). */
export function parseChoice(
  raw: unknown,
  variables: readonly string[],
): DifferentiateChoice | undefined {
  if (!isRecord(raw) || !isOneOf(raw['mode'], DERIVATIVE_MODES)) return undefined;
  const wrt = isString(raw['wrt']) && variables.includes(raw['wrt']) ? raw['wrt'] : variables[0]!;
  const order =
    isInteger(raw['order']) && raw['order'] >= 1 && raw['order'] <= MAX_ORDER ? raw['order'] : 2;
  switch (raw['mode']) {
    case 'gradient':
    case 'hessian':
      return { mode: raw['mode'] };
    case 'derivative':
      return { mode: 'derivative', wrt };
    case 'nth':
      return { mode: 'nth', wrt, order };
  }
}

interface ModeItem extends vscode.QuickPickItem {
  choice?: DifferentiateChoice;
  nth?: true;
}

/** One variable: its derivative. Several: a QuickPick (gradient, one partial, Hessian, Nth). */
async function chooseMode(variables: readonly string[]): Promise<DifferentiateChoice | undefined> {
  if (variables.length === 1) return { mode: 'derivative', wrt: variables[0]! };
  const title = vscode.l10n.t('Differentiate');
  const items: ModeItem[] = [
    {
      label: `$(symbol-array) ${vscode.l10n.t('Gradient')}`,
      description: '∇f',
      detail: vscode.l10n.t(
        'All partial derivatives: {0}',
        variables.map((v) => `∂f/∂${v}`).join(', '),
      ),
      choice: { mode: 'gradient' },
    },
    ...variables.map<ModeItem>((v) => ({
      label: `∂f/∂${v}`,
      description: vscode.l10n.t('Partial derivative with respect to {0}', v),
      choice: { mode: 'derivative', wrt: v },
    })),
    {
      label: `$(table) ${vscode.l10n.t('Hessian')}`,
      description: 'H_f',
      detail: vscode.l10n.t('All second partial derivatives, a {0}×{0} matrix', variables.length),
      choice: { mode: 'hessian' },
    },
    {
      label: `$(list-ordered) ${vscode.l10n.t('Nth derivative…')}`,
      detail: vscode.l10n.t('Choose the order n, then the variable'),
      nth: true,
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('What should GradLab compute?'),
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.choice) return picked.choice;
  const orderText = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Order n of the derivative (1 to {0})', MAX_ORDER),
    value: '2',
    validateInput: (text) => validateOrder(text),
  });
  if (orderText === undefined) return undefined;
  const wrt = await vscode.window.showQuickPick(
    variables.map((v) => ({ label: v, description: vscode.l10n.t('∂ⁿf/∂{0}ⁿ', v) })),
    { title, placeHolder: vscode.l10n.t('With respect to which variable?') },
  );
  if (!wrt) return undefined;
  return { mode: 'nth', wrt: wrt.label, order: Number(orderText.trim()) };
}

/** undefined when `text` is a whole number from 1 to MAX_ORDER, else why not. */
export function validateOrder(text: string): string | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return vscode.l10n.t('Enter a whole number from 1 to {0}.', MAX_ORDER);
  const n = Number(t);
  if (n < 1 || n > MAX_ORDER)
    return vscode.l10n.t('Enter a whole number from 1 to {0}.', MAX_ORDER);
  return undefined;
}
