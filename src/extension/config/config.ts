/**
 * Every `gradlab.*` setting through one typed accessor, read fresh each time. settings.json is
 * edited by hand: a value of the wrong type falls back to the default (a unit test checks that
 * each fallback here equals its `default` in package.json).
 */
import * as vscode from 'vscode';

export const SETTING_DEFAULTS = {
  'hover.enabled': true,
  'hover.languages': ['typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'python', 'markdown', 'plaintext'],
  'syntax': 'auto',
  'simplify.timeBudgetMs': 50,
  'codeLens.enabled': true,
  'gradcheck.timeoutMs': 2000,
  'gradcheck.eps': 1e-6,
  'gradcheck.atol': 1e-5,
  'gradcheck.rtol': 1e-3,
  'training.missingValues': 'error',
  'training.defaultEpochs': 100,
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export class Config implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly watcher = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('gradlab')) this.changed.fire();
  });

  get hoverEnabled(): boolean {
    return this.read('hover.enabled', SETTING_DEFAULTS['hover.enabled']);
  }
  get hoverLanguages(): string[] {
    const v = this.read<unknown>('hover.languages', SETTING_DEFAULTS['hover.languages']);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : [...SETTING_DEFAULTS['hover.languages']];
  }
  get syntax(): 'auto' | 'mathjs' | 'javascript' | 'python' {
    const v = this.read<string>('syntax', SETTING_DEFAULTS['syntax']);
    return v === 'mathjs' || v === 'javascript' || v === 'python' ? v : 'auto';
  }
  get simplifyBudgetMs(): number {
    return clamp(this.read('simplify.timeBudgetMs', SETTING_DEFAULTS['simplify.timeBudgetMs']), 1, 5000);
  }
  get codeLensEnabled(): boolean {
    return this.read('codeLens.enabled', SETTING_DEFAULTS['codeLens.enabled']);
  }
  get gradcheckTimeoutMs(): number {
    return clamp(this.read('gradcheck.timeoutMs', SETTING_DEFAULTS['gradcheck.timeoutMs']), 100, 60_000);
  }
  get gradcheckEps(): number {
    return this.positive('gradcheck.eps');
  }
  get gradcheckAtol(): number {
    return this.positive('gradcheck.atol', true);
  }
  get gradcheckRtol(): number {
    return this.positive('gradcheck.rtol', true);
  }
  get missingValues(): 'error' | 'drop' | 'mean' {
    const v = this.read<string>('training.missingValues', SETTING_DEFAULTS['training.missingValues']);
    return v === 'drop' || v === 'mean' ? v : 'error';
  }
  /** The epochs a new training panel starts with (1–100000). */
  get defaultEpochs(): number {
    const v = this.read<number>('training.defaultEpochs', SETTING_DEFAULTS['training.defaultEpochs']);
    return Number.isInteger(v) && v >= 1 && v <= 100_000 ? v : SETTING_DEFAULTS['training.defaultEpochs'];
  }

  private positive(key: 'gradcheck.eps' | 'gradcheck.atol' | 'gradcheck.rtol', allowZero = false): number {
    const v = this.read<number>(key, SETTING_DEFAULTS[key]);
    return Number.isFinite(v) && (v > 0 || (allowZero && v === 0)) ? v : SETTING_DEFAULTS[key];
  }

  private read<T>(key: string, fallback: T): T {
    const value = vscode.workspace.getConfiguration('gradlab').get<unknown>(key);
    if (value === undefined || value === null) return fallback;
    if (Array.isArray(fallback)) return (Array.isArray(value) ? value : fallback) as T;
    return typeof value === typeof fallback ? (value as T) : fallback;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
