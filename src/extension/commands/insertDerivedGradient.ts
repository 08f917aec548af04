import type { ExtensionServices } from '../services';
import { gradcheckFeature } from '../gradcheck/feature';

/**
 * `gradlab.insertDerivedGradient` (hidden; the report panel's button does the same): inserts the
 * gradient that the last check derived by autodiff below its function, as one undoable edit.
 */
export function insertDerivedGradient(services: ExtensionServices): Promise<boolean> {
  return gradcheckFeature(services).insertDerived();
}
