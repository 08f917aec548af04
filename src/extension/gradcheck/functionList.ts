/**
 * The checkable functions of a document, from the engine's token scan run in the worker (the
 * scan needs the TypeScript scanner, which the extension host does not load). One result is
 * cached per document version, so the CodeLens and the commands share it.
 */
import * as vscode from 'vscode';
import { parseFunctionList, type ListedFunction } from '../../protocol/gradcheck';
import type { ExtensionServices } from '../services';
import { GradLabError } from '../../engine/errors';

export class FunctionLister implements vscode.Disposable {
  private readonly cache = new Map<
    string,
    { version: number; result: Promise<ListedFunction[]> }
  >();
  private readonly onClose = vscode.workspace.onDidCloseTextDocument((d) =>
    this.cache.delete(d.uri.toString()),
  );

  constructor(private readonly services: ExtensionServices) {}

  /**
   * The functions of `doc` at its current version. No cancel signal and no time limit reach the
   * worker: the scan is linear and takes milliseconds, while a cancel or a timeout that the worker
   * cannot answer at once (busy with a training step) would restart it and end every job in it.
   */
  list(doc: vscode.TextDocument): Promise<ListedFunction[]> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.result;
    const result = this.services.worker
      .run<unknown>('gradcheck/list', { source: doc.getText() })
      .then((raw) => {
        const list = parseFunctionList(raw);
        if (!list)
          throw new GradLabError('internal', 'The worker returned a malformed function list.');
        return list;
      });
    // A failed scan must not stay cached.
    result.catch(() => {
      if (this.cache.get(key)?.result === result) this.cache.delete(key);
    });
    this.cache.set(key, { version: doc.version, result });
    return result;
  }

  dispose(): void {
    this.onClose.dispose();
    this.cache.clear();
  }
}

/** The listed function whose declaration (or whose companion's) contains `offset`. */
export function functionAt(
  list: readonly ListedFunction[],
  offset: number,
): ListedFunction | undefined {
  const inside = (s: number, e: number | undefined) =>
    e !== undefined && s <= offset && offset <= e;
  return (
    list.find((f) => inside(f.start, f.end)) ??
    list.find((f) => f.companionStart !== undefined && inside(f.companionStart, f.companionEnd))
  );
}
