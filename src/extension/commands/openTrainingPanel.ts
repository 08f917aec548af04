import type { ExtensionServices } from '../services';
import { TrainingPanel } from '../panels/trainingPanel';

/** "GradLab: Open Training Panel": show the panel (one per window), with the last session's state. */
export function openTrainingPanel(services: ExtensionServices): void {
  TrainingPanel.createOrShow(services);
}
