/** The E2E scenarios, run in this order in one workbench session. */
import type { Ui } from './ui';
import { basics } from './basics.scenario';
import { gradcheck } from './gradcheck.scenario';
import { differentiate } from './differentiate.scenario';
import { training } from './training.scenario';

export const SCENARIOS: Record<string, (ui: Ui) => Promise<void>> = {
  basics,
  differentiate,
  training,
  gradcheck,
};
