import type { ExtensionServices } from '../services';

/** "GradLab: Show Log": reveal the GradLab output channel. */
export function showLog(services: ExtensionServices): void {
  services.log.show(true);
}
