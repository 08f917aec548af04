/** The E2E scenarios, run in this order in one workbench session. */
import type { Ui } from './ui';
import { basics } from './basics.scenario';

export const SCENARIOS: Record<string, (ui: Ui) => Promise<void>> = {
  basics,
};
