/** The E2E scenarios, run in this order in one workbench session. */
import type { Ui } from './ui';
import { basics } from './basics.scenario';
import { gradcheck } from './gradcheck.scenario';
import { differentiate } from './differentiate.scenario';
import { training } from './training.scenario';
import { trust } from './trust.scenario';

export const SCENARIOS: Record<string, (ui: Ui) => Promise<void>> = {
  basics,
  differentiate,
  training,
  gradcheck,
};

/** Run afterwards in a second code-server session with Workspace Trust on (Restricted Mode). */
export const RESTRICTED_SCENARIOS: Record<string, (ui: Ui) => Promise<void>> = {
  trust,
};
