/**
 * The gradient check runs functions from the workspace, so it runs only in a trusted workspace.
 * The palette entry is hidden with `isWorkspaceTrusted`, but a command can still be executed
 * (from a keybinding, a CodeLens or another extension), so the code path checks too. Pure: the
 * trust flag and the UI are injected, so the decision is testable without a VS Code window.
 */

export interface TrustGateUi {
  isTrusted(): boolean;
  /** Shows a warning with actions; resolves to the chosen action or undefined. */
  warn(message: string, ...actions: string[]): PromiseLike<string | undefined>;
  /** Opens the Workspace Trust editor (`workbench.trust.manage`). */
  manageTrust(): PromiseLike<unknown>;
}

/** The localised texts of the refusal. */
export interface TrustGateText {
  /** Why nothing ran. */
  message: string;
  /** The action's label, "Manage Workspace Trust". */
  manage: string;
}

/**
 * True when user code may run. Otherwise explains why not, offers "Manage Workspace Trust", and
 * returns false; the caller then starts no worker. Trust granted later applies without a reload.
 */
export async function ensureTrustedForUserCode(
  ui: TrustGateUi,
  text: TrustGateText,
): Promise<boolean> {
  if (ui.isTrusted()) return true;
  const choice = await ui.warn(text.message, text.manage);
  if (choice === text.manage) await ui.manageTrust();
  return false;
}
